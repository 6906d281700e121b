package dev.mlops.cli;

import static dev.mlops.cli.ParquetFilesTest.explained;
import static dev.mlops.cli.ParquetFilesTest.scored;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.mlops.registry.DataType;
import dev.mlops.registry.FieldSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ScoreWriterTest {

  @TempDir Path dir;

  private String write(TableFormat format, List<FieldSpec> outputs, List<ScoredRow> rows)
      throws IOException {
    Path target = dir.resolve("out");
    try (AtomicOutput out = AtomicOutput.create(target)) {
      try (ScoreWriter writer = ScoreWriter.open(format, out, "id", DataType.STRING, outputs)) {
        writer.write(rows);
      }
      out.commit();
    }
    return Files.readString(target);
  }

  @Test
  void csvHasAHeaderQuotesWhereNeededAndLeavesMissingScoresEmpty() throws IOException {
    assertThat(write(TableFormat.CSV, List.of(FieldSpec.scalar("stay", DataType.FLOAT32),
        FieldSpec.scalar("churn", DataType.FLOAT32)), List.of(scored("a, b", 0.25, 0.75),
        scored(null, 0.5))))
        .isEqualTo("id,stay,churn,model_version\n\"a, b\",0.25,0.75,3\n,0.5,,3\n");
  }

  @Test
  void withoutSignatureOutputsTheFirstPredictionSetsTheScoreColumns() throws IOException {
    assertThat(write(TableFormat.CSV, List.of(), List.of(scored(7L, 0.1, 0.9))))
        .isEqualTo("id,score_0,score_1,model_version\n7,0.1,0.9,3\n");
    assertThat(write(TableFormat.CSV, List.of(), List.of())).isEqualTo("id,model_version\n");
  }

  @Test
  void jsonLinesHasOneObjectPerLineWithTheIdAsItCame() throws IOException {
    assertThat(write(TableFormat.JSON_LINES, List.of(FieldSpec.scalar("p", DataType.FLOAT64)),
        List.of(scored("a", 0.25), scored(7L, 0.5), scored(null))))
        .isEqualTo("{\"id\":\"a\",\"p\":0.25,\"model_version\":3}\n"
            + "{\"id\":7,\"p\":0.5,\"model_version\":3}\n"
            + "{\"id\":null,\"p\":null,\"model_version\":3}\n");
  }

  @Test
  void explainedRowsGetContributionColumnsAfterTheVersion() throws IOException {
    List<FieldSpec> outputs = List.of(FieldSpec.scalar("stay", DataType.FLOAT32),
        FieldSpec.scalar("churn", DataType.FLOAT32));
    assertThat(write(TableFormat.CSV, outputs, List.of(explained("a", "churn"))))
        .isEqualTo("id,stay,churn,model_version,contribution_tenure,contribution_plan,"
            + "contribution_bias\na,0.25,0.75,3,0.5,-0.25,-1.0\n");
    assertThat(write(TableFormat.CSV, outputs, List.of(explained("a", "low", "high"))))
        .startsWith("id,stay,churn,model_version,contribution_low_tenure,contribution_low_plan,"
            + "contribution_low_bias,contribution_high_tenure,contribution_high_plan,"
            + "contribution_high_bias\na,0.25,0.75,3,0.5,-0.25,-1.0,0.5,-0.25,-1.0\n");
    assertThat(write(TableFormat.JSON_LINES, outputs, List.of(explained("a", "churn"))))
        .isEqualTo("{\"id\":\"a\",\"stay\":0.25,\"churn\":0.75,\"model_version\":3,"
            + "\"contribution_tenure\":0.5,\"contribution_plan\":-0.25,"
            + "\"contribution_bias\":-1.0}\n");
  }

  @ParameterizedTest
  @EnumSource(TableFormat.class)
  void aFullDiskFailsTheOutputWithAnErrorNamingItAndNotItsTemporaryFile(TableFormat format)
      throws IOException {
    Path full = Path.of("/dev/full");
    assumeTrue(Files.isWritable(full), "needs /dev/full (Linux), where every write fails");
    List<FieldSpec> outputs = List.of(FieldSpec.scalar("stay", DataType.FLOAT32),
        FieldSpec.scalar("churn", DataType.FLOAT32));
    List<ScoredRow> rows = new ArrayList<>();
    for (int i = 0; i < 20_000; i++) {
      rows.add(scored("customer-" + i, 0.25, 0.75));
    }
    Path target = dir.resolve("out");

    try (AtomicOutput out = AtomicOutput.create(target)) {
      // The temporary file becomes a link to the device: the writers write through it as into
      // a file on a full disk.
      Files.delete(out.temporary());
      Files.createSymbolicLink(out.temporary(), full);
      assertThatThrownBy(() -> {
        try (ScoreWriter writer = ScoreWriter.open(format, out, "id", DataType.STRING, outputs)) {
          writer.write(rows);
        }
      }).isInstanceOf(CliException.class)
          .hasMessageStartingWith("cannot write the output " + target + ": ")
          .hasMessageContaining("No space left on device")
          .hasMessageNotContaining(out.temporary().getFileName().toString());
    }
    assertThat(target).doesNotExist();
    assertThat(full).exists();
  }
}

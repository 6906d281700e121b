package dev.mlops.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.core.io.internal.CsvRecordReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End-to-end batch scoring with the real jar on the churn ONNX fixture (copied from mlops-djl; see
 * src/test/resources/predict/README.md), compared with the probabilities PyTorch computed.
 */
class PredictCommandIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  // One registry for the class: registering once keeps the process starts, and the time, down.
  // Each test writes its own output files.
  @TempDir
  static Path dir;

  private static MlopsProcess mlops;

  @BeforeAll
  static void registerTheFixtureModel() throws Exception {
    mlops = new MlopsProcess(dir);
    for (String name : new String[] {"churn-v1.onnx", "churn-v1.pt", "signature.json", "input.csv", "input.jsonl",
        "expected.csv", "invalid.csv"}) {
      try (InputStream in = Objects.requireNonNull(PredictCommandIT.class.getResourceAsStream("/predict/" + name), name)) {
        Files.copy(in, dir.resolve(name));
      }
    }
    MlopsProcess.Result r = mlops.run("models", "register", "churn", "--file", "churn-v1.onnx",
        "--signature", "signature.json", "--alias", "production");
    assertThat(r.exitCode()).as(r.toString()).isZero();
  }

  @Test
  void predictWritesTheIdEveryOutputAndTheVersionInInputOrder() throws Exception {
    MlopsProcess.Result r = mlops.run("predict", "models:/churn@production", "--input", "input.csv",
        "--output", "ordered.csv", "--id-column", "customer", "--batch-size", "2", "--threads", "3");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    List<String> out = Files.readAllLines(dir.resolve("ordered.csv"), StandardCharsets.UTF_8);
    List<String> expected = Files.readAllLines(dir.resolve("expected.csv"), StandardCharsets.UTF_8);
    // The signature file's three outputs are the columns of one tensor named "outputs".
    assertThat(out.get(0)).isEqualTo(
        "customer,outputs_stay,outputs_downgrade,outputs_churn,model_version");
    assertThat(out).hasSameSizeAs(expected);
    for (int i = 1; i < out.size(); i++) {
      String[] got = out.get(i).split(",");
      String[] want = expected.get(i).split(",");
      assertThat(got[0]).isEqualTo(want[0]);
      for (int c = 1; c <= 3; c++) {
        assertThat(Double.parseDouble(got[c])).isCloseTo(Double.parseDouble(want[c]), within(1e-5));
      }
      assertThat(got[4]).isEqualTo("1");
    }
    assertThat(dir.resolve("ordered.csv.rejected")).doesNotExist();
  }

  @Test
  void torchScriptModelsAreVerifiedAndScoredThroughTheLauncher() throws Exception {
    MlopsProcess.Result registered = mlops.run("models", "register", "churn-ts", "--file", "churn-v1.pt",
        "--signature", "signature.json");
    assertThat(registered.exitCode()).as(registered.toString()).isZero();

    MlopsProcess.Result verified = mlops.run("models", "verify", "models:/churn-ts/1");
    assertThat(verified.exitCode()).as(verified.toString()).isZero();
    assertThat(verified.out()).contains("Loaded models:/churn-ts/1 (torchscript)");

    MlopsProcess.Result r = mlops.run("predict", "models:/churn-ts/1", "--input", "input.csv",
        "--output", "torchscript.csv", "--id-column", "customer");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    List<String> out = Files.readAllLines(dir.resolve("torchscript.csv"), StandardCharsets.UTF_8);
    List<String> expected = Files.readAllLines(dir.resolve("expected.csv"), StandardCharsets.UTF_8);
    assertThat(out).hasSameSizeAs(expected);
    for (int i = 1; i < out.size(); i++) {
      String[] got = out.get(i).split(",");
      String[] want = expected.get(i).split(",");
      for (int c = 1; c <= 3; c++) {
        assertThat(Double.parseDouble(got[c])).isCloseTo(Double.parseDouble(want[c]), within(1e-5));
      }
    }
  }

  @Test
  void predictReadsAndWritesJsonLines() throws Exception {
    MlopsProcess.Result r = mlops.run("predict", "models:/churn/1", "--input", "input.jsonl",
        "--output", "out.jsonl", "--id-column", "customer");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    List<String> lines = Files.readAllLines(dir.resolve("out.jsonl"), StandardCharsets.UTF_8);
    assertThat(lines).hasSize(5);
    JsonNode first = JSON.readTree(lines.get(0));
    assertThat(first.get("customer").asText()).isEqualTo("c0");
    assertThat(first.get("outputs_stay").asDouble()).isCloseTo(0.2544005513191223, within(1e-5));
    assertThat(first.get("model_version").asInt()).isEqualTo(1);
  }

  @Test
  void aBadRowStopsTheRunWithItsLineAndFeatureAndWritesNoOutput() throws Exception {
    MlopsProcess.Result r = mlops.run("predict", "models:/churn/1", "--input", "invalid.csv",
        "--output", "stopped.csv");

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
    assertThat(r.err()).contains("invalid.csv, line 3").contains("'contract'").contains("weekly");
    assertThat(dir.resolve("stopped.csv")).doesNotExist();
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(".stopped.csv"));
    }
  }

  @Test
  void skipInvalidScoresTheGoodRowsAndReportsTheBadOnes() throws Exception {
    MlopsProcess.Result r = mlops.run("predict", "models:/churn/1", "--input", "invalid.csv",
        "--output", "skipped.csv", "--id-column", "customer", "--skip-invalid");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    List<String> out = Files.readAllLines(dir.resolve("skipped.csv"), StandardCharsets.UTF_8);
    assertThat(out).hasSize(3);
    assertThat(out.get(1)).startsWith("c0,");
    assertThat(out.get(2)).startsWith("c3,");
    List<String> rejected = Files.readAllLines(dir.resolve("skipped.csv.rejected"), StandardCharsets.UTF_8);
    assertThat(rejected.get(0)).isEqualTo("line,feature,error");
    assertThat(rejected.get(1)).startsWith("3,contract,");
    assertThat(rejected.get(2)).startsWith("4,has_support,").contains("maybe");
  }

  @Test
  void predictReadsAndWritesParquetThroughTheRunnableJar() throws Exception {
    MessageType schema = MessageTypeParser.parseMessageType("message in { required binary customer"
        + " (STRING); required boolean has_support; required binary contract (STRING); required"
        + " double monthly_charges; required float tenure_months; }");
    try (ParquetWriter<Group> writer = ExampleParquetWriter
        .builder(new LocalOutputFile(dir.resolve("input.parquet")))
        .withConf(new PlainParquetConfiguration()).withType(schema)
        .withCompressionCodec(CompressionCodecName.SNAPPY).build();
        CsvRecordReader csv = CsvRecordReader.open(dir.resolve("input.csv"))) {
      for (String[] f = csv.next(); f != null; f = csv.next()) {
        writer.write(new SimpleGroupFactory(schema).newGroup().append("customer", f[0])
            .append("has_support", Boolean.parseBoolean(f[1])).append("contract", f[3])
            .append("monthly_charges", Double.parseDouble(f[4]))
            .append("tenure_months", Float.parseFloat(f[5])));
      }
    }

    MlopsProcess.Result r = mlops.run("predict", "models:/churn/1", "--input", "input.parquet",
        "--output", "out.parquet", "--id-column", "customer", "--batch-size", "2");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.err()).doesNotContain("WARN");
    List<String> expected = Files.readAllLines(dir.resolve("expected.csv"), StandardCharsets.UTF_8);
    try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(dir.resolve("out.parquet")),
        ParquetReadOptions.builder(new PlainParquetConfiguration()).build())) {
      MessageType out = reader.getFooter().getFileMetaData().getSchema();
      assertThat(out.toString()).contains("optional binary customer (STRING)", "optional float outputs_stay",
          "required int32 model_version");
      PageReadStore pages = reader.readNextRowGroup();
      RecordReader<Group> rows = new ColumnIOFactory().getColumnIO(out)
          .getRecordReader(pages, new GroupRecordConverter(out));
      assertThat(pages.getRowCount()).isEqualTo(expected.size() - 1);
      for (int i = 1; i < expected.size(); i++) {
        Group row = rows.read();
        String[] want = expected.get(i).split(",");
        assertThat(row.getString("customer", 0)).isEqualTo(want[0]);
        assertThat((double) row.getFloat("outputs_churn", 0)).isCloseTo(Double.parseDouble(want[3]), within(1e-5));
        assertThat(row.getInteger("model_version", 0)).isEqualTo(1);
      }
    }
  }

  @Test
  void outputsThatAreNotRegularFilesTheInputOrOfUnknownFormatAreRefused() throws Exception {
    Path fifo = dir.resolve("fifo.csv");
    assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();

    MlopsProcess.Result toFifo = mlops.run("predict", "models:/churn/1", "--input", "input.csv",
        "--output", "fifo.csv");
    MlopsProcess.Result toInput = mlops.run("predict", "models:/churn/1", "--input", "input.csv",
        "--output", "./../" + dir.getFileName() + "/input.csv");
    MlopsProcess.Result toText = mlops.run("predict", "models:/churn/1", "--input", "input.csv",
        "--output", "out.txt");

    assertThat(toFifo.exitCode()).as(toFifo.toString()).isEqualTo(1);
    assertThat(toFifo.err()).startsWith("mlops: --output fifo.csv is a device, FIFO or socket");
    assertThat(Files.isRegularFile(fifo, LinkOption.NOFOLLOW_LINKS)).isFalse();
    assertThat(toInput.exitCode()).as(toInput.toString()).isEqualTo(1);
    assertThat(toInput.err()).contains("is the input file");
    assertThat(toText.exitCode()).as(toText.toString()).isEqualTo(1);
    assertThat(toText.err()).contains("--output out.txt: unknown file format");
    assertThat(dir.resolve("out.txt")).doesNotExist();
  }

  @Test
  void aNewOutputGetsThePermissionsTheUmaskLeaves() throws Exception {
    Path reference = dir.resolve("umask-reference");
    Files.newOutputStream(reference).close();

    MlopsProcess.Result r = mlops.run("predict", "models:/churn/1", "--input", "input.jsonl",
        "--output", "permissions.jsonl");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(Files.getPosixFilePermissions(dir.resolve("permissions.jsonl")))
        .isEqualTo(Files.getPosixFilePermissions(reference));
  }

  @Test
  void verifyLoadsTheModel() throws Exception {
    MlopsProcess.Result r = mlops.run("models", "verify", "models:/churn@production");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).contains("Loaded models:/churn/1 (onnx)");
  }

  @Test
  void aSignatureThatDoesNotMatchTheModelIsAUserErrorOnPredict() throws Exception {
    Files.writeString(dir.resolve("wrong.json"), "{\"inputs\":[{\"name\":\"tenure_months\",\"type\":"
        + "\"float\"}],\"outputs\":[{\"name\":\"a\",\"type\":\"float\"},{\"name\":\"b\",\"type\":\"float\"}]}");
    MlopsProcess.Result refused = mlops.run("models", "register", "wrong", "--file", "churn-v1.onnx",
        "--signature", "wrong.json");
    assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(1);
    assertThat(refused.err()).contains("its signature does not match churn-v1.onnx")
        .contains("'features'").doesNotContain("\tat ");
    // A TorchScript file declares no inputs to check against: the mismatch shows on predict.
    MlopsProcess.Result registered = mlops.run("models", "register", "wrong", "--file", "churn-v1.pt",
        "--signature", "wrong.json");
    assertThat(registered.exitCode()).as(registered.toString()).isZero();

    MlopsProcess.Result r = mlops.run("predict", "models:/wrong/1", "--input", "input.csv",
        "--output", "wrong.csv");

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
    assertThat(r.err()).startsWith("mlops: ").contains("wrong").doesNotContain("\tat ");
    assertThat(dir.resolve("wrong.csv")).doesNotExist();
  }

  @Test
  void aMissingInputFileIsAUserErrorNamingIt() throws IOException, InterruptedException {
    MlopsProcess.Result r = mlops.run("predict", "models:/churn/1", "--input", "absent.csv",
        "--output", "absent-out.csv");

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
    assertThat(r.err()).startsWith("mlops: file not found: absent.csv").doesNotContain("\tat ");
    assertThat(dir.resolve("absent-out.csv")).doesNotExist();
  }

  @Test
  void runningOutOfMemoryWhilePredictingIsAnMlopsMessageNotAStackTrace() throws Exception {
    // A batch far beyond the heap: the model loads, the first batch's buffer cannot be allocated.
    MlopsProcess.Result r = mlops.run(Map.of("MLOPS_JAVA_OPTS", "-Xmx48m -XX:TieredStopAtLevel=1"),
        "predict", "models:/churn/1", "--input", "input.csv", "--output", "oom.csv",
        "--batch-size", "2000000000");

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
    assertThat(r.err()).as(r.toString()).startsWith("mlops: out of memory")
        .contains("MLOPS_JAVA_OPTS").doesNotContain("\tat ");
    assertThat(dir.resolve("oom.csv")).doesNotExist();
    assertNoTemporaryFileOf("oom.csv");
  }

  @Test
  void anOutputThatCannotBeWrittenEndsAsAnMlopsMessageNamingItAndLeavesNoFile() throws Exception {
    // TorchScript: its engine's libraries are extracted once, by the first run, into DJL's cache,
    // so that the run with a file size limit writes no file but its output (ONNX Runtime would
    // extract its library anew into a temporary directory).
    MlopsProcess.Result registered = mlops.run("models", "register", "churn-limited", "--file",
        "churn-v1.pt", "--signature", "signature.json");
    assertThat(registered.exitCode()).as(registered.toString()).isZero();
    MlopsProcess.Result warm = mlops.run("predict", "models:/churn-limited/1", "--input",
        "input.csv", "--output", "limited-warm.csv");
    assertThat(warm.exitCode()).as(warm.toString()).isZero();
    List<String> lines = Files.readAllLines(dir.resolve("input.csv"), StandardCharsets.UTF_8);
    StringBuilder many = new StringBuilder(lines.get(0)).append('\n');
    for (int i = 0; i < 20_000; i++) {
      String line = lines.get(1 + i % (lines.size() - 1));
      many.append("customer-").append(i).append(line, line.indexOf(','), line.length())
          .append('\n');
    }
    Files.writeString(dir.resolve("many.csv"), many);

    // About 1.3 MB of output against a limit of 512 KiB: the writes past it fail as on a full disk.
    MlopsProcess.Result r = mlops.runWithFileSizeLimit(512, Map.of(), "predict",
        "models:/churn-limited/1", "--input", "many.csv", "--output", "limited.csv",
        "--id-column", "customer");

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
    assertThat(r.err()).as(r.toString())
        .startsWith("mlops: cannot write the output limited.csv: File too large")
        .doesNotContain("\tat ");
    assertThat(dir.resolve("limited.csv")).doesNotExist();
    assertNoTemporaryFileOf("limited.csv");
  }

  private static void assertNoTemporaryFileOf(String output) throws IOException {
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .noneMatch(n -> n.startsWith("." + output));
    }
  }
}

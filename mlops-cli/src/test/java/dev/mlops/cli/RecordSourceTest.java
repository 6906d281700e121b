package dev.mlops.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.cli.RecordSource.RawRecord;
import dev.mlops.core.io.internal.CsvFormatException;
import dev.mlops.registry.DataType;
import dev.mlops.registry.FieldSpec;
import dev.mlops.registry.ModelSignature;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The predict inputs: CSV and JSON Lines records, decoded and converted to the signature's types. */
class RecordSourceTest {
  static final ModelSignature SIGNATURE = ModelSignature.of(List.of(
      FieldSpec.scalar("tenure", DataType.FLOAT32),
      FieldSpec.scalar("calls", DataType.INT64),
      FieldSpec.categorical("contract", List.of("monthly", "yearly")),
      FieldSpec.scalar("support", DataType.BOOLEAN)), List.of());

  @TempDir Path dir;

  static List<InputRow> readAll(RecordSource source) throws IOException {
    List<InputRow> rows = new ArrayList<>();
    for (RawRecord r = source.next(); r != null; r = source.next()) {
      rows.add(source.decode(r));
    }
    return rows;
  }

  List<InputRow> read(String name, byte[] content, @Nullable String id) throws IOException {
    Path file = Files.write(dir.resolve(name), content);
    try (RecordSource source = RecordSource.open(file, new RowConverter(SIGNATURE), id)) {
      return readAll(source);
    }
  }

  List<InputRow> read(String name, String content, @Nullable String id) throws IOException {
    return read(name, content.getBytes(StandardCharsets.UTF_8), id);
  }

  @Test
  void anUnknownExtensionIsAnErrorNotASilentCsv() {
    assertThatThrownBy(() -> read("in.txt", "tenure\n1\n", null))
        .isInstanceOf(CliException.class)
        .hasMessageContaining("--input").hasMessageContaining("unknown file format")
        .hasMessageContaining(".csv, .jsonl, .parquet");
    assertThat(TableFormat.of(Path.of("OUT.PARQUET"), "--output")).isEqualTo(TableFormat.PARQUET);
  }

  @Nested
  class Csv {
    @Test
    void convertsEachRecordByHeaderNameWithItsLineAndId() throws IOException {
      List<InputRow> rows = read("in.csv", "\uFEFFid,support,contract,calls,tenure,extra\n"
          + "a, true ,monthly,3,1.5,x\n\n" + "b,0,yearly,,2,y\n", "id");

      assertThat(rows).hasSize(2);
      assertThat(rows.get(0).line()).isEqualTo(2);
      assertThat(rows.get(0).id()).isEqualTo("a");
      assertThat(rows.get(0).features()).containsEntry("tenure", 1.5).containsEntry("calls", 3L)
          .containsEntry("contract", "monthly").containsEntry("support", true);
      assertThat(rows.get(1).line()).isEqualTo(4);
      assertThat(rows.get(1).features()).doesNotContainKey("calls").containsEntry("support", false);
    }

    @Test
    void aValueThatDoesNotFitIsAnInvalidRecordNamingTheFeature() throws IOException {
      List<InputRow> rows = read("in.csv", "tenure,calls,contract,support\n"
          + "x,1,monthly,true\n1,1,weekly,true\n1,1,monthly,maybe\n1,1.5,monthly,true\n1,1\n", null);

      assertThat(rows).extracting(InputRow::feature)
          .containsExactly("tenure", "contract", "support", "calls", null);
      assertThat(rows.get(0).error()).isEqualTo("feature 'tenure': 'x' is not a number");
      assertThat(rows.get(1).error()).isEqualTo(
          "feature 'contract': 'weekly' is not one of the categories [monthly, yearly]");
      assertThat(rows.get(4).error()).isEqualTo("the record has 2 fields but the header has 4");
    }

    @Test
    void aHugeValueIsCutInTheMessage() throws IOException {
      String huge = "w".repeat(1_000_000);
      InputRow row = read("in.csv", "tenure,calls,contract,support\n1,1," + huge + ",true\n", null)
          .get(0);

      assertThat(row.error()).hasSizeLessThan(200)
          .contains("'" + "w".repeat(60) + "...' (1000000 characters)");
    }

    @Test
    void bytesThatAreNotUtf8EndTheRunWithTheFileAndLine() throws IOException {
      ByteArrayOutputStream content = new ByteArrayOutputStream();
      content.writeBytes("tenure,calls,contract,support\n1,1,monthly,true\n".getBytes(StandardCharsets.UTF_8));
      content.writeBytes(new byte[] {'1', ',', '1', ',', (byte) 0xE9, ',', '1', '\n'});

      assertThatThrownBy(() -> read("latin1.csv", content.toByteArray(), null))
          .isInstanceOf(CsvFormatException.class)
          .hasMessageContaining("latin1.csv, line 3: the file is not valid UTF-8");
    }

    @Test
    void aMissingIdColumnIsAnErrorNamingTheColumns() {
      assertThatThrownBy(() -> read("in.csv", "tenure\n1\n", "customer"))
          .hasMessageContaining("has no column 'customer'; its columns are [tenure]");
    }
  }

  @Nested
  class JsonLines {
    @Test
    void readsOneObjectPerLineSkippingBlankLinesAndAByteOrderMark() throws IOException {
      List<InputRow> rows = read("in.jsonl", "\uFEFF{\"id\": 7, \"tenure\": 1.5, \"calls\": 2,"
          + " \"contract\": \"yearly\", \"support\": true}\n\n  \r\n"
          + "{\"id\": \"b\", \"tenure\": \"2\", \"contract\": null}", "id");

      assertThat(rows).hasSize(2);
      assertThat(rows.get(0).error()).isNull();
      assertThat(rows.get(0).id()).isEqualTo("7");
      assertThat(rows.get(0).features()).containsEntry("tenure", 1.5).containsEntry("calls", 2L)
          .containsEntry("contract", "yearly").containsEntry("support", true);
      assertThat(rows.get(1).line()).isEqualTo(4);
      assertThat(rows.get(1).features()).containsOnlyKeys("tenure");
    }

    @Test
    void aKeyTwiceTextAfterTheObjectOrNoObjectIsAnInvalidRecordWithItsLine() throws IOException {
      List<InputRow> rows = read("in.jsonl", """
          {"tenure": 1, "tenure": 2}
          {"tenure": 1} {"tenure": 2}
          {"tenure": 1} trailing
          [1, 2]
          {"tenure": 1
          {"tenure": 1}
          """, null);

      assertThat(rows).extracting(InputRow::line).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
      assertThat(rows.get(0).error()).contains("not a JSON object").contains("Duplicate field 'tenure'");
      assertThat(rows.get(1).error()).contains("not a JSON object").contains("Trailing token");
      assertThat(rows.get(2).error()).contains("not a JSON object").contains("trailing");
      assertThat(rows.get(3).error()).isEqualTo("not a JSON object but a JSON array");
      assertThat(rows.get(4).error()).contains("not a JSON object");
      assertThat(rows.get(5).error()).isNull();
    }

    @Test
    void anObjectWhereACategoryIsExpectedIsSaid() throws IOException {
      InputRow row = read("in.jsonl", "{\"contract\": {\"kind\": \"monthly\"}}\n", null).get(0);

      assertThat(row.feature()).isEqualTo("contract");
      assertThat(row.error()).isEqualTo("feature 'contract': got a JSON object where one of the"
          + " categories [monthly, yearly] is expected");
    }

    @Test
    void bytesThatAreNotUtf8AreAnInvalidRecordWithItsLine() throws IOException {
      ByteArrayOutputStream content = new ByteArrayOutputStream();
      content.writeBytes("{\"tenure\": 1}\n{\"contract\": \"".getBytes(StandardCharsets.UTF_8));
      content.writeBytes(new byte[] {(byte) 0xE9, '"', '}', '\n'});
      content.writeBytes("{\"tenure\": 3}\n".getBytes(StandardCharsets.UTF_8));

      List<InputRow> rows = read("in.jsonl", content.toByteArray(), null);

      assertThat(rows).extracting(InputRow::line).containsExactly(1L, 2L, 3L);
      assertThat(rows.get(1).error()).contains("not a JSON object").contains("UTF-8");
      assertThat(rows.get(2).error()).isNull();
    }

    @Test
    void aHugeValueIsCutInTheMessage() throws IOException {
      InputRow row = read("in.jsonl", "{\"calls\": \"" + "9x".repeat(500_000) + "\"}\n", null).get(0);

      assertThat(row.error()).hasSizeLessThan(200).contains("(1000000 characters)");
    }
  }
}

package dev.mlops.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.mlops.predict.FeatureContributions;
import dev.mlops.predict.Prediction;
import dev.mlops.registry.DataType;
import dev.mlops.registry.FieldSpec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.MessageColumnIO;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Parquet in and out without a Hadoop file system: input files written by parquet-hadoop's
 * example writer with every codec it writes in pure Java or bundled natives, outputs read back
 * with its example reader.
 */
class ParquetFilesTest {
  private static final MessageType INPUT = MessageTypeParser.parseMessageType("""
      message input {
        required int64 customer;
        optional float tenure;
        optional int32 calls;
        optional binary contract (STRING);
        optional boolean support;
        optional int64 price (DECIMAL(10, 2));
        optional int64 seen (TIMESTAMP(MILLIS, true));
        repeated int32 history;
      }""");

  @TempDir Path dir;

  private Path writeInput(CompressionCodecName codec, int rows) throws IOException {
    Path file = dir.resolve("in-" + codec + ".parquet");
    SimpleGroupFactory groups = new SimpleGroupFactory(INPUT);
    try (ParquetWriter<Group> writer = ExampleParquetWriter.builder(new LocalOutputFile(file))
        .withConf(new PlainParquetConfiguration()).withType(INPUT).withCompressionCodec(codec)
        .build()) {
      for (int i = 0; i < rows; i++) {
        Group g = groups.newGroup().append("customer", 1000L + i).append("tenure", i + 0.5f)
            .append("contract", i % 2 == 0 ? "monthly" : "yearly").append("support", i % 3 == 0)
            .append("price", 1999L + i).append("seen", 1_700_000_000_000L).append("history", 1);
        if (i != 1) {
          g.append("calls", i);
        }
        writer.write(g);
      }
    }
    return file;
  }

  private static List<Group> readOutput(Path file) throws IOException {
    List<Group> rows = new ArrayList<>();
    try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(file),
        ParquetReadOptions.builder(new PlainParquetConfiguration()).build())) {
      MessageType schema = reader.getFooter().getFileMetaData().getSchema();
      MessageColumnIO io = new ColumnIOFactory().getColumnIO(schema);
      for (PageReadStore pages = reader.readNextRowGroup(); pages != null;
          pages = reader.readNextRowGroup()) {
        RecordReader<Group> records = io.getRecordReader(pages, new GroupRecordConverter(schema));
        for (long i = 0; i < pages.getRowCount(); i++) {
          rows.add(records.read());
        }
      }
    }
    return rows;
  }

  @ParameterizedTest
  @EnumSource(names = {"UNCOMPRESSED", "SNAPPY", "GZIP", "ZSTD", "LZ4_RAW"})
  void readsTheSignaturesColumnsWithEveryCodecAndKeepsTheIdsType(CompressionCodecName codec)
      throws IOException {
    Path file = writeInput(codec, 3);
    try (RecordSource source = RecordSource.open(file,
        new RowConverter(RecordSourceTest.SIGNATURE), "customer")) {
      assertThat(source.idType()).isEqualTo(DataType.INT64);
      assertThat(source.unit()).isEqualTo("row");
      List<InputRow> rows = RecordSourceTest.readAll(source);

      assertThat(rows).extracting(InputRow::line).containsExactly(1L, 2L, 3L);
      assertThat(rows).extracting(InputRow::id).containsExactly(1000L, 1001L, 1002L);
      assertThat(rows.get(0).features()).containsEntry("tenure", 0.5).containsEntry("calls", 0L)
          .containsEntry("contract", "monthly").containsEntry("support", true);
      assertThat(rows.get(1).features()).doesNotContainKey("calls")
          .containsEntry("contract", "yearly");
      assertThat(source.fractionRead()).isEqualTo(1.0);
    }
  }

  @Test
  void decimalsAreReadAsNumbersAndUnneededColumnsOfOtherTypesAreIgnored() throws IOException {
    Path file = writeInput(CompressionCodecName.SNAPPY, 1);
    var signature = dev.mlops.registry.ModelSignature.of(
        List.of(FieldSpec.scalar("price", DataType.FLOAT64)), List.of());
    try (RecordSource source = RecordSource.open(file, new RowConverter(signature), null)) {
      assertThat(RecordSourceTest.readAll(source).get(0).features().get("price"))
          .isEqualTo(19.99);
    }
  }

  @Test
  void aNeededTimestampOrRepeatedColumnIsRefusedWhenTheFileIsOpened() throws IOException {
    Path file = writeInput(CompressionCodecName.UNCOMPRESSED, 1);
    for (String column : new String[] {"seen", "history"}) {
      var signature = dev.mlops.registry.ModelSignature.of(
          List.of(FieldSpec.scalar(column, DataType.FLOAT64)), List.of());
      assertThatThrownBy(() -> RecordSource.open(file, new RowConverter(signature), null))
          .isInstanceOf(CliException.class).hasMessageContaining("column '" + column + "'");
    }
  }

  /**
   * A file whose second row group is damaged, in the first column's page header or in the middle
   * of its compressed pages: the rows of the first group are read, then the first row of the
   * second is an error naming the file and that row.
   */
  @ParameterizedTest
  @CsvSource({"page header, 0", "compressed page, 2"})
  void aFileCorruptPartwayThroughIsAnErrorNamingItAndTheFirstRowThatCannotBeRead(
      String where, int eighths) throws IOException {
    Path file = dir.resolve("damaged.parquet");
    SimpleGroupFactory groups = new SimpleGroupFactory(INPUT);
    try (ParquetWriter<Group> writer = ExampleParquetWriter.builder(new LocalOutputFile(file))
        .withConf(new PlainParquetConfiguration()).withType(INPUT)
        .withCompressionCodec(CompressionCodecName.GZIP).withRowGroupSize(8192L)
        .withDictionaryEncoding(false).build()) {
      for (int i = 0; i < 3000; i++) {
        writer.write(groups.newGroup().append("customer", 1000L + 7919L * i * i)
            .append("tenure", i + 0.5f).append("calls", i).append("contract", "monthly")
            .append("support", i % 3 == 0));
      }
    }
    long firstGroup;
    try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(file),
        ParquetReadOptions.builder(new PlainParquetConfiguration()).build())) {
      List<BlockMetaData> blocks = reader.getFooter().getBlocks();
      assertThat(blocks).as("row groups").hasSizeGreaterThan(2);
      firstGroup = blocks.get(0).getRowCount();
      ColumnChunkMetaData customer = blocks.get(1).getColumns().get(0);
      byte[] garbage = new byte[16];
      Arrays.fill(garbage, (byte) 0xFF);
      try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
        channel.write(ByteBuffer.wrap(garbage),
            customer.getStartingPos() + customer.getTotalSize() * eighths / 8);
      }
    }

    try (RecordSource source = RecordSource.open(file,
        new RowConverter(RecordSourceTest.SIGNATURE), "customer")) {
      for (long row = 1; row <= firstGroup; row++) {
        assertThat(source.next()).as("row %d, before the damage", row).isNotNull();
      }
      assertThatThrownBy(source::next).as(where)
          .isInstanceOf(CliException.class)
          .hasMessageStartingWith(file + ", row " + (firstGroup + 1)
              + ": cannot be read as Parquet: ");
    }
  }

  @Test
  void aFileThatIsNotParquetIsAnErrorNamingIt() throws IOException {
    Path file = Files.writeString(dir.resolve("fake.parquet"), "a,b\n1,2\n");
    assertThatThrownBy(() -> RecordSource.open(file, new RowConverter(RecordSourceTest.SIGNATURE), null))
        .isInstanceOf(CliException.class).hasMessageContaining("fake.parquet cannot be read as Parquet");
  }

  @Test
  void writesTheSignaturesTypesTheIdsTypeAndTheVersion() throws IOException {
    Path target = dir.resolve("out.parquet");
    List<FieldSpec> outputs = List.of(FieldSpec.scalar("stay", DataType.FLOAT32),
        FieldSpec.scalar("churn", DataType.FLOAT64));
    try (AtomicOutput out = AtomicOutput.create(target)) {
      try (ScoreWriter writer =
          ScoreWriter.open(TableFormat.PARQUET, out, "customer", DataType.INT64, outputs)) {
        writer.write(List.of(scored(7L, 0.25, 0.75), scored(null, 0.5)));
      }
      out.commit();
    }

    List<Group> rows = readOutput(target);
    MessageType schema = rows.get(0).getType() instanceof MessageType m ? m : null;
    assertThat(String.valueOf(schema)).contains("optional int64 customer", "optional float stay",
        "optional double churn", "required int32 model_version");
    assertThat(rows.get(0).getLong("customer", 0)).isEqualTo(7L);
    assertThat(rows.get(0).getFloat("stay", 0)).isEqualTo(0.25f);
    assertThat(rows.get(0).getDouble("churn", 0)).isCloseTo(0.75, within(1e-12));
    assertThat(rows.get(0).getInteger("model_version", 0)).isEqualTo(3);
    assertThat(rows.get(1).getFieldRepetitionCount("customer")).isZero();
    assertThat(rows.get(1).getFieldRepetitionCount("churn")).isZero();
  }

  @Test
  void anEmptyOutputStillHasItsSchema() throws IOException {
    Path target = dir.resolve("empty.parquet");
    try (AtomicOutput out = AtomicOutput.create(target)) {
      try (ScoreWriter writer = ScoreWriter.open(TableFormat.PARQUET, out, "id", DataType.STRING,
          List.of(FieldSpec.scalar("p", DataType.FLOAT32)))) {
        writer.write(List.of());
      }
      out.commit();
    }
    try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(target),
        ParquetReadOptions.builder(new PlainParquetConfiguration()).build())) {
      assertThat(reader.getRecordCount()).isZero();
      assertThat(reader.getFooter().getFileMetaData().getSchema().toString())
          .contains("optional binary id (STRING)", "optional float p");
    }
  }

  @Test
  void writesContributionsAsOptionalDoublesAfterTheVersion() throws IOException {
    Path target = dir.resolve("explained.parquet");
    try (AtomicOutput out = AtomicOutput.create(target)) {
      try (ScoreWriter writer = ScoreWriter.open(TableFormat.PARQUET, out, "id", DataType.STRING,
          List.of(FieldSpec.scalar("stay", DataType.FLOAT32),
              FieldSpec.scalar("churn", DataType.FLOAT32)))) {
        writer.write(List.of(explained("a", "churn")));
      }
      out.commit();
    }
    List<Group> rows = readOutput(target);
    assertThat(String.valueOf(rows.get(0).getType())).contains("required int32 model_version",
        "optional double contribution_tenure", "optional double contribution_bias");
    assertThat(rows.get(0).getDouble("contribution_tenure", 0)).isEqualTo(0.5);
    assertThat(rows.get(0).getDouble("contribution_plan", 0)).isEqualTo(-0.25);
    assertThat(rows.get(0).getDouble("contribution_bias", 0)).isEqualTo(-1.0);
  }

  /** A row scored [0.25, 0.75] with contributions for each label: tenure 0.5, plan -0.25, bias -1. */
  static ScoredRow explained(@Nullable Object id, String... labels) {
    java.util.Map<String, Double> byFeature = new java.util.LinkedHashMap<>();
    byFeature.put("tenure", 0.5);
    byFeature.put("plan", -0.25);
    List<FeatureContributions> contributions = new ArrayList<>();
    for (String label : labels) {
      contributions.add(new FeatureContributions(label, byFeature, -1.0));
    }
    return new ScoredRow(InputRow.valid(1, id, java.util.Map.of()),
        scored(id, 0.25, 0.75).prediction(), contributions);
  }

  static ScoredRow scored(@Nullable Object id, double... scores) {
    List<Double> list = new ArrayList<>();
    for (double s : scores) {
      list.add(s);
    }
    return new ScoredRow(InputRow.valid(1, id, java.util.Map.of()),
        new Prediction("p", "m", 3, list, null, Duration.ZERO));
  }
}

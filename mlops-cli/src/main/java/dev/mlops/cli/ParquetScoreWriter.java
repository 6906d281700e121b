package dev.mlops.cli;

import dev.mlops.predict.Prediction;
import dev.mlops.registry.DataType;
import dev.mlops.registry.FieldSpec;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Objects;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Types;
import org.jspecify.annotations.Nullable;

/**
 * Parquet output through parquet-hadoop's {@link LocalOutputFile} (no Hadoop file system), Snappy
 * compressed, in row groups of {@value #ROW_GROUP_BYTES} bytes so that memory stays bounded. The
 * id column keeps its type (text from CSV and JSON Lines, the column's type from Parquet), a score
 * column takes its signature output's type ({@code float} FLOAT, {@code double} DOUBLE, {@code
 * int} INT32, {@code long} INT64, {@code boolean} BOOLEAN, others DOUBLE), and {@code
 * model_version} is INT32. Every column but {@code model_version} is optional.
 */
final class ParquetScoreWriter extends ScoreWriter {
  /** The bytes buffered per row group before it is written out. */
  static final long ROW_GROUP_BYTES = 16L << 20;

  private final AtomicOutput output;
  private @Nullable ParquetWriter<Row> writer;

  ParquetScoreWriter(AtomicOutput output, @Nullable String idColumn, DataType idType,
      List<FieldSpec> outputs) {
    super(output.target(), idColumn, idType, outputs);
    this.output = output;
  }

  @Override
  void start(OutputLayout layout) throws IOException {
    writer = new Builder(new LocalOutputFile(output.temporary()), new RowWriteSupport(layout))
        .withConf(new PlainParquetConfiguration())
        .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
        .withCompressionCodec(CompressionCodecName.SNAPPY)
        .withRowGroupSize(ROW_GROUP_BYTES)
        .build();
  }

  @Override
  void write(@Nullable Object id, Prediction prediction, List<Double> contributions)
      throws IOException {
    try {
      Objects.requireNonNull(writer).write(new Row(id, prediction, contributions));
    } catch (RuntimeException e) {
      throw failure(e);
    }
  }

  @Override
  void end() throws IOException {
    try {
      if (writer != null) {
        writer.close();
      }
    } catch (RuntimeException e) {
      throw failure(e);
    }
  }

  /**
   * Parquet reports some write failures unchecked; they are I/O failures of the output (which
   * {@link ScoreWriter} names).
   */
  private static IOException failure(RuntimeException e) {
    return new IOException(e.getMessage() == null ? e.toString() : e.getMessage(), e);
  }

  /** One output row. */
  private record Row(@Nullable Object id, Prediction prediction, List<Double> contributions) {}

  /** Builds a writer over the write support, without a Hadoop configuration. */
  private static final class Builder extends ParquetWriter.Builder<Row, Builder> {
    private final RowWriteSupport support;

    Builder(LocalOutputFile file, RowWriteSupport support) {
      super(file);
      this.support = support;
    }

    @Override
    protected Builder self() {
      return this;
    }

    @Override
    @SuppressWarnings("deprecation") // abstract in parquet-hadoop; the plain configuration is used
    protected WriteSupport<Row> getWriteSupport(Configuration conf) {
      return support;
    }

    @Override
    protected WriteSupport<Row> getWriteSupport(ParquetConfiguration conf) {
      return support;
    }
  }

  /** Turns rows into Parquet records of the layout's schema. */
  private static final class RowWriteSupport extends WriteSupport<Row> {
    private final OutputLayout layout;
    private final MessageType schema;
    private @Nullable RecordConsumer consumer;

    RowWriteSupport(OutputLayout layout) {
      this.layout = layout;
      Types.MessageTypeBuilder message = Types.buildMessage();
      if (layout.idColumn() != null) {
        column(message, layout.idType()).named(layout.idColumn());
      }
      for (int i = 0; i < layout.scores().size(); i++) {
        column(message, layout.scoreTypes().get(i)).named(layout.scores().get(i));
      }
      message.required(PrimitiveTypeName.INT32).named(OutputLayout.MODEL_VERSION);
      for (String name : layout.contributions()) {
        column(message, DataType.FLOAT64).named(name);
      }
      this.schema = message.named("prediction");
    }

    private static Types.PrimitiveBuilder<Types.GroupBuilder<MessageType>> column(
        Types.MessageTypeBuilder message, DataType type) {
      return switch (type) {
        case FLOAT32 -> message.optional(PrimitiveTypeName.FLOAT);
        case INT32 -> message.optional(PrimitiveTypeName.INT32);
        case INT64 -> message.optional(PrimitiveTypeName.INT64);
        case BOOLEAN -> message.optional(PrimitiveTypeName.BOOLEAN);
        case STRING -> message.optional(PrimitiveTypeName.BINARY)
            .as(LogicalTypeAnnotation.stringType());
        case FLOAT64, CATEGORICAL -> message.optional(PrimitiveTypeName.DOUBLE);
      };
    }

    @Override
    @SuppressWarnings("deprecation") // abstract in parquet-hadoop; the plain configuration is used
    public WriteContext init(Configuration configuration) {
      return new WriteContext(schema, new HashMap<>());
    }

    @Override
    public WriteContext init(ParquetConfiguration configuration) {
      return new WriteContext(schema, new HashMap<>());
    }

    @Override
    public void prepareForWrite(RecordConsumer recordConsumer) {
      this.consumer = recordConsumer;
    }

    @Override
    public void write(Row row) {
      RecordConsumer c = Objects.requireNonNull(consumer);
      c.startMessage();
      int field = 0;
      if (layout.idColumn() != null) {
        value(c, field++, layout.idColumn(), layout.idType(), row.id());
      }
      for (int i = 0; i < layout.scores().size(); i++) {
        value(c, field++, layout.scores().get(i), layout.scoreTypes().get(i),
            ScoreWriter.value(row.prediction(), layout, i));
      }
      c.startField(OutputLayout.MODEL_VERSION, field);
      c.addInteger(row.prediction().version());
      c.endField(OutputLayout.MODEL_VERSION, field++);
      for (int i = 0; i < layout.contributions().size(); i++) {
        value(c, field++, layout.contributions().get(i), DataType.FLOAT64,
            row.contributions().get(i));
      }
      c.endMessage();
    }

    private static void value(
        RecordConsumer c, int field, String name, DataType type, @Nullable Object value) {
      if (value == null) {
        return;
      }
      c.startField(name, field);
      switch (type) {
        case FLOAT32 -> c.addFloat(((Number) value).floatValue());
        case INT32 -> c.addInteger(((Number) value).intValue());
        case INT64 -> c.addLong(((Number) value).longValue());
        case BOOLEAN -> c.addBoolean(value instanceof Boolean b ? b
            : ((Number) value).doubleValue() != 0);
        case STRING -> c.addBinary(Binary.fromString(value.toString()));
        case FLOAT64, CATEGORICAL -> c.addDouble(((Number) value).doubleValue());
      }
      c.endField(name, field);
    }
  }
}

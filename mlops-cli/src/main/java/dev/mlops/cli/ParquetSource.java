package dev.mlops.cli;

import dev.mlops.registry.DataType;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.MessageColumnIO;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.Converter;
import org.apache.parquet.io.api.GroupConverter;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.io.api.RecordMaterializer;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;
import org.jspecify.annotations.Nullable;

/**
 * Parquet input, read through parquet-hadoop's {@link LocalInputFile} (no Hadoop file system),
 * one row group at a time and only the columns the signature and the id need. Features are found
 * by column name; a null is a missing feature. Column types map to values as docs/cli.md lists:
 * booleans, integers, floats and doubles as they are, decimals and unsigned 64-bit integers as doubles,
 * strings, enums and unannotated binary as UTF-8 text; a needed column that is nested, repeated,
 * a date, time, timestamp or another type without a plain value is refused when the file is
 * opened. Rows are counted from 1.
 */
final class ParquetSource implements RecordSource {
  private final Path file;
  private final ParquetFileReader reader;
  private final RowConverter converter;
  private final MessageColumnIO columnIo;
  private final RowMaterializer materializer;
  private final int[] columns;
  private final int idIndex;
  private final DataType idType;
  private final long rows;
  private @Nullable RecordReader<Object[]> group;
  private long leftInGroup;
  private long row;

  ParquetSource(Path file, RowConverter converter, @Nullable String idColumn) throws IOException {
    this.file = file;
    this.converter = converter;
    ParquetReadOptions options = ParquetReadOptions.builder(new PlainParquetConfiguration()).build();
    this.reader = open(file, options);
    try {
      MessageType schema = reader.getFooter().getFileMetaData().getSchema();
      List<Type> selected = new ArrayList<>();
      this.columns = new int[converter.inputs().size()];
      for (int i = 0; i < columns.length; i++) {
        columns[i] = select(schema, converter.inputs().get(i).name(), selected);
      }
      if (idColumn != null && !schema.containsField(idColumn)) {
        throw new CliException(file + " has no column '" + idColumn + "'; its columns are "
            + schema.getFields().stream().map(Type::getName).toList());
      }
      this.idIndex = idColumn == null ? -1 : select(schema, idColumn, selected);
      this.idType = idIndex < 0 ? DataType.STRING : dataType(selected.get(idIndex).asPrimitiveType());
      MessageType projection = new MessageType(schema.getName(), selected);
      reader.setRequestedSchema(projection);
      this.columnIo = new ColumnIOFactory(reader.getFooter().getFileMetaData().getCreatedBy())
          .getColumnIO(projection, schema);
      this.materializer = new RowMaterializer(projection);
      this.rows = reader.getRecordCount();
    } catch (RuntimeException e) {
      reader.close();
      throw e;
    }
  }

  @Override
  public @Nullable RawRecord next() throws IOException {
    try {
      while (leftInGroup == 0) {
        PageReadStore pages = reader.readNextRowGroup();
        if (pages == null) {
          return null;
        }
        group = columnIo.getRecordReader(pages, materializer);
        leftInGroup = pages.getRowCount();
      }
      Object values = Objects.requireNonNull(group).read();
      leftInGroup--;
      row++;
      return new RawRecord(row, values);
    } catch (IOException | RuntimeException e) {
      // A damaged row group fails here, not when the file is opened: its page headers when the
      // group is read (an IOException), its pages when they are decoded (unchecked).
      throw new CliException(file + ", row " + (row + 1) + ": cannot be read as Parquet: "
          + e.getMessage(), e);
    }
  }

  @Override
  public InputRow decode(RawRecord record) {
    Object[] values = (Object[]) record.payload();
    @Nullable Object[] raw = new Object[columns.length];

    for (int i = 0; i < columns.length; i++) {
      raw[i] = columns[i] < 0 ? null : values[columns[i]];
    }
    return converter.convert(record.line(), idIndex < 0 ? null : values[idIndex], raw);
  }

  @Override
  public double fractionRead() {
    return rows == 0 ? 1 : (double) row / rows;
  }

  @Override
  public DataType idType() {
    return idType;
  }

  @Override
  public String unit() {
    return "row";
  }

  @Override
  public void close() throws IOException {
    reader.close();
  }

  private static ParquetFileReader open(Path file, ParquetReadOptions options) throws IOException {
    if (!Files.exists(file)) {
      throw new NoSuchFileException(file.toString());
    }
    try {
      return ParquetFileReader.open(new LocalInputFile(file), options);
    } catch (IOException | RuntimeException e) {
      throw new CliException(file + " cannot be read as Parquet: " + e.getMessage(), e);
    }
  }

  /** Adds a needed column to the projection; returns its index there, or -1 if the file lacks it. */
  private int select(MessageType schema, String name, List<Type> selected) {
    if (!schema.containsField(name)) {
      return -1;
    }
    Type type = schema.getType(name);
    for (int i = 0; i < selected.size(); i++) {
      if (selected.get(i).getName().equals(name)) {
        return i;
      }
    }
    if (!type.isPrimitive() || type.isRepetition(Type.Repetition.REPEATED)) {
      throw new CliException(file + ": column '" + name + "' is " + (type.isPrimitive()
          ? "repeated" : "a group") + "; mlops predict reads one plain value per column and row");
    }
    dataType(type.asPrimitiveType());
    selected.add(type);
    return selected.size() - 1;
  }

  /** The value type a column gives, or a refusal for types with no plain value. */
  private DataType dataType(PrimitiveType type) {
    LogicalTypeAnnotation logical = type.getLogicalTypeAnnotation();
    if (logical instanceof LogicalTypeAnnotation.DecimalLogicalTypeAnnotation) {
      return DataType.FLOAT64;
    }
    boolean plain = logical == null
        || logical instanceof LogicalTypeAnnotation.IntLogicalTypeAnnotation
        || logical instanceof LogicalTypeAnnotation.StringLogicalTypeAnnotation
        || logical instanceof LogicalTypeAnnotation.EnumLogicalTypeAnnotation
        || logical instanceof LogicalTypeAnnotation.JsonLogicalTypeAnnotation;
    DataType result = switch (type.getPrimitiveTypeName()) {
      case BOOLEAN -> DataType.BOOLEAN;
      case INT32 -> logical instanceof LogicalTypeAnnotation.IntLogicalTypeAnnotation i
          && !i.isSigned() ? DataType.INT64 : DataType.INT32;
      case INT64 -> logical instanceof LogicalTypeAnnotation.IntLogicalTypeAnnotation i
          && !i.isSigned() ? DataType.FLOAT64 : DataType.INT64;
      case FLOAT -> DataType.FLOAT32;
      case DOUBLE -> DataType.FLOAT64;
      case BINARY -> DataType.STRING;
      case INT96, FIXED_LEN_BYTE_ARRAY -> null;
    };
    if (!plain || result == null) {
      throw new CliException(file + ": column '" + type.getName() + "' has the Parquet type "
          + type.getPrimitiveTypeName() + (logical == null ? "" : " (" + logical + ")")
          + ", which mlops predict cannot give a model; convert it to a number, boolean or string");
    }
    return result;
  }

  /** Assembles each row of the projected columns into an array, in projection order. */
  private static final class RowMaterializer extends RecordMaterializer<Object[]> {
    private final GroupConverter root;
    private Object[] current = new Object[0];

    RowMaterializer(MessageType projection) {
      int width = projection.getFieldCount();
      Converter[] converters = new Converter[width];
      for (int i = 0; i < width; i++) {
        converters[i] = new ValueConverter(projection.getType(i).asPrimitiveType(), i);
      }
      this.root = new GroupConverter() {
        @Override
        public Converter getConverter(int fieldIndex) {
          return converters[fieldIndex];
        }

        @Override
        public void start() {
          current = new Object[width];
        }

        @Override
        public void end() {}
      };
    }

    @Override
    public Object[] getCurrentRecord() {
      return current;
    }

    @Override
    public GroupConverter getRootConverter() {
      return root;
    }

    /** Stores one column's value into the current row. */
    private final class ValueConverter extends PrimitiveConverter {
      private final int index;
      private final int decimalScale;
      private final boolean unsigned;

      ValueConverter(PrimitiveType type, int index) {
        this.index = index;
        LogicalTypeAnnotation logical = type.getLogicalTypeAnnotation();
        this.decimalScale =
            logical instanceof LogicalTypeAnnotation.DecimalLogicalTypeAnnotation d ? d.getScale() : -1;
        this.unsigned = logical instanceof LogicalTypeAnnotation.IntLogicalTypeAnnotation i
            && !i.isSigned();
      }

      @Override
      public void addBinary(Binary value) {
        current[index] = decimalScale >= 0
            ? new BigDecimal(new BigInteger(value.getBytes()), decimalScale).doubleValue()
            : value.toStringUsingUTF8();
      }

      @Override
      public void addBoolean(boolean value) {
        current[index] = value;
      }

      @Override
      public void addDouble(double value) {
        current[index] = value;
      }

      @Override
      public void addFloat(float value) {
        current[index] = (double) value;
      }

      @Override
      public void addInt(int value) {
        current[index] = decimalScale >= 0 ? BigDecimal.valueOf(value, decimalScale).doubleValue()
            : unsigned ? Integer.toUnsignedLong(value) : (Object) value;
      }

      @Override
      public void addLong(long value) {
        current[index] = decimalScale >= 0 ? BigDecimal.valueOf(value, decimalScale).doubleValue()
            : unsigned ? new BigDecimal(Long.toUnsignedString(value)).doubleValue() : (Object) value;
      }
    }
  }
}

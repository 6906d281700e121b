package dev.mlops.cli;

import dev.mlops.registry.DataType;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * The input of {@code mlops predict}, read one record at a time in constant memory. One thread
 * reads ({@link #next()}, which only splits the file into records); any thread decodes
 * ({@link #decode}, which parses and converts), so that the costly part runs on the scoring
 * threads.
 */
interface RecordSource extends Closeable {

  /**
   * Opens an input file in the format its name says.
   *
   * @param file the file
   * @param converter the signature's conversion
   * @param idColumn the id column, or null
   * @return the source, positioned before the first record
   * @throws CliException if the name has no known extension, the file is not of its format or
   *     lacks the id column
   * @throws IOException if it cannot be opened (a missing file is a
   *     {@link java.nio.file.NoSuchFileException})
   */
  static RecordSource open(Path file, RowConverter converter, @Nullable String idColumn)
      throws IOException {
    return switch (TableFormat.of(file, "--input")) {
      case CSV -> new CsvSource(file, converter, idColumn);
      case JSON_LINES -> new JsonLinesSource(file, converter, idColumn);
      case PARQUET -> new ParquetSource(file, converter, idColumn);
    };
  }

  /**
   * Reads the next record, undecoded.
   *
   * @return it, or null at the end of the file
   * @throws IOException if the file cannot be read
   * @throws dev.mlops.MlopsException if the file breaks its format where no record can be told
   *     from the next, naming the file and line
   */
  @Nullable RawRecord next() throws IOException;

  /**
   * Decodes a record read by {@link #next()}. Thread-safe.
   *
   * @param record the record
   * @return the converted record, or an invalid one saying why not
   */
  InputRow decode(RawRecord record);

  /**
   * How far reading has come, for the time left in progress reports.
   *
   * @return a fraction from 0 to 1
   */
  double fractionRead();

  /**
   * The type of the id column's values.
   *
   * @return {@link DataType#STRING}, the type of text files' values; Parquet's column type
   */
  default DataType idType() {
    return DataType.STRING;
  }

  /**
   * What a record's position counts.
   *
   * @return {@code line}, the position in text files; {@code row} for Parquet
   */
  default String unit() {
    return "line";
  }

  /**
   * One undecoded record.
   *
   * @param line the 1-based line (or row) it starts on
   * @param payload what {@link #decode} decodes: fields, bytes or values
   */
  record RawRecord(long line, Object payload) {}
}

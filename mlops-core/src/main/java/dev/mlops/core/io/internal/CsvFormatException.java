package dev.mlops.core.io.internal;

import dev.mlops.MlopsException;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * A CSV file that cannot be read as CSV: a broken quote, bytes that are not UTF-8, a header without
 * names or with a name twice, or a record a consumer refused. The message starts with where:
 * {@code FILE, line L, column C ('NAME'): problem} (the column, 1-based, and its name when known).
 *
 * @since 0.1
 */
public final class CsvFormatException extends MlopsException {
  private static final long serialVersionUID = 1L;

  private final transient Path file;
  private final long line;
  private final int column;

  /**
   * Creates the exception.
   *
   * @param file the file at fault
   * @param line the 1-based line of the record at fault, or 0 for the file as a whole
   * @param column the 1-based column (field) at fault, or 0 for the record as a whole
   * @param columnName the name of that column, or null if unknown
   * @param problem what is wrong
   */
  public CsvFormatException(
      Path file, long line, int column, @Nullable String columnName, String problem) {
    super(where(file, line, column) + (columnName == null ? "" : " ('" + columnName + "')") + ": "
        + problem);
    this.file = file;
    this.line = line;
    this.column = column;
  }

  /**
   * Where a value of a file is, as messages name it.
   *
   * @param file the file
   * @param line the 1-based line, or 0 for the file as a whole
   * @param column the 1-based column, or 0 for the record as a whole
   * @return {@code FILE}, {@code FILE, line L} or {@code FILE, line L, column C}
   */
  public static String where(Path file, long line, int column) {
    StringBuilder s = new StringBuilder().append(file);
    if (line > 0) {
      s.append(", line ").append(line);
      if (column > 0) {
        s.append(", column ").append(column);
      }
    }
    return s.toString();
  }

  /**
   * The file at fault.
   *
   * @return the path as given to the reader
   */
  public Path file() {
    return file;
  }

  /**
   * The line at fault.
   *
   * @return the 1-based line, or 0 for the file as a whole
   */
  public long line() {
    return line;
  }

  /**
   * The column at fault.
   *
   * @return the 1-based column, or 0 for the record as a whole
   */
  public int column() {
    return column;
  }
}

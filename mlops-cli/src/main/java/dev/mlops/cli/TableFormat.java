package dev.mlops.cli;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The file formats {@code mlops predict} reads and writes, chosen by the file name's extension
 * (in any case); any other name is an error, never a silent CSV.
 */
enum TableFormat {
  /** Comma-separated values with a header line. */
  CSV(".csv"),
  /** JSON Lines: one JSON object per line. */
  JSON_LINES(".jsonl"),
  /** Apache Parquet. */
  PARQUET(".parquet");

  private final String extension;

  TableFormat(String extension) {
    this.extension = extension;
  }

  /**
   * The format of a file.
   *
   * @param file the file
   * @param option the option that named it, for the message
   * @return its format
   * @throws CliException if the name ends in no known extension, naming those there are
   */
  static TableFormat of(Path file, String option) {
    String name = String.valueOf(file.getFileName()).toLowerCase(Locale.ROOT);
    for (TableFormat format : values()) {
      if (name.endsWith(format.extension)) {
        return format;
      }
    }
    throw new CliException(option + " " + file + ": unknown file format; the name must end in "
        + Arrays.stream(values()).map(f -> f.extension).collect(Collectors.joining(", ")));
  }
}

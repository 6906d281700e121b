package dev.mlops.core.io.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.csv.CsvFactory;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.CharConversionException;
import java.io.Closeable;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Reads a CSV file one record at a time, in constant memory, with Jackson's CSV parser: UTF-8 (a
 * leading byte-order mark is skipped), fields separated by commas, records by LF or CRLF, fields
 * containing commas, quotes or line breaks enclosed in double quotes with inner quotes doubled (a
 * quote inside an unquoted field is kept as it is). The first record is the header naming the
 * columns; blank lines are skipped. Not thread-safe.
 *
 * <p>Every problem is a {@link CsvFormatException} naming the file, the line the record starts on
 * and, where known, the column: a quote that is never closed, bytes that are not UTF-8, an empty
 * file, a header with a blank or repeated name.
 *
 * @since 0.1
 */
public final class CsvRecordReader implements Closeable {
  private static final CsvFactory FACTORY = CsvFactory.builder()
      .enable(CsvParser.Feature.SKIP_EMPTY_LINES)
      .disable(CsvParser.Feature.ALLOW_TRAILING_COMMA)
      .build();

  private final Path file;
  private final long size;
  private final CountingInputStream in;
  private final CsvParser parser;
  private List<String> header = List.of();
  private final Map<String, Integer> columns = new HashMap<>();
  private final List<String> fields = new ArrayList<>();
  private long line;

  private CsvRecordReader(Path file, long size, CountingInputStream in, CsvParser parser)
      throws IOException {
    this.file = file;
    this.size = size;
    this.in = in;
    this.parser = parser;
    String[] names = next();
    if (names == null) {
      throw new CsvFormatException(file, 0, 0, null, "the file is empty; a CSV file needs a header line"
          + " naming its columns");
    }
    for (int i = 0; i < names.length; i++) {
      String name = names[i].strip();
      if (name.isEmpty()) {
        throw error(i + 1, "the header gives column " + (i + 1) + " no name");
      }
      Integer before = columns.putIfAbsent(name, i);
      if (before != null) {
        throw error(i + 1, "the header names " + MessageValues.quote(name) + " twice (also column "
            + (before + 1) + ")");
      }
      names[i] = name;
    }
    this.header = List.of(names);
  }

  /**
   * Opens a file and reads its header.
   *
   * @param file the CSV file
   * @return the reader, positioned before the first data record
   * @throws IOException if the file cannot be opened or read (a missing file is a
   *     {@link java.nio.file.NoSuchFileException})
   * @throws CsvFormatException if the file is empty, is not UTF-8 or CSV, or its header has a blank
   *     or repeated name
   */
  public static CsvRecordReader open(Path file) throws IOException {
    long size = Files.size(file);
    CountingInputStream in = new CountingInputStream(Files.newInputStream(file));
    try {
      CsvParser parser = FACTORY.createParser(in);
      parser.setSchema(CsvSchema.emptySchema());
      return new CsvRecordReader(file, size, in, parser);
    } catch (IOException | RuntimeException e) {
      in.close();
      throw e;
    }
  }

  /**
   * The file read.
   *
   * @return the path as given to {@link #open(Path)}
   */
  public Path file() {
    return file;
  }

  /**
   * The column names, stripped of surrounding white space.
   *
   * @return the names in file order
   */
  public List<String> header() {
    return header;
  }

  /**
   * The index of a column.
   *
   * @param name the column name
   * @return its 0-based index, or -1 if the header does not name it
   */
  public int columnIndex(String name) {
    return columns.getOrDefault(name, -1);
  }

  /**
   * Reads the next record. Its number of fields may differ from the header's: the caller decides
   * (see {@link #error(int, String)}).
   *
   * @return the fields, or null at the end of the file
   * @throws IOException if the file cannot be read
   * @throws CsvFormatException if the record is not CSV (a quote never closed, text after a closing
   *     quote) or the file is not UTF-8, naming the line and column
   */
  public String @Nullable [] next() throws IOException {
    fields.clear();
    try {
      JsonToken token = parser.nextToken();
      if (token != JsonToken.START_ARRAY) {
        return null;
      }
      line = parser.currentLocation().getLineNr();
      for (token = parser.nextToken(); token != JsonToken.END_ARRAY && token != null;
          token = parser.nextToken()) {
        fields.add(parser.getText());
      }
    } catch (CharConversionException e) {
      throw new CsvFormatException(file, parser.currentLocation().getLineNr(), 0, null,
          "the file is not valid UTF-8 (" + String.valueOf(e.getMessage()).replaceFirst(" \\(at .*", "")
              + "); save it as UTF-8");
    } catch (JsonProcessingException e) {
      throw error(fields.size() + 1, describe(e));
    }
    return fields.toArray(new String[0]);
  }

  /**
   * The line the record last returned by {@link #next()} starts on.
   *
   * @return the 1-based line
   */
  public long line() {
    return line;
  }

  /**
   * An error about the record last returned by {@link #next()}, naming the file, its line and, when
   * given, the column and its name.
   *
   * @param column the 1-based column at fault, or 0 for the record as a whole
   * @param problem what is wrong
   * @return the exception, to throw
   */
  public CsvFormatException error(int column, String problem) {
    String name = column > 0 && column <= header.size() ? header.get(column - 1) : null;
    return new CsvFormatException(file, line, column, name, problem);
  }

  /**
   * How much of the file has been read, for progress reports.
   *
   * @return the bytes read so far (the parser reads ahead by a few kilobytes)
   */
  public long bytesRead() {
    return in.count;
  }

  /**
   * The size of the file when it was opened.
   *
   * @return its size in bytes
   */
  public long size() {
    return size;
  }

  @Override
  public void close() throws IOException {
    try {
      parser.close();
    } finally {
      in.close();
    }
  }

  private static String describe(JsonProcessingException e) {
    String message = String.valueOf(e.getOriginalMessage()).strip();
    if (message.startsWith("Missing closing quote")) {
      return "a quoted field opened in this record is never closed; the file ends inside it";
    }
    if (message.startsWith("Unexpected character")) {
      return "a quoted field must end at a comma or the end of the line, but text follows its"
          + " closing quote";
    }
    return message;
  }

  /** Counts the bytes the parser takes from the file. */
  private static final class CountingInputStream extends FilterInputStream {
    private long count;

    CountingInputStream(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        count++;
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int n = super.read(buffer, offset, length);
      if (n > 0) {
        count += n;
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      long skipped = super.skip(n);
      count += skipped;
      return skipped;
    }
  }
}

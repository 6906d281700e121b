package dev.mlops.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A CSV file read whole: a header row and data rows of strings (RFC 4180: fields separated by
 * commas, optionally in double quotes, with {@code ""} for a quote inside; a quoted field may span
 * lines). Every row must have as many fields as the header.
 *
 * @param file the file read
 * @param header the column names
 * @param rows the data rows
 * @param lines the 1-based line on which each data row starts, for error messages
 */
record CsvTable(Path file, List<String> header, List<List<String>> rows, List<Integer> lines) {

  /**
   * Reads a CSV file.
   *
   * @param file the file
   * @return the table
   * @throws CliException if the file is missing, empty, has a duplicate or blank column name,
   *     an unterminated quote, or a row whose field count differs from the header's, naming the
   *     file and line
   */
  static CsvTable read(Path file) {
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return parse(file, reader);
    } catch (NoSuchFileException e) {
      throw new CliException("File not found: " + file);
    } catch (IOException e) {
      throw new CliException("Cannot read " + file + ": " + e, e);
    }
  }

  /**
   * The index of a column.
   *
   * @param name the column name
   * @return its index
   * @throws CliException if the file has no such column, naming the columns it has
   */
  int column(String name) {
    int index = header.indexOf(name);
    if (index < 0) {
      throw new CliException(file + " has no column '" + name + "'; its columns are " + header);
    }
    return index;
  }

  private static CsvTable parse(Path file, BufferedReader reader) throws IOException {
    RecordReader records = new RecordReader(file, reader);
    List<String> header = records.next();
    if (header == null) {
      throw new CliException(file + " is empty; a CSV file needs a header row");
    }
    for (int i = 0; i < header.size(); i++) {
      String name = header.get(i).strip();
      if (name.isEmpty()) {
        throw new CliException(file + " line 1: column " + (i + 1) + " has no name");
      }
      if (header.subList(0, i).contains(name)) {
        throw new CliException(file + " line 1: column '" + name + "' appears twice");
      }
      header.set(i, name);
    }
    List<List<String>> rows = new ArrayList<>();
    List<Integer> lines = new ArrayList<>();
    while (true) {
      int line = records.line() + 1;
      List<String> row = records.next();
      if (row == null) {
        break;
      }
      if (row.size() == 1 && row.get(0).isEmpty()) {
        continue; // a blank line
      }
      if (row.size() != header.size()) {
        throw new CliException(file + " line " + line + " has " + row.size()
            + " fields but the header has " + header.size());
      }
      rows.add(row);
      lines.add(line);
    }
    return new CsvTable(file, List.copyOf(header), List.copyOf(rows), List.copyOf(lines));
  }

  /** Splits the character stream into records, counting physical lines. */
  private static final class RecordReader {
    private final Path file;
    private final BufferedReader reader;
    private int line;

    RecordReader(Path file, BufferedReader reader) {
      this.file = file;
      this.reader = reader;
    }

    int line() {
      return line;
    }

    @Nullable List<String> next() throws IOException {
      String text = reader.readLine();
      if (text == null) {
        return null;
      }
      line++;
      int start = line;
      List<String> fields = new ArrayList<>();
      StringBuilder field = new StringBuilder();
      boolean quoted = false;
      int i = 0;
      while (true) {
        if (i == text.length()) {
          if (!quoted) {
            fields.add(field.toString());
            return fields;
          }
          text = reader.readLine();
          if (text == null) {
            throw new CliException(file + " line " + start + ": a quoted field is never closed");
          }
          line++;
          field.append('\n');
          i = 0;
          continue;
        }
        char c = text.charAt(i++);
        if (quoted) {
          if (c == '"' && i < text.length() && text.charAt(i) == '"') {
            field.append('"');
            i++;
          } else if (c == '"') {
            quoted = false;
          } else {
            field.append(c);
          }
        } else if (c == '"' && field.isEmpty()) {
          quoted = true;
        } else if (c == ',') {
          fields.add(field.toString());
          field.setLength(0);
        } else {
          field.append(c);
        }
      }
    }
  }
}

package dev.mlops.core.training;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Reads records of comma-separated values as RFC 4180 defines them: fields separated by commas,
 * records by CRLF (a bare LF or CR is accepted too), fields that contain commas, quotes or line
 * breaks enclosed in double quotes, a double quote inside them written twice. Blank lines are
 * skipped. Tracks the line each record starts on, for error messages.
 */
final class CsvReader {

  private static final int NONE = -2;

  private final Reader in;
  private int pending = NONE;
  private int line = 1;
  private int recordLine;

  CsvReader(Reader in) {
    this.in = in;
  }

  /** The 1-based line the record last returned by {@link #next()} starts on. */
  int recordLine() {
    return recordLine;
  }

  /**
   * The next record's fields, or null at the end of the input.
   *
   * @throws CsvSyntaxException if the record breaks RFC 4180
   * @throws IOException if the input cannot be read
   */
  @Nullable List<String> next() throws IOException {
    int c = read();
    while (c == '\r' || c == '\n') {
      lineBreak(c);
      c = read();
    }
    if (c == -1) {
      return null;
    }
    recordLine = line;
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    while (true) {
      int column = fields.size() + 1;
      field.setLength(0);
      if (c == '"') {
        c = quoted(field, column);
        if (c != ',' && c != '\r' && c != '\n' && c != -1) {
          throw new CsvSyntaxException(line, column, "the closing quote is followed by '"
              + (char) c + "'; a quoted field must end at a comma or the end of the line");
        }
      } else {
        while (c != ',' && c != '\r' && c != '\n' && c != -1) {
          if (c == '"') {
            throw new CsvSyntaxException(line, column, "a double quote inside an unquoted field;"
                + " enclose the field in double quotes and write the quote twice");
          }
          field.append((char) c);
          c = read();
        }
      }
      fields.add(field.toString());
      if (c == ',') {
        c = read();
      } else {
        if (c != -1) {
          lineBreak(c);
        }
        return fields;
      }
    }
  }

  /** Reads a quoted field after its opening quote; returns the character after the closing one. */
  private int quoted(StringBuilder field, int column) throws IOException {
    int openedOn = line;
    while (true) {
      int c = read();
      if (c == -1) {
        throw new CsvSyntaxException(openedOn, column,
            "the quoted field opened here is never closed; the file ends inside it");
      }
      if (c == '"') {
        int after = read();
        if (after != '"') {
          return after;
        }
        field.append('"');
      } else {
        if (c == '\n' || (c == '\r' && peek() != '\n')) {
          line++;
        }
        field.append((char) c);
      }
    }
  }

  /** Consumes the rest of a line break that starts with c: CRLF counts as one break. */
  private void lineBreak(int c) throws IOException {
    line++;
    if (c == '\r' && peek() == '\n') {
      read();
    }
  }

  private int peek() throws IOException {
    if (pending == NONE) {
      pending = in.read();
    }
    return pending;
  }

  private int read() throws IOException {
    if (pending != NONE) {
      int c = pending;
      pending = NONE;
      return c;
    }
    return in.read();
  }

  /** A record that breaks RFC 4180, with the line and 1-based column (field) where it does. */
  static final class CsvSyntaxException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int line;
    final int column;

    CsvSyntaxException(int line, int column, String message) {
      super(message);
      this.line = line;
      this.column = column;
    }
  }
}

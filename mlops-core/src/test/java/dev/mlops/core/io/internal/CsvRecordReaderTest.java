package dev.mlops.core.io.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvRecordReaderTest {

  @TempDir Path tmp;

  private Path file(byte[] content) throws IOException {
    Path file = tmp.resolve("data.csv");
    Files.write(file, content);
    return file;
  }

  private Path file(String content) throws IOException {
    return file(content.getBytes(StandardCharsets.UTF_8));
  }

  /** Reads every record as "LINE: fields". */
  private static List<String> records(CsvRecordReader csv) throws IOException {
    List<String> records = new ArrayList<>();
    for (String[] r = csv.next(); r != null; r = csv.next()) {
      records.add(csv.line() + ": " + List.of(r));
    }
    return records;
  }

  @Test
  void readsQuotedFieldsAndNamesTheLineEachRecordStartsOnPastBlankLinesAndLineBreaks()
      throws IOException {
    try (CsvRecordReader csv = CsvRecordReader.open(file(
        "a, b ,c\r\n1,\"x, \"\"y\"\"\",3\r\n\r\n4,\"two\nlines\",6\n7,8\n"))) {
      assertThat(csv.header()).containsExactly("a", "b", "c");
      assertThat(csv.columnIndex("b")).isEqualTo(1);
      assertThat(csv.columnIndex("z")).isEqualTo(-1);
      assertThat(records(csv)).containsExactly(
          "2: [1, x, \"y\", 3]", "4: [4, two\nlines, 6]", "6: [7, 8]");
    }
  }

  @Test
  void skipsAUtf8ByteOrderMark() throws IOException {
    try (CsvRecordReader csv = CsvRecordReader.open(file("\uFEFFid,x\n1,2\n"))) {
      assertThat(csv.header()).containsExactly("id", "x");
      assertThat(csv.columnIndex("id")).isZero();
    }
  }

  @Test
  void bytesThatAreNotUtf8AreReportedWithTheFileAndLine() throws IOException {
    Path latin1 = file(new byte[] {'a', ',', 'b', '\n', '1', ',', '2', '\n', 'x', ',', (byte) 0xE9, '\n'});
    try (CsvRecordReader csv = CsvRecordReader.open(latin1)) {
      assertThat(csv.next()).containsExactly("1", "2");
      assertThatThrownBy(csv::next).isInstanceOf(CsvFormatException.class)
          .hasMessageStartingWith(latin1 + ", line 3: the file is not valid UTF-8")
          .hasMessageContaining("save it as UTF-8");
    }
  }

  @Test
  void aQuoteNeverClosedIsReportedOnTheLineItsRecordStartsWithTheColumn() throws IOException {
    try (CsvRecordReader csv = CsvRecordReader.open(file("a,b,c\n1,2,3\n4,5,\"open\n7,8,9\n"))) {
      csv.next();
      assertThatThrownBy(csv::next).isInstanceOf(CsvFormatException.class)
          .hasMessageContaining("data.csv, line 3, column 3 ('c'): a quoted field opened in this"
              + " record is never closed")
          .satisfies(e -> {
            CsvFormatException f = (CsvFormatException) e;
            assertThat(f.line()).isEqualTo(3);
            assertThat(f.column()).isEqualTo(3);
          });
    }
  }

  @Test
  void textAfterAClosingQuoteIsAnError() throws IOException {
    try (CsvRecordReader csv = CsvRecordReader.open(file("a,b\n\"x\"y,2\n"))) {
      assertThatThrownBy(csv::next)
          .hasMessageContaining("line 2, column 1 ('a'): a quoted field must end at a comma");
    }
  }

  @Test
  void anEmptyFileOrABadHeaderIsAnError() throws IOException {
    assertThatThrownBy(() -> CsvRecordReader.open(file("")))
        .isInstanceOf(CsvFormatException.class).hasMessageContaining("the file is empty");
    assertThatThrownBy(() -> CsvRecordReader.open(file("a,b,a\n")))
        .hasMessageContaining("line 1, column 3: the header names 'a' twice (also column 1)");
    assertThatThrownBy(() -> CsvRecordReader.open(file("a,,b\n")))
        .hasMessageContaining("line 1, column 2: the header gives column 2 no name");
    assertThatThrownBy(() -> CsvRecordReader.open(tmp.resolve("none.csv")))
        .isInstanceOf(NoSuchFileException.class);
  }

  @Test
  void errorsAboutARecordNameItsLineAndColumn() throws IOException {
    try (CsvRecordReader csv = CsvRecordReader.open(file("a,b\n1,2\n3,4\n"))) {
      csv.next();
      csv.next();
      assertThat(csv.error(2, "bad").getMessage()).endsWith("data.csv, line 3, column 2 ('b'): bad");
      assertThat(csv.error(0, "bad").getMessage()).endsWith("data.csv, line 3: bad");
    }
  }

  @Test
  void countsTheBytesItHasRead() throws IOException {
    try (CsvRecordReader csv = CsvRecordReader.open(file("a\n" + "1\n".repeat(100_000)))) {
      assertThat(csv.size()).isEqualTo(200_002);
      assertThat(csv.bytesRead()).isLessThan(csv.size());
      records(csv);
      assertThat(csv.bytesRead()).isEqualTo(csv.size());
    }
  }

  @Test
  void whatTheWriterWritesReadsBackTheSame() throws IOException {
    List<List<String>> rows = List.of(List.of("h1", "h2", "h3"),
        List.of("x, y", "q\"q", "two\nlines"), List.of("", " lead", "trail "), List.of("1", "", ""));
    StringWriter text = new StringWriter();
    try (CsvRecordWriter writer = new CsvRecordWriter(text)) {
      for (List<String> row : rows) {
        writer.write(row);
      }
    }
    try (CsvRecordReader csv = CsvRecordReader.open(file(text.toString()))) {
      List<List<String>> read = new ArrayList<>();
      read.add(csv.header());
      for (String[] r = csv.next(); r != null; r = csv.next()) {
        read.add(List.of(r));
      }
      assertThat(read.subList(1, read.size())).isEqualTo(rows.subList(1, rows.size()));
    }
    assertThat(text.toString()).startsWith("h1,h2,h3\n\"x, y\",\"q\"\"q\",\"two\nlines\"\n");
  }
}

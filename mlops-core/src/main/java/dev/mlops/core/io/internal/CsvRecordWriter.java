package dev.mlops.core.io.internal;

import com.fasterxml.jackson.dataformat.csv.CsvFactory;
import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.Closeable;
import java.io.Flushable;
import java.io.IOException;
import java.io.Writer;
import java.util.List;

/**
 * Writes CSV records with Jackson's CSV generator, in the form {@link CsvRecordReader} reads: fields
 * separated by commas, records ended by LF, a field enclosed in double quotes (inner quotes doubled)
 * when it holds a comma, a quote, a line break or leading or trailing white space. Not
 * thread-safe.
 *
 * @since 0.1
 */
public final class CsvRecordWriter implements Closeable, Flushable {
  private static final CsvFactory FACTORY = new CsvFactory();

  private final CsvGenerator generator;

  /**
   * Starts writing to a character stream, which {@link #close()} closes.
   *
   * @param out where to write
   * @throws IOException if the generator cannot be created
   */
  public CsvRecordWriter(Writer out) throws IOException {
    this.generator = FACTORY.createGenerator(out);
    generator.setSchema(CsvSchema.emptySchema());
  }

  /**
   * Writes one record.
   *
   * @param fields the fields, in column order; empty strings for missing values
   * @throws IOException if the stream cannot be written
   */
  public void write(List<String> fields) throws IOException {
    generator.writeStartArray();
    for (String field : fields) {
      generator.writeString(field);
    }
    generator.writeEndArray();
  }

  @Override
  public void flush() throws IOException {
    generator.flush();
  }

  @Override
  public void close() throws IOException {
    generator.close();
  }
}

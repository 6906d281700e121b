package dev.mlops.cli;

import dev.mlops.core.io.internal.CsvRecordReader;
import java.io.IOException;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * CSV input: features found by header name, in any column order; an empty cell (after white space
 * is stripped) is a missing feature; a record whose field count differs from the header's is an
 * invalid record. A record that breaks CSV itself (a quote never closed, bytes that are not UTF-8)
 * ends the run, as the records after it cannot be told apart.
 */
final class CsvSource implements RecordSource {
  private final CsvRecordReader csv;
  private final RowConverter converter;
  private final int[] columns;
  private final int idIndex;

  CsvSource(Path file, RowConverter converter, @Nullable String idColumn) throws IOException {
    this.csv = CsvRecordReader.open(file);
    this.converter = converter;
    this.columns = converter.inputs().stream().mapToInt(f -> csv.columnIndex(f.name())).toArray();
    this.idIndex = idColumn == null ? -1 : csv.columnIndex(idColumn);
    if (idColumn != null && idIndex < 0) {
      csv.close();
      throw new CliException(file + " has no column '" + idColumn + "'; its columns are "
          + csv.header());
    }
  }

  @Override
  public @Nullable RawRecord next() throws IOException {
    String[] fields = csv.next();
    return fields == null ? null : new RawRecord(csv.line(), fields);
  }

  @Override
  public InputRow decode(RawRecord record) {
    String[] fields = (String[]) record.payload();
    String id = idIndex < 0 || idIndex >= fields.length ? null : fields[idIndex];
    if (fields.length != csv.header().size()) {
      return InputRow.invalid(record.line(), id, null, "the record has " + fields.length
          + " fields but the header has " + csv.header().size());
    }
    @Nullable Object[] raw = new Object[columns.length];

    for (int i = 0; i < columns.length; i++) {
      if (columns[i] >= 0) {
        String cell = fields[columns[i]].strip();
        raw[i] = cell.isEmpty() ? null : cell;
      }
    }
    return converter.convert(record.line(), id, raw);
  }

  @Override
  public double fractionRead() {
    return csv.size() == 0 ? 1 : Math.min(1, (double) csv.bytesRead() / csv.size());
  }

  @Override
  public void close() throws IOException {
    csv.close();
  }
}

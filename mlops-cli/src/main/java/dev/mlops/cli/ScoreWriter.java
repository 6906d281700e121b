package dev.mlops.cli;

import dev.mlops.predict.Explanation;
import dev.mlops.predict.Prediction;
import dev.mlops.registry.DataType;
import dev.mlops.registry.FieldSpec;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Writes the scored rows of {@code mlops predict} in the output's format. The columns are settled
 * by the first row (the width of its prediction, for a signature without outputs); {@link
 * #close()} completes the file, with its header or schema even when no row was written. Not
 * thread-safe: one thread writes, in input order. A file that cannot be written (a full disk, a
 * file size limit) fails with a {@link CliException} naming the output (where {@code --output}
 * is a link, the file it leads to, which is the file written).
 */
abstract class ScoreWriter implements Closeable {
  private final Path target;
  private final @Nullable String idColumn;
  private final DataType idType;
  private final List<FieldSpec> outputs;
  private @Nullable OutputLayout layout;

  /**
   * Creates the writer.
   *
   * @param target the output file, for messages (a link given as the output, resolved to the file
   *     it leads to)
   * @param idColumn the id column, or null
   * @param idType the type of the id values
   * @param outputs the signature's outputs
   */
  ScoreWriter(Path target, @Nullable String idColumn, DataType idType, List<FieldSpec> outputs) {
    this.target = target;
    this.idColumn = idColumn;
    this.idType = idType;
    this.outputs = outputs;
  }

  /**
   * Opens the writer of a format.
   *
   * @param format the output's format
   * @param output the file to write, committed by the caller after {@link #close()}
   * @param idColumn the id column, or null
   * @param idType the type of the id values
   * @param outputs the signature's outputs
   * @return the writer
   * @throws IOException if the file cannot be opened
   */
  static ScoreWriter open(TableFormat format, AtomicOutput output, @Nullable String idColumn,
      DataType idType, List<FieldSpec> outputs) throws IOException {
    return switch (format) {
      case CSV -> new CsvScoreWriter(output, idColumn, idType, outputs);
      case JSON_LINES -> new JsonLinesScoreWriter(output, idColumn, idType, outputs);
      case PARQUET -> new ParquetScoreWriter(output, idColumn, idType, outputs);
    };
  }

  /**
   * Writes rows, in order.
   *
   * @param rows scored rows, each with a prediction
   * @throws CliException if the file cannot be written, naming it
   */
  final void write(List<ScoredRow> rows) {
    try {
      for (ScoredRow row : rows) {
        Prediction prediction = Objects.requireNonNull(row.prediction(), "prediction");
        Map<String, Double> contributions = row.contributions().isEmpty() ? Map.of()
            : new Explanation(prediction, row.contributions()).fields();
        if (layout == null) {
          layout = OutputLayout.of(idColumn, idType, outputs, prediction.scores().size(),
              contributions);
          start(layout);
        }
        write(row.row().id(), prediction, List.copyOf(contributions.values()));
      }
    } catch (IOException e) {
      throw failure(e);
    }
  }

  /**
   * Completes the file: writes the header or schema if no row came, and closes it.
   *
   * @throws CliException if the file cannot be written, naming it
   */
  @Override
  public final void close() {
    try {
      if (layout == null) {
        layout = OutputLayout.of(idColumn, idType, outputs, 0, Map.of());
        start(layout);
      }
      end();
    } catch (IOException e) {
      throw failure(e);
    }
  }

  /** A write failure, named by the output the user gave rather than its temporary file. */
  private CliException failure(IOException e) {
    String reason = e instanceof FileSystemException fs && fs.getReason() != null
        ? fs.getReason() : e.getMessage();
    return new CliException("cannot write the output " + target + ": "
        + (reason == null ? e.toString() : reason), e);
  }

  /**
   * Starts the file once its columns are known.
   *
   * @param layout the columns
   * @throws IOException if the file cannot be written
   */
  abstract void start(OutputLayout layout) throws IOException;

  /**
   * Writes one row.
   *
   * @param id the id value, or null
   * @param prediction the prediction
   * @param contributions its contributions, in the layout's order (empty without --explain)
   * @throws IOException if the file cannot be written
   */
  abstract void write(@Nullable Object id, Prediction prediction, List<Double> contributions)
      throws IOException;

  /**
   * Flushes and closes the file.
   *
   * @throws IOException if the file cannot be written
   */
  abstract void end() throws IOException;

  /**
   * A prediction's value for an output column: its named output ({@link
   * dev.mlops.predict.PredictionFields}), or, for a prediction without named outputs, its score
   * at the column's index.
   *
   * @param prediction the prediction
   * @param layout the columns
   * @param index the output column
   * @return the value (a Double score, a label as the model returns it), or null when absent
   */
  static @Nullable Object value(Prediction prediction, OutputLayout layout, int index) {
    if (!prediction.outputs().isEmpty()) {
      return prediction.outputs().get(layout.scores().get(index));
    }
    return index < prediction.scores().size() ? prediction.scores().get(index) : null;
  }
}

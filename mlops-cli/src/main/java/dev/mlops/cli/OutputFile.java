package dev.mlops.cli;

import dev.mlops.predict.FeatureContributions;
import dev.mlops.predict.Prediction;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The output of {@code mlops predict}: the id column (when given), one column per signature output,
 * and {@code model_version}, as CSV with a header or as JSON Lines ({@code .jsonl}).
 */
final class OutputFile {
  /** The column that names the version that computed each row. */
  static final String MODEL_VERSION = "model_version";

  private final boolean jsonLines;
  private final @Nullable String idColumn;
  private final List<String> outputs;

  OutputFile(Path file, @Nullable String idColumn, List<String> outputs) {
    this.jsonLines = InputRows.isJsonLines(file);
    this.idColumn = idColumn;
    this.outputs = outputs;
  }

  void write(Writer w, List<ScoredRow> rows) throws IOException {
    if (!jsonLines) {
      List<String> header = new ArrayList<>();
      if (idColumn != null) {
        header.add(idColumn);
      }
      header.addAll(columns(rows));
      header.add(MODEL_VERSION);
      if (!rows.isEmpty()) {
        header.addAll(contributionColumns(rows.get(0).contributions()).keySet());
      }
      csvLine(w, header);
    }
    for (ScoredRow row : rows) {
      Prediction p = Objects.requireNonNull(row.prediction());
      Map<String, Object> record = new LinkedHashMap<>();
      if (idColumn != null) {
        record.put(idColumn, row.row().id());
      }
      List<String> names = columns(rows);
      for (int i = 0; i < names.size(); i++) {
        record.put(names.get(i), i < p.scores().size() ? p.scores().get(i) : null);
      }
      record.put(MODEL_VERSION, p.version());
      record.putAll(contributionColumns(row.contributions()));
      if (jsonLines) {
        w.write(Json.write(record));
        w.write('\n');
      } else {
        csvLine(w, record.values().stream().map(String::valueOf).toList());
      }
    }
  }

  /**
   * The contribution columns of one row: {@code contribution_<feature>} and {@code
   * contribution_bias} for a model with one explained output, {@code contribution_<class>_<feature>}
   * and {@code contribution_<class>_bias} per class for a multi-class model; none without
   * {@code --explain}.
   */
  private static Map<String, Object> contributionColumns(List<FeatureContributions> outputs) {
    Map<String, Object> columns = new LinkedHashMap<>();
    for (FeatureContributions c : outputs) {
      String prefix = "contribution_" + (outputs.size() == 1 ? "" : c.label() + "_");
      c.contributions().forEach((feature, value) -> columns.put(prefix + feature, value));
      columns.put(prefix + "bias", c.bias());
    }
    return columns;
  }

  /** Writes rejected rows as CSV: line, feature, error. */
  static void writeRejected(Writer w, List<InputRow> rows) throws IOException {
    csvLine(w, List.of("line", "feature", "error"));
    for (InputRow row : rows) {
      csvLine(w, List.of(String.valueOf(row.line()), row.feature() == null ? "" : row.feature(),
          String.valueOf(row.error())));
    }
  }

  /** The signature's output names, else score_0, score_1, ... as wide as the first prediction. */
  private List<String> columns(List<ScoredRow> rows) {
    if (!outputs.isEmpty() || rows.isEmpty()) {
      return outputs;
    }
    int width = Objects.requireNonNull(rows.get(0).prediction()).scores().size();
    List<String> names = new ArrayList<>();
    for (int i = 0; i < width; i++) {
      names.add("score_" + i);
    }
    return names;
  }

  private static void csvLine(Writer w, List<String> fields) throws IOException {
    for (int i = 0; i < fields.size(); i++) {
      if (i > 0) {
        w.write(',');
      }
      String f = fields.get(i);
      if (f.contains(",") || f.contains("\"") || f.contains("\n") || f.contains("\r")) {
        w.write('"' + f.replace("\"", "\"\"") + '"');
      } else {
        w.write(f);
      }
    }
    w.write('\n');
  }
}

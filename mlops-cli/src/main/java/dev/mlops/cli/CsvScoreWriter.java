package dev.mlops.cli;

import dev.mlops.core.io.internal.CsvRecordWriter;
import dev.mlops.predict.Prediction;
import dev.mlops.registry.DataType;
import dev.mlops.registry.FieldSpec;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** CSV output with a header line; a missing value is an empty field. */
final class CsvScoreWriter extends ScoreWriter {
  private final CsvRecordWriter csv;
  private final List<String> fields = new ArrayList<>();
  private OutputLayout layout = OutputLayout.of(null, DataType.STRING, List.of(), 0, Map.of());
  private int scores;
  private boolean withId;

  CsvScoreWriter(AtomicOutput output, @Nullable String idColumn, DataType idType,
      List<FieldSpec> outputs) throws IOException {
    super(output.target(), idColumn, idType, outputs);
    this.csv = new CsvRecordWriter(new BufferedWriter(
        new OutputStreamWriter(output.open(), StandardCharsets.UTF_8), 1 << 16));
  }

  @Override
  void start(OutputLayout layout) throws IOException {
    this.layout = layout;
    scores = layout.scores().size();
    withId = layout.idColumn() != null;
    csv.write(layout.header());
  }

  @Override
  void write(@Nullable Object id, Prediction prediction, List<Double> contributions)
      throws IOException {
    fields.clear();
    if (withId) {
      fields.add(id == null ? "" : id.toString());
    }
    for (int i = 0; i < scores; i++) {
      Object value = value(prediction, layout, i);
      fields.add(value == null ? "" : value.toString());
    }
    fields.add(Integer.toString(prediction.version()));
    contributions.forEach(c -> fields.add(c.toString()));
    csv.write(fields);
  }

  @Override
  void end() throws IOException {
    csv.close();
  }
}

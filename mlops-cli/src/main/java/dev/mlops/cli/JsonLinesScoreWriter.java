package dev.mlops.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.mlops.predict.Prediction;
import dev.mlops.registry.DataType;
import dev.mlops.registry.FieldSpec;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** JSON Lines output: one object per row with the output's columns as fields. */
final class JsonLinesScoreWriter extends ScoreWriter {
  private final JsonGenerator json;
  private OutputLayout layout = OutputLayout.of(null, DataType.STRING, List.of(), 0, Map.of());

  JsonLinesScoreWriter(AtomicOutput output, @Nullable String idColumn, DataType idType,
      List<FieldSpec> outputs) throws IOException {
    super(output.target(), idColumn, idType, outputs);
    this.json = Json.MAPPER.getFactory()
        .createGenerator(new BufferedOutputStream(output.open(), 1 << 16));
    // One object per line: the line feed after each object separates them, not Jackson's space.
    json.setRootValueSeparator(null);
  }

  @Override
  void start(OutputLayout layout) {
    this.layout = layout;
  }

  @Override
  void write(@Nullable Object id, Prediction prediction, List<Double> contributions)
      throws IOException {
    json.writeStartObject();
    if (layout.idColumn() != null) {
      json.writeFieldName(layout.idColumn());
      json.writeObject(id);
    }
    for (int i = 0; i < layout.scores().size(); i++) {
      json.writeFieldName(layout.scores().get(i));
      json.writeObject(value(prediction, layout, i));
    }
    json.writeNumberField(OutputLayout.MODEL_VERSION, prediction.version());
    for (int i = 0; i < contributions.size(); i++) {
      json.writeNumberField(layout.contributions().get(i), contributions.get(i));
    }
    json.writeEndObject();
    json.writeRaw('\n');
  }

  @Override
  void end() throws IOException {
    json.close();
  }
}

package dev.mlops.djl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.predict.Prediction;
import dev.mlops.registry.ModelFormat;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.RegistrationRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The converter-built ONNX fixtures under src/test/resources/converted, written by
 * make_converted_models.py from scikit-learn models laid out as skl2onnx lays them out, and what
 * scikit-learn predicted for their held-out rows.
 */
final class ConvertedModels {

  /** A random forest over float, double, int64 and string columns, with a ZipMap output. */
  static final String FOREST = "rf-zipmap";
  /** A binary gradient-boosted classifier with a LabelEncoder and a probability tensor. */
  static final String BOOSTING = "gb-tensor";
  /** An imputer, a scaler and a tree-ensemble regressor. */
  static final String REGRESSOR = "tree-regressor";
  /**
   * A binary random forest over int64 columns one-hot encoded with integer categories: region
   * strictly (an unknown value fails the encoder), tier leniently (all zeros); a ZipMap with int64
   * keys.
   */
  static final String INTEGER_ONE_HOT = "rf-int-onehot";

  private static final JsonNode EXPECTED = readExpected();

  private ConvertedModels() {}

  /** A fixture file, such as rf-zipmap.onnx. */
  static Path file(String model) {
    String name = model + ".onnx";
    try {
      return Path.of(Objects.requireNonNull(
          ConvertedModels.class.getResource("/converted/" + name), name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Registers a fixture without a signature, so that the registry infers it. */
  static ModelVersion register(ModelRegistry registry, String name, String model) {
    return registry.register(RegistrationRequest.builder(name).artifact(file(model))
        .format(ModelFormat.ONNX).build());
  }

  /** The held-out rows of a model as an application passes them: Double, Long, String, Boolean. */
  static List<Map<String, Object>> rows(String model) {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (JsonNode r : EXPECTED.get(model).get("rows")) {
      rows.add(row(r));
    }
    return rows;
  }

  /**
   * A row with a value its lenient encoder never saw: {@code unknown_plan} of the boosted model
   * (a LabelEncoder), {@code unknown_tier} of the integer one-hot model.
   */
  static Map<String, Object> unknownValueRow(String model, String field) {
    return row(EXPECTED.get(model).get(field).get("row"));
  }

  /** What scikit-learn predicted for {@link #unknownValueRow}. */
  static List<Double> unknownValueProbabilities(String model, String field) {
    List<Double> p = new ArrayList<>();
    EXPECTED.get(model).get(field).get("probabilities").forEach(x -> p.add(x.asDouble()));
    return p;
  }

  private static Map<String, Object> row(JsonNode r) {
    Map<String, Object> row = new LinkedHashMap<>();
    r.properties().forEach(e -> {
      JsonNode v = e.getValue();
      if (v.isNull()) {
        return; // a missing value: the feature is left out
      }
      row.put(e.getKey(), v.isTextual() ? v.asText() : v.isBoolean() ? (Object) v.asBoolean()
          : v.isIntegralNumber() ? (Object) v.asLong() : (Object) v.asDouble());
    });
    return row;
  }

  /** What scikit-learn's predict_proba returned for the rows. */
  static List<List<Double>> probabilities(String model) {
    List<List<Double>> out = new ArrayList<>();
    for (JsonNode row : EXPECTED.get(model).get("probabilities")) {
      List<Double> p = new ArrayList<>();
      row.forEach(x -> p.add(x.asDouble()));
      out.add(p);
    }
    return out;
  }

  /** What scikit-learn's predict returned for the rows, as text. */
  static List<String> labels(String model) {
    List<String> out = new ArrayList<>();
    EXPECTED.get(model).get("labels").forEach(l -> out.add(l.asText()));
    return out;
  }

  /** The regressor's predictions. */
  static List<Double> values() {
    List<Double> out = new ArrayList<>();
    EXPECTED.get(REGRESSOR).get("values").forEach(v -> out.add(v.asDouble()));
    return out;
  }

  /** A field of the expected-output file, such as the classes of a model. */
  static List<String> strings(String model, String field) {
    List<String> out = new ArrayList<>();
    EXPECTED.get(model).get(field).forEach(v -> out.add(v.asText()));
    return out;
  }

  /**
   * Checks predictions against scikit-learn: the probabilities within 1e-5 and the labels exactly
   * (classifiers), or the value within 1e-5 of its magnitude (the regressor).
   */
  static void assertMatchesScikitLearn(String model, List<Prediction> predictions) {
    if (model.equals(REGRESSOR)) {
      List<Double> expected = values();
      assertThat(predictions).hasSize(expected.size());
      for (int i = 0; i < expected.size(); i++) {
        double e = expected.get(i);
        assertThat(predictions.get(i).scores()).as("row %d", i).hasSize(1);
        assertThat(predictions.get(i).scores().get(0)).as("row %d", i)
            .isCloseTo(e, within(1e-5 * Math.max(1, Math.abs(e))));
      }
      return;
    }
    List<List<Double>> expected = probabilities(model);
    List<String> labels = labels(model);
    assertThat(predictions).hasSize(expected.size());
    for (int i = 0; i < expected.size(); i++) {
      Prediction p = predictions.get(i);
      assertThat(p.scores()).as("row %d", i).hasSameSizeAs(expected.get(i));
      for (int c = 0; c < expected.get(i).size(); c++) {
        assertThat(p.scores().get(c)).as("row %d class %d", i, c)
            .isCloseTo(expected.get(i).get(c), within(1e-5));
      }
      assertThat(p.label()).as("row %d", i).isEqualTo(labels.get(i));
    }
  }

  private static JsonNode readExpected() {
    try (InputStream in = ConvertedModels.class.getResourceAsStream("/converted/expected.json")) {
      return new ObjectMapper().readTree(Objects.requireNonNull(in, "expected.json"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

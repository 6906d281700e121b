package dev.mlops.core.drift.stats;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.mlops.drift.FeatureColumn;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The numbers scipy computes on the test inputs, from {@code drift/reference-values.json} (written
 * by {@code drift/generate_reference.py}), and the comparison rules the tests apply to them.
 */
final class ReferenceValues {

  /** Relative tolerance where the computation follows scipy's algorithm. */
  static final double RELATIVE = 1e-9;

  /**
   * Below this, scipy's own double-double evaluation of tiny tail probabilities underflows in
   * intermediate steps (for example {@code smirnov(1000, 0.59)} returns 0 though the value is near
   * 1e-300), so differences there are not meaningful.
   */
  static final double NEGLIGIBLE = 1e-290;

  private static final JsonNode ROOT = load();

  private ReferenceValues() {}

  static JsonNode root() {
    return ROOT;
  }

  static Stream<JsonNode> cases(String section) {
    JsonNode node = ROOT.get(section);
    assertThat(node).as("section %s of reference-values.json", section).isNotNull();
    return StreamSupport.stream(node.spliterator(), false);
  }

  static Stream<JsonNode> elements(JsonNode array) {
    return StreamSupport.stream(array.spliterator(), false);
  }

  /** A sample stored as a list, or described by a generator object (see the Python script). */
  static double[] sample(JsonNode spec) {
    if (spec.has("concat")) {
      List<double[]> parts = new ArrayList<>();
      spec.get("concat").forEach(part -> parts.add(sample(part)));
      return parts.stream().flatMapToDouble(Arrays::stream).toArray();
    }
    if (spec.has("counts")) {
      List<Double> values = new ArrayList<>();
      spec.get("counts").properties().forEach(e -> {
        for (int i = 0; i < e.getValue().asInt(); i++) {
          values.add(Double.parseDouble(e.getKey()));
        }
      });
      return values.stream().mapToDouble(Double::doubleValue).toArray();
    }
    if (spec.isObject()) {
      int n = spec.get("n").asInt();
      long mult = spec.get("mult").asLong();
      long add = spec.get("add").asLong();
      long mod = spec.get("mod").asLong();
      double scale = spec.get("scale").asDouble();
      double offset = spec.get("offset").asDouble();
      double[] values = new double[n];
      for (int i = 0; i < n; i++) {
        long k = (i * mult + add) % mod;
        values[i] = offset + scale * ((double) k / (double) mod);
      }
      return values;
    }
    double[] values = new double[spec.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = spec.get(i).asDouble();
    }
    return values;
  }

  /**
   * A column of the reference file: numeric when {@code kind} is {@code numeric}, else
   * categorical; a sample may be stored as a list or as {@code {"counts": {category: n}}}.
   */
  static FeatureColumn column(JsonNode testCase, String field) {
    JsonNode spec = testCase.get(field);
    boolean numeric = !testCase.has("kind") || testCase.get("kind").asText().equals("numeric");
    if (numeric) {
      return new FeatureColumn.Numeric("feature", sample(spec), 0);
    }
    List<String> values = new ArrayList<>();
    if (spec.isObject()) {
      spec.get("counts").properties().forEach(e -> {
        for (int i = 0; i < e.getValue().asInt(); i++) {
          values.add(e.getKey());
        }
      });
    } else {
      spec.forEach(v -> values.add(v.asText()));
    }
    return new FeatureColumn.Categorical("feature", values, 0);
  }

  /** Whether two numbers agree to the relative tolerance (or are both negligible, or equal). */
  static boolean close(double actual, double expected, double relative) {
    if (Double.compare(actual, expected) == 0) {
      return true;
    }
    if (Math.abs(actual) < NEGLIGIBLE && Math.abs(expected) < NEGLIGIBLE) {
      return true;
    }
    return Math.abs(actual - expected) <= relative * Math.abs(expected);
  }

  static void assertClose(double actual, double expected, double relative, String what) {
    assertThat(close(actual, expected, relative))
        .as("%s: expected %s but was %s (relative difference %s)", what, expected, actual,
            Math.abs(actual - expected) / Math.abs(expected))
        .isTrue();
  }

  private static JsonNode load() {
    JsonMapper mapper = JsonMapper.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();
    try (InputStream in = ReferenceValues.class.getResourceAsStream("/drift/reference-values.json")) {
      if (in == null) {
        throw new IllegalStateException("drift/reference-values.json is missing from the test resources");
      }
      return mapper.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

package dev.mlops.core.drift;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.drift.DriftReport;
import dev.mlops.drift.DriftResult;
import dev.mlops.drift.FeatureDistribution;
import dev.mlops.drift.FeatureDrift;
import dev.mlops.drift.FeatureKind;
import dev.mlops.drift.SkippedFeature;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Writes a {@link DriftReport} as JSON and reads it back, in the stable schema documented in
 * {@code docs/drift-report-schema.md} (schema {@value #SCHEMA}, version {@value #SCHEMA_VERSION}).
 * Fields are always written in the same order; numbers that are not finite (a chi-square statistic
 * with a category the reference never had is infinite) are written as the strings {@code
 * "Infinity"}, {@code "-Infinity"} or {@code "NaN"}.
 *
 * @since 0.1
 */
public final class DriftReportJson {

  /** The value of the {@code schema} field. */
  public static final String SCHEMA = "mlops.drift-report";

  /** The version of the schema this class writes and reads. */
  public static final int SCHEMA_VERSION = 1;

  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private DriftReportJson() {}

  /**
   * Writes a report as indented JSON.
   *
   * @param report the report
   * @return the JSON text
   */
  public static String toJson(DriftReport report) {
    try {
      return MAPPER.writeValueAsString(toTree(report));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Writing a JSON tree to text failed", e);
    }
  }

  /**
   * Reads a report written by {@link #toJson(DriftReport)}.
   *
   * @param json the JSON text
   * @return the report
   * @throws IllegalArgumentException if the text is not a drift report of a supported version, a
   *     required field is missing or the report is inconsistent, naming the field
   */
  public static DriftReport fromJson(String json) {
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "A drift report must be JSON: " + e.getOriginalMessage(), e);
    }
    if (root == null || !SCHEMA.equals(root.path("schema").asText())) {
      throw new IllegalArgumentException(
          "This JSON is not a drift report: its 'schema' is not '" + SCHEMA + "'");
    }
    int version = root.path("schemaVersion").asInt(-1);
    if (version != SCHEMA_VERSION) {
      throw new IllegalArgumentException(
          "Drift report schema version " + version + " is not supported; this library reads "
              + SCHEMA_VERSION);
    }
    List<FeatureDrift> features = new ArrayList<>();
    for (JsonNode node : required(root, "features")) {
      features.add(readFeature(node));
    }
    List<SkippedFeature> skipped = new ArrayList<>();
    for (JsonNode node : required(root, "skipped")) {
      skipped.add(readSkipped(node));
    }
    JsonNode dataset = required(root, "dataset");
    return new DriftReport(
        features,
        skipped,
        required(dataset, "drifted").asBoolean(),
        number(dataset, "driftedShare"),
        number(dataset, "driftShareThreshold"),
        required(root, "referenceRows").asLong(),
        required(root, "currentRows").asLong(),
        required(root, "approximate").asBoolean(),
        Duration.parse(required(root, "computationTime").asText()),
        Instant.parse(required(root, "timestamp").asText()));
  }

  private static ObjectNode toTree(DriftReport report) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("schema", SCHEMA);
    root.put("schemaVersion", SCHEMA_VERSION);
    root.put("timestamp", report.timestamp().toString());
    root.put("computationTime", report.computationTime().toString());
    root.put("approximate", report.approximate());
    root.put("referenceRows", report.referenceRows());
    root.put("currentRows", report.currentRows());
    ObjectNode dataset = root.putObject("dataset");
    dataset.put("drifted", report.datasetDrifted());
    dataset.put("driftedShare", report.driftedShare());
    dataset.put("driftShareThreshold", report.driftShareThreshold());
    dataset.put("driftedFeatures", report.driftedCount());
    dataset.put("testedFeatures", report.features().size());
    ArrayNode features = root.putArray("features");
    for (FeatureDrift feature : report.features()) {
      writeFeature(features.addObject(), feature);
    }
    ArrayNode skipped = root.putArray("skipped");
    for (SkippedFeature feature : report.skipped()) {
      ObjectNode node = skipped.addObject();
      node.put("name", feature.feature());
      node.put("kind", kindName(feature.kind()));
      node.put("reason", feature.reason());
      node.put("referenceCount", feature.referenceCount());
      node.put("currentCount", feature.currentCount());
      node.put("referenceMissing", feature.referenceMissing());
      node.put("currentMissing", feature.currentMissing());
    }
    return root;
  }

  private static void writeFeature(ObjectNode node, FeatureDrift feature) {
    DriftResult result = feature.result();
    node.put("name", feature.feature());
    node.put("kind", kindName(feature.kind()));
    node.put("method", result.method());
    node.put("reason", feature.reason());
    putNumber(node, "statistic", result.statistic());
    putNumber(node, "pValue", result.pValue());
    putNumber(node, "threshold", result.threshold());
    putNumber(node, "effectSize", result.effectSize());
    putNumber(node, "minEffectSize", feature.minEffectSize());
    node.put("drifted", result.drifted());
    node.put("referenceCount", feature.referenceCount());
    node.put("currentCount", feature.currentCount());
    node.put("referenceMissing", feature.referenceMissing());
    node.put("currentMissing", feature.currentMissing());
    FeatureDistribution distribution = feature.distribution();
    if (distribution == null) {
      node.putNull("distribution");
    } else if (distribution instanceof FeatureDistribution.Histogram histogram) {
      ObjectNode d = node.putObject("distribution");
      d.put("type", "histogram");
      ArrayNode edges = d.putArray("edges");
      histogram.edges().forEach(edges::add);
      ArrayNode reference = d.putArray("referenceCounts");
      histogram.referenceCounts().forEach(reference::add);
      ArrayNode current = d.putArray("currentCounts");
      histogram.currentCounts().forEach(current::add);
    } else if (distribution instanceof FeatureDistribution.Categories categories) {
      ObjectNode d = node.putObject("distribution");
      d.put("type", "categories");
      ArrayNode names = d.putArray("categories");
      categories.categories().forEach(names::add);
      ArrayNode reference = d.putArray("referenceCounts");
      categories.referenceCounts().forEach(reference::add);
      ArrayNode current = d.putArray("currentCounts");
      categories.currentCounts().forEach(current::add);
      d.put("referenceOther", categories.referenceOther());
      d.put("currentOther", categories.currentOther());
    }
  }

  private static FeatureDrift readFeature(JsonNode node) {
    String name = required(node, "name").asText();
    DriftResult result =
        new DriftResult(
            name,
            required(node, "method").asText(),
            number(node, "statistic"),
            optionalNumber(node, "pValue"),
            number(node, "threshold"),
            optionalNumber(node, "effectSize"),
            required(node, "drifted").asBoolean());
    return new FeatureDrift(
        name,
        kind(node),
        result,
        required(node, "reason").asText(),
        optionalNumber(node, "minEffectSize"),
        required(node, "referenceCount").asLong(),
        required(node, "currentCount").asLong(),
        required(node, "referenceMissing").asLong(),
        required(node, "currentMissing").asLong(),
        readDistribution(node.get("distribution")));
  }

  private static @Nullable FeatureDistribution readDistribution(@Nullable JsonNode node) {
    if (node == null || node.isNull()) {
      return null;
    }
    String type = required(node, "type").asText();
    List<Long> reference = longs(required(node, "referenceCounts"));
    List<Long> current = longs(required(node, "currentCounts"));
    switch (type) {
      case "histogram": {
        List<Double> edges = new ArrayList<>();
        required(node, "edges").forEach(edge -> edges.add(edge.asDouble()));
        return new FeatureDistribution.Histogram(edges, reference, current);
      }
      case "categories": {
        List<String> categories = new ArrayList<>();
        required(node, "categories").forEach(category -> categories.add(category.asText()));
        return new FeatureDistribution.Categories(
            categories,
            reference,
            current,
            required(node, "referenceOther").asLong(),
            required(node, "currentOther").asLong());
      }
      default:
        throw new IllegalArgumentException(
            "Unknown distribution type '" + type + "' in a drift report; expected 'histogram' or"
                + " 'categories'");
    }
  }

  private static SkippedFeature readSkipped(JsonNode node) {
    return new SkippedFeature(
        required(node, "name").asText(),
        kind(node),
        required(node, "reason").asText(),
        required(node, "referenceCount").asLong(),
        required(node, "currentCount").asLong(),
        required(node, "referenceMissing").asLong(),
        required(node, "currentMissing").asLong());
  }

  private static List<Long> longs(JsonNode array) {
    List<Long> values = new ArrayList<>();
    array.forEach(value -> values.add(value.asLong()));
    return values;
  }

  private static String kindName(FeatureKind kind) {
    return kind.name().toLowerCase(Locale.ROOT);
  }

  private static FeatureKind kind(JsonNode node) {
    String kind = required(node, "kind").asText();
    return switch (kind) {
      case "numeric" -> FeatureKind.NUMERIC;
      case "categorical" -> FeatureKind.CATEGORICAL;
      default -> throw new IllegalArgumentException(
          "Unknown feature kind '" + kind + "' in a drift report; expected 'numeric' or"
              + " 'categorical'");
    };
  }

  private static void putNumber(ObjectNode node, String field, @Nullable Double value) {
    if (value == null) {
      node.putNull(field);
    } else if (Double.isFinite(value)) {
      node.put(field, value);
    } else {
      node.put(field, value.toString());
    }
  }

  private static double number(JsonNode node, String field) {
    JsonNode value = required(node, field);
    if (value.isNumber()) {
      return value.asDouble();
    }
    return switch (value.asText()) {
      case "Infinity" -> Double.POSITIVE_INFINITY;
      case "-Infinity" -> Double.NEGATIVE_INFINITY;
      case "NaN" -> Double.NaN;
      default -> throw new IllegalArgumentException(
          "Field '" + field + "' of a drift report must be a number but was '" + value + "'");
    };
  }

  private static @Nullable Double optionalNumber(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : number(node, field);
  }

  private static JsonNode required(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      throw new IllegalArgumentException("A drift report lacks the required field '" + field + "'");
    }
    return value;
  }
}

package dev.mlops.core.monitor;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.core.drift.DriftReportJson;
import dev.mlops.drift.DriftReport;
import dev.mlops.monitor.EstimatedPerformance;
import dev.mlops.monitor.LatencySummary;
import dev.mlops.monitor.MonitorSnapshot;
import dev.mlops.monitor.OutcomeCounts;
import dev.mlops.monitor.StreamDetection;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Writes a {@link MonitorSnapshot} as JSON and reads it back, in the stable schema documented in
 * {@code docs/monitoring.md} (schema {@value #SCHEMA}, version {@value #SCHEMA_VERSION}). The drift
 * part is a complete drift report in the schema of {@link DriftReportJson}. Times are ISO-8601
 * instants and durations; metric values that are not finite are written as the strings {@code
 * "Infinity"}, {@code "-Infinity"} or {@code "NaN"}; metric maps are written sorted by name.
 *
 * @since 0.1
 */
public final class MonitorSnapshotJson {

  /** The value of the {@code schema} field. */
  public static final String SCHEMA = "mlops.monitor-snapshot";

  /** The version of the schema this class writes and reads. */
  public static final int SCHEMA_VERSION = 1;

  /** What a snapshot without an {@code estimated} field reads as. */
  private static final String NOT_ESTIMATED = "not estimated";

  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private MonitorSnapshotJson() {}

  /**
   * Writes a snapshot as indented JSON.
   *
   * @param snapshot the snapshot
   * @return the JSON text
   */
  public static String toJson(MonitorSnapshot snapshot) {
    try {
      return MAPPER.writeValueAsString(toTree(snapshot));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Writing a JSON tree to text failed", e);
    }
  }

  /**
   * Reads a snapshot written by {@link #toJson(MonitorSnapshot)}.
   *
   * @param json the JSON text
   * @return the snapshot
   * @throws IllegalArgumentException if the text is not a monitor snapshot of a supported version,
   *     a required field is missing or malformed, or the values are inconsistent, naming the field
   */
  public static MonitorSnapshot fromJson(String json) {
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "A monitor snapshot must be JSON: " + e.getOriginalMessage(), e);
    }
    if (root == null || !SCHEMA.equals(root.path("schema").asText())) {
      throw new IllegalArgumentException(
          "This JSON is not a monitor snapshot: its 'schema' is not '" + SCHEMA + "'");
    }
    int version = root.path("schemaVersion").asInt(-1);
    if (version != SCHEMA_VERSION) {
      throw new IllegalArgumentException("Monitor snapshot schema version " + version
          + " is not supported; this library reads " + SCHEMA_VERSION);
    }
    try {
      return read(root);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "A time in the monitor snapshot is not ISO-8601: " + e.getParsedString(), e);
    }
  }

  private static MonitorSnapshot read(JsonNode root) {
    JsonNode latency = required(root, "latency");
    JsonNode outcomes = required(root, "outcomes");
    DriftReport report = report(root.get("drift"));
    return new MonitorSnapshot(
        required(root, "modelName").asText(),
        integer(root, "version"),
        Instant.parse(required(root, "windowStart").asText()),
        Instant.parse(required(root, "windowEnd").asText()),
        bool(root, "closed"),
        count(root, "predictions"),
        count(root, "errors"),
        count(root, "sampledRows"),
        new LatencySummary(count(latency, "count"), duration(latency, "p50"),
            duration(latency, "p95"), duration(latency, "p99"), duration(latency, "max")),
        report,
        metrics(required(root, "metrics"), "metrics"),
        metrics(required(root, "trainingMetrics"), "trainingMetrics"),
        new OutcomeCounts(count(outcomes, "joined"), count(outcomes, "duplicates"),
            count(outcomes, "unknown"), count(outcomes, "expired"), count(outcomes, "pending")),
        estimated(root.get("estimated")), report(root.get("scoreDrift")),
        report(root.get("targetDrift")), detections(root.get("detections")));
  }

  /** The stream detections, optional: snapshots written before them have none. */
  private static List<StreamDetection> detections(@Nullable JsonNode node) {
    if (node == null || node.isNull()) {
      return List.of();
    }
    if (!node.isArray()) {
      throw new IllegalArgumentException(
          "Field 'detections' of the monitor snapshot must be an array but was " + node);
    }
    List<StreamDetection> detections = new ArrayList<>(node.size());
    for (JsonNode d : node) {
      String source = required(d, "source").asText();
      try {
        detections.add(new StreamDetection(required(d, "detector").asText(),
            required(d, "algorithm").asText(), StreamDetection.Source.valueOf(source),
            count(d, "elementsSeen"), Instant.parse(required(d, "detectedAt").asText())));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("A detection of the monitor snapshot is not valid"
            + " (source '" + source + "'): " + e.getMessage(), e);
      }
    }
    return detections;
  }

  /** A drift report, or null when the field is null or absent (written before it existed). */
  private static @Nullable DriftReport report(@Nullable JsonNode node) {
    return node == null || node.isNull() ? null : DriftReportJson.fromJson(node.toString());
  }

  private static void writeReport(ObjectNode root, String field, @Nullable DriftReport report) {
    if (report == null) {
      root.putNull(field);
    } else {
      root.set(field, parse(DriftReportJson.toJson(report)));
    }
  }

  /** The estimate, optional: snapshots written before estimation have none. */
  private static EstimatedPerformance estimated(@Nullable JsonNode node) {
    if (node == null || node.isNull()) {
      return EstimatedPerformance.unavailable(NOT_ESTIMATED);
    }
    JsonNode reason = node.get("unavailable");
    if (reason != null && !reason.isNull()) {
      return EstimatedPerformance.unavailable(reason.asText());
    }
    return new EstimatedPerformance(count(node, "rows"),
        metrics(required(node, "metrics"), "estimated.metrics"),
        metrics(required(node, "lower"), "estimated.lower"),
        metrics(required(node, "upper"), "estimated.upper"), null);
  }

  private static ObjectNode toTree(MonitorSnapshot snapshot) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("schema", SCHEMA);
    root.put("schemaVersion", SCHEMA_VERSION);
    root.put("modelName", snapshot.modelName());
    root.put("version", snapshot.version());
    root.put("windowStart", snapshot.windowStart().toString());
    root.put("windowEnd", snapshot.windowEnd().toString());
    root.put("closed", snapshot.closed());
    root.put("predictions", snapshot.predictions());
    root.put("errors", snapshot.errors());
    root.put("errorRate", snapshot.errorRate());
    root.put("sampledRows", snapshot.sampledRows());
    ObjectNode latency = root.putObject("latency");
    LatencySummary summary = snapshot.latency();
    latency.put("count", summary.count());
    latency.put("p50", summary.p50().toString());
    latency.put("p95", summary.p95().toString());
    latency.put("p99", summary.p99().toString());
    latency.put("max", summary.max().toString());
    writeMetrics(root.putObject("metrics"), snapshot.metrics());
    writeMetrics(root.putObject("trainingMetrics"), snapshot.trainingMetrics());
    ObjectNode outcomes = root.putObject("outcomes");
    OutcomeCounts counts = snapshot.outcomes();
    outcomes.put("joined", counts.joined());
    outcomes.put("duplicates", counts.duplicates());
    outcomes.put("unknown", counts.unknown());
    outcomes.put("expired", counts.expired());
    outcomes.put("pending", counts.pending());
    EstimatedPerformance estimated = snapshot.estimated();
    ObjectNode estimate = root.putObject("estimated");
    estimate.put("rows", estimated.rows());
    writeMetrics(estimate.putObject("metrics"), estimated.metrics());
    writeMetrics(estimate.putObject("lower"), estimated.lower());
    writeMetrics(estimate.putObject("upper"), estimated.upper());
    estimate.put("unavailable", estimated.unavailable());
    root.put("datasetDrifted", snapshot.datasetDrifted());
    writeReport(root, "drift", snapshot.drift());
    writeReport(root, "scoreDrift", snapshot.scoreDrift());
    writeReport(root, "targetDrift", snapshot.targetDrift());
    ArrayNode detections = root.putArray("detections");
    for (StreamDetection d : snapshot.detections()) {
      ObjectNode node = detections.addObject();
      node.put("detector", d.detector());
      node.put("algorithm", d.algorithm());
      node.put("source", d.source().name());
      node.put("elementsSeen", d.elementsSeen());
      node.put("detectedAt", d.detectedAt().toString());
    }
    return root;
  }

  private static void writeMetrics(ObjectNode node, Map<String, Double> metrics) {
    new TreeMap<>(metrics).forEach((name, value) -> {
      if (Double.isFinite(value)) {
        node.put(name, value);
      } else {
        node.put(name, value.toString());
      }
    });
  }

  private static Map<String, Double> metrics(JsonNode node, String field) {
    if (!node.isObject()) {
      throw new IllegalArgumentException(
          "Field '" + field + "' of a monitor snapshot must be an object of metric values");
    }
    Map<String, Double> metrics = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> entry : node.properties()) {
      metrics.put(entry.getKey(), number(entry.getValue(), field + "." + entry.getKey()));
    }
    return metrics;
  }

  private static double number(JsonNode value, String field) {
    if (value.isNumber()) {
      return value.asDouble();
    }
    return switch (value.asText()) {
      case "Infinity" -> Double.POSITIVE_INFINITY;
      case "-Infinity" -> Double.NEGATIVE_INFINITY;
      case "NaN" -> Double.NaN;
      default -> throw new IllegalArgumentException(
          "Field '" + field + "' of a monitor snapshot must be a number but was '" + value + "'");
    };
  }

  private static JsonNode parse(String json) {
    try {
      return MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("The drift report's own JSON did not parse", e);
    }
  }

  private static Duration duration(JsonNode node, String field) {
    try {
      return Duration.parse(required(node, field).asText());
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("Field 'latency." + field
          + "' of a monitor snapshot must be an ISO-8601 duration such as PT0.0042S", e);
    }
  }

  private static int integer(JsonNode node, String field) {
    JsonNode value = required(node, field);
    if (!value.canConvertToInt()) {
      throw new IllegalArgumentException(
          "Field '" + field + "' of a monitor snapshot must be an integer but was " + value);
    }
    return value.asInt();
  }

  private static long count(JsonNode node, String field) {
    JsonNode value = required(node, field);
    if (!value.canConvertToLong()) {
      throw new IllegalArgumentException(
          "Field '" + field + "' of a monitor snapshot must be an integer but was " + value);
    }
    return value.asLong();
  }

  private static boolean bool(JsonNode node, String field) {
    JsonNode value = required(node, field);
    if (!value.isBoolean()) {
      throw new IllegalArgumentException(
          "Field '" + field + "' of a monitor snapshot must be true or false but was " + value);
    }
    return value.asBoolean();
  }

  private static JsonNode required(@Nullable JsonNode node, String field) {
    JsonNode value = node == null ? null : node.get(field);
    if (value == null || value.isNull()) {
      throw new IllegalArgumentException(
          "A monitor snapshot lacks the required field '" + field + "'");
    }
    return value;
  }
}

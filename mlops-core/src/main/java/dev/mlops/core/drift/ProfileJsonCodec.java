package dev.mlops.core.drift;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.memory.Memory;
import org.jspecify.annotations.Nullable;

/**
 * The JSON form of a {@link DatasetProfile}. Numbers that do not exist for an empty profile (min,
 * max, mean) are null; the KLL sketch is embedded as Base64 of its DataSketches serialisation, so
 * other DataSketches implementations (C++, Python) can read it too.
 *
 * <pre>{@code
 * {"format": "mlops.dataset-profile", "version": 1, "rows": 1000, "features": [
 *   {"name": "age", "kind": "numeric", "count": 990, "missing": 10, "invalid": 0,
 *    "min": 18.0, "max": 90.0, "mean": 41.2, "sumSquaredDeviations": 1.2E5,
 *    "valueCounts": null, "sketch": {"type": "kll-doubles", "k": 600, "base64": "..."}},
 *   {"name": "plan", "kind": "categorical", "count": 1000, "missing": 0, "maxCategories": 1000,
 *    "other": 0, "counts": {"basic": 700, "pro": 300}}]}
 * }</pre>
 */
final class ProfileJsonCodec {

  static final String FORMAT = "mlops.dataset-profile";
  private static final int VERSION = 1;
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private ProfileJsonCodec() {}

  static String encode(DatasetProfile profile) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("format", FORMAT);
    root.put("version", VERSION);
    root.put("rows", profile.rows());
    ArrayNode features = root.putArray("features");
    for (FeatureProfile feature : profile.profiles()) {
      ObjectNode node = features.addObject();
      node.put("name", feature.feature());
      if (feature instanceof NumericProfile numeric) {
        writeNumeric(node, numeric);
      } else {
        writeCategorical(node, (CategoricalProfile) feature);
      }
    }
    try {
      return MAPPER.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Writing a JSON tree to text failed", e);
    }
  }

  static DatasetProfile decode(String json) {
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new ProfileFormatException(
          "The dataset profile is not valid JSON (" + e.getOriginalMessage()
              + "); pass what DatasetProfile.toJson() wrote",
          e);
    }
    if (root == null || !FORMAT.equals(root.path("format").asText())) {
      throw new ProfileFormatException(
          "This JSON is not a dataset profile (format is not '" + FORMAT
              + "'); pass what DatasetProfile.toJson() wrote",
          null);
    }
    int version = root.path("version").asInt(-1);
    if (version != VERSION) {
      throw new ProfileFormatException(
          "Dataset profile JSON version " + version + " is not supported (this library reads "
              + VERSION + ")",
          null);
    }
    try {
      Map<String, FeatureProfile> features = new LinkedHashMap<>();
      for (JsonNode node : required(root, "features")) {
        String name = required(node, "name").textValue();
        if (name == null) {
          throw new IllegalArgumentException("a feature name is not a string");
        }
        String kind = required(node, "kind").asText();
        FeatureProfile feature = switch (kind) {
          case "numeric" -> readNumeric(node, name);
          case "categorical" -> readCategorical(node, name);
          default -> throw new IllegalArgumentException(
              "unknown kind '" + kind + "' of feature '" + name + "'");
        };
        if (features.put(name, feature) != null) {
          throw new IllegalArgumentException("feature '" + name + "' appears twice");
        }
      }
      return new DatasetProfile(features, required(root, "rows").asLong());
    } catch (RuntimeException e) {
      if (e instanceof ProfileFormatException) {
        throw e;
      }
      throw new ProfileFormatException(
          "The dataset profile JSON is corrupt (" + e.getMessage()
              + "); write it again with DatasetProfile.toJson()",
          e);
    }
  }

  private static void writeNumeric(ObjectNode node, NumericProfile profile) {
    node.put("kind", "numeric");
    node.put("count", profile.count());
    node.put("missing", profile.missing());
    node.put("invalid", profile.invalid());
    putFinite(node, "min", profile.min());
    putFinite(node, "max", profile.max());
    putFinite(node, "mean", profile.mean());
    node.put("sumSquaredDeviations", profile.sumSquaredDeviations());
    SortedMap<Double, Long> values = profile.valueCounts().orElse(null);
    if (values == null) {
      node.putNull("valueCounts");
    } else {
      ArrayNode array = node.putArray("valueCounts");
      values.forEach((value, count) -> array.addObject().put("value", value).put("count", count));
    }
    ObjectNode sketch = node.putObject("sketch");
    sketch.put("type", "kll-doubles");
    sketch.put("k", profile.k());
    sketch.put("base64", Base64.getEncoder().encodeToString(profile.sketch().toByteArray()));
  }

  private static NumericProfile readNumeric(JsonNode node, String name) {
    SortedMap<Double, Long> values = null;
    JsonNode valueCounts = node.path("valueCounts");
    if (valueCounts.isArray()) {
      values = new TreeMap<>();
      for (JsonNode entry : valueCounts) {
        values.put(required(entry, "value").asDouble(), required(entry, "count").asLong());
      }
    }
    JsonNode sketch = required(node, "sketch");
    if (!"kll-doubles".equals(sketch.path("type").asText())) {
      throw new IllegalArgumentException(
          "sketch of feature '" + name + "' is not of type 'kll-doubles'");
    }
    byte[] bytes = Base64.getDecoder().decode(required(sketch, "base64").asText());
    return NumericProfile.restore(
        name,
        KllDoublesSketch.heapify(Memory.wrap(bytes)),
        required(node, "count").asLong(),
        required(node, "missing").asLong(),
        required(node, "invalid").asLong(),
        finiteOrNaN(node, "min"),
        finiteOrNaN(node, "max"),
        finiteOrNaN(node, "mean"),
        required(node, "sumSquaredDeviations").asDouble(),
        values);
  }

  private static void writeCategorical(ObjectNode node, CategoricalProfile profile) {
    node.put("kind", "categorical");
    node.put("count", profile.count());
    node.put("missing", profile.missing());
    node.put("maxCategories", profile.maxCategories());
    node.put("other", profile.other());
    ObjectNode counts = node.putObject("counts");
    profile.counts().forEach(counts::put);
  }

  private static CategoricalProfile readCategorical(JsonNode node, String name) {
    Map<String, Long> counts = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> entry : required(node, "counts").properties()) {
      counts.put(entry.getKey(), entry.getValue().asLong());
    }
    CategoricalProfile profile =
        CategoricalProfile.restore(
            name,
            required(node, "maxCategories").asInt(),
            counts,
            required(node, "other").asLong(),
            required(node, "missing").asLong());
    long count = required(node, "count").asLong();
    if (profile.count() != count) {
      throw new IllegalArgumentException(
          "count " + count + " of feature '" + name + "' does not match its categories, which sum"
              + " to " + profile.count());
    }
    return profile;
  }

  private static JsonNode required(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      throw new IllegalArgumentException("field '" + field + "' is missing");
    }
    return value;
  }

  private static void putFinite(ObjectNode node, String field, double value) {
    if (Double.isNaN(value)) {
      node.putNull(field);
    } else {
      node.put(field, value);
    }
  }

  private static double finiteOrNaN(JsonNode node, String field) {
    @Nullable JsonNode value = node.get(field);
    return value == null || value.isNull() ? Double.NaN : value.asDouble();
  }
}

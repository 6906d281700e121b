package dev.mlops.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.registry.ArtifactRef;
import dev.mlops.registry.AuditEntry;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.RegisteredModel;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The JSON the commands print: the field names here are part of the command line's contract
 * (docs/cli.md). Timestamps are ISO-8601 strings in UTC.
 */
final class Json {
  /** The mapper for reading and writing; maps are written in insertion order. */
  static final ObjectMapper MAPPER = new ObjectMapper();

  private Json() {}

  /**
   * Renders a value as one line of JSON.
   *
   * @param value maps, lists, strings, numbers, booleans and null
   * @return the JSON text
   */
  static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot render JSON: " + e.getOriginalMessage(), e);
    }
  }

  /**
   * The JSON object of a model version.
   *
   * @param v the version
   * @return name, version, uri, format, status, sha256 (of the only artifact file, null for a
   *     directory of several), artifacts, aliases, metrics, params, tags, signature, description,
   *     createdAt, createdBy
   */
  static Map<String, Object> version(ModelVersion v) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("name", v.name());
    json.put("version", v.version());
    json.put("uri", v.uri().toString());
    json.put("format", v.format().id());
    json.put("status", v.status().name().toLowerCase(java.util.Locale.ROOT));
    json.put("sha256", v.artifacts().size() == 1 ? v.artifacts().get(0).sha256() : null);
    json.put("artifacts", v.artifacts().stream().map(Json::artifact).toList());
    json.put("aliases", new TreeSet<>(v.aliases()));
    json.put("metrics", new TreeMap<>(v.metrics()));
    json.put("params", new TreeMap<>(v.params()));
    json.put("tags", new TreeMap<>(v.tags()));
    json.put("signature", v.signature() == null ? null : SignatureFile.toJson(v.signature()));
    json.put("description", v.description());
    json.put("createdAt", v.createdAt().toString());
    json.put("createdBy", v.createdBy());
    return json;
  }

  /**
   * The JSON object of a registered model.
   *
   * @param m the model
   * @return name, latestVersion, aliases (alias to version), tags, createdAt, updatedAt
   */
  static Map<String, Object> model(RegisteredModel m) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("name", m.name());
    json.put("latestVersion", m.latestVersion());
    json.put("aliases", m.aliases());
    json.put("tags", new TreeMap<>(m.tags()));
    json.put("createdAt", m.createdAt().toString());
    json.put("updatedAt", m.updatedAt().toString());
    return json;
  }

  /**
   * The JSON object of an audit entry.
   *
   * @param e the entry
   * @return sequence, timestamp, actor, action, model, version, key, before, after, reason
   */
  static Map<String, Object> audit(AuditEntry e) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("sequence", e.sequence());
    json.put("timestamp", e.timestamp().toString());
    json.put("actor", e.actor());
    json.put("action", e.action().name());
    json.put("model", e.modelName());
    json.put("version", e.version());
    json.put("key", e.key());
    json.put("before", e.before());
    json.put("after", e.after());
    json.put("reason", e.reason());
    return json;
  }

  private static Map<String, Object> artifact(ArtifactRef ref) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("path", ref.path());
    json.put("size", ref.size());
    json.put("sha256", ref.sha256());
    return json;
  }
}

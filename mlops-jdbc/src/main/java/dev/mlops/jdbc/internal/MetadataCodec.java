package dev.mlops.jdbc.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.core.json.StoredJson;
import dev.mlops.registry.Lineage;
import dev.mlops.registry.ModelSignature;
import dev.mlops.registry.RegistryStorageException;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The immutable metadata of a version (signature, lineage, metrics, parameters) as JSON text in
 * the {@code versions} table. Unknown JSON properties are ignored, so a newer writer that adds a
 * field does not break an older reader of the same schema version.
 */
public final class MetadataCodec {

  private static final TypeReference<Map<String, Double>> METRICS = new TypeReference<>() {};
  private static final TypeReference<Map<String, String>> STRINGS = new TypeReference<>() {};

  private final ObjectMapper mapper = StoredJson.newMapper();

  /**
   * Encodes a signature.
   *
   * @param signature the signature, or null
   * @return JSON, or null
   */
  public @Nullable String signature(@Nullable ModelSignature signature) {
    return signature == null ? null : write(signature);
  }

  /**
   * Encodes a lineage.
   *
   * @param lineage the lineage
   * @return JSON
   */
  public String lineage(Lineage lineage) {
    return write(lineage);
  }

  /**
   * Encodes metrics, sorted by name.
   *
   * @param metrics name to value
   * @return JSON
   */
  public String metrics(Map<String, Double> metrics) {
    return write(new TreeMap<>(metrics));
  }

  /**
   * Encodes parameters, sorted by name.
   *
   * @param params name to value
   * @return JSON
   */
  public String params(Map<String, String> params) {
    return write(new TreeMap<>(params));
  }

  /**
   * Decodes a signature.
   *
   * @param json the stored JSON, or null
   * @return the signature, or null
   */
  public @Nullable ModelSignature readSignature(@Nullable String json) {
    return json == null ? null : read(json, ModelSignature.class);
  }

  /**
   * Decodes a lineage.
   *
   * @param json the stored JSON
   * @return the lineage
   */
  public Lineage readLineage(String json) {
    return read(json, Lineage.class);
  }

  /**
   * Decodes metrics.
   *
   * @param json the stored JSON
   * @return name to value
   */
  public Map<String, Double> readMetrics(String json) {
    try {
      return mapper.readValue(json, METRICS);
    } catch (JsonProcessingException e) {
      throw corrupt("metrics", e);
    }
  }

  /**
   * Decodes parameters.
   *
   * @param json the stored JSON
   * @return name to value
   */
  public Map<String, String> readParams(String json) {
    try {
      return mapper.readValue(json, STRINGS);
    } catch (JsonProcessingException e) {
      throw corrupt("params", e);
    }
  }

  private String write(Object value) {
    try {
      return mapper.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("Cannot encode " + value.getClass().getSimpleName()
          + " as JSON: " + e.getOriginalMessage(), e);
    }
  }

  private <T> T read(String json, Class<T> type) {
    try {
      return mapper.readValue(json, type);
    } catch (JsonProcessingException e) {
      throw corrupt(type.getSimpleName(), e);
    }
  }

  private static RegistryStorageException corrupt(String what, JsonProcessingException e) {
    return new RegistryStorageException("Stored " + what + " of a version cannot be decoded: "
        + e.getOriginalMessage(), e);
  }
}

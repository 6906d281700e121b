package dev.mlops.core.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The JSON set-up of every document the SDK stores: ISO-8601 instants, map keys sorted (the same
 * value always gives the same text, so stored documents diff and hash stably), absent values left
 * out, and unknown properties ignored, so that a newer writer of the same format version may add
 * fields without breaking an older reader.
 */
public final class StoredJson {

  private StoredJson() {}

  /**
   * A new mapper with the stored-document set-up. Each caller keeps its own: a mapper is
   * thread-safe once configured, and a private one cannot be reconfigured by anybody else.
   *
   * @return the mapper
   */
  public static JsonMapper newMapper() {
    return JsonMapper.builder()
        .addModule(new JavaTimeModule())
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .defaultPropertyInclusion(JsonInclude.Value.construct(
            JsonInclude.Include.NON_NULL, JsonInclude.Include.USE_DEFAULTS))
        .build();
  }
}

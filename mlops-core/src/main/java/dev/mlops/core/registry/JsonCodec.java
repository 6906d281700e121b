package dev.mlops.core.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.core.json.StoredJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The one JSON configuration of the file registry: ISO-8601 instants, map keys sorted, absent
 * values left out, unknown properties ignored (a newer writer of the same format may add some).
 * Files are pretty-printed for people; audit lines are compact, one object per line.
 */
final class JsonCodec {

  private static final ObjectMapper MAPPER = StoredJson.newMapper();

  private JsonCodec() {}

  /** A document as a pretty-printed UTF-8 file body, ending with a newline. */
  static byte[] pretty(Object value) {
    try {
      return (MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(value) + "\n")
          .getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot serialise " + value.getClass().getSimpleName(), e);
    }
  }

  /** A document as one compact line, ending with a newline. */
  static byte[] line(Object value) {
    try {
      return (MAPPER.writeValueAsString(value) + "\n").getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot serialise " + value.getClass().getSimpleName(), e);
    }
  }

  static JsonNode tree(Object value) {
    return MAPPER.valueToTree(value);
  }

  static <T> T parse(byte[] json, Class<T> type) throws IOException {
    return MAPPER.readValue(json, type);
  }

  static <T> T read(Path file, Class<T> type) throws IOException {
    return parse(Files.readAllBytes(file), type);
  }
}

package dev.mlops.server.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.registry.FieldSpec;
import dev.mlops.registry.ModelSignature;
import dev.mlops.registry.ModelVersion;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code POST /v2/models/{name}/outcomes}: {@code {"outcomes": [{"prediction_id": "...",
 * "actual": ...}, ...]}}. An actual is a class name (a string) for a classifier, a number for a
 * regression model; a classifier's outcome given as a number or a boolean is taken as its text
 * ({@code 1} for class {@code "1"}).
 */
final class OutcomeCodec {

  private OutcomeCodec() {}

  /** The classes a version's output names, empty for a regression model. */
  static List<String> classes(ModelVersion version) {
    ModelSignature signature = version.signature();
    if (signature != null) {
      for (FieldSpec output : signature.outputs()) {
        if (output.categories().size() >= 2) {
          return output.categories();
        }
      }
    }
    return List.of();
  }

  /**
   * The outcomes by prediction id, in request order.
   *
   * @throws HttpFailure 400 naming what is malformed, 413 beyond the row limit
   */
  static Map<String, Object> parse(JsonNode body, List<String> classes, int maxOutcomes) {
    JsonNode list = body.get("outcomes");
    if (list == null || !list.isArray()) {
      throw HttpFailure.badRequest("Send {\"outcomes\": [{\"prediction_id\": \"...\", \"actual\":"
          + " ...}, ...]}");
    }
    if (list.size() > maxOutcomes) {
      throw HttpFailure.tooLarge("The request has " + list.size() + " outcomes, over the limit of "
          + maxOutcomes + "; send smaller batches");
    }
    Map<String, Object> outcomes = new LinkedHashMap<>();
    for (int i = 0; i < list.size(); i++) {
      JsonNode item = list.get(i);
      JsonNode id = item.get("prediction_id");
      JsonNode actual = item.get("actual");
      if (id == null || !id.isTextual() || id.textValue().isEmpty()) {
        throw HttpFailure.badRequest("Outcome " + i + " has no prediction_id (a string)");
      }
      if (actual == null || actual.isNull() || actual.isContainerNode()) {
        throw HttpFailure.badRequest("Outcome " + i + " (prediction " + id.textValue()
            + ") has no actual value: a class name or a number");
      }
      if (outcomes.put(id.textValue(), actual(actual, classes)) != null) {
        throw HttpFailure.badRequest("Prediction " + id.textValue()
            + " appears twice in the request; send one outcome per prediction");
      }
    }
    return outcomes;
  }

  private static Object actual(JsonNode actual, List<String> classes) {
    if (actual.isTextual()) {
      return actual.textValue();
    }
    if (actual.isNumber()) {
      if (classes.isEmpty()) {
        return actual.doubleValue();
      }
      return actual.canConvertToExactIntegral() ? actual.bigIntegerValue().toString()
          : actual.asText();
    }
    return actual.asText();
  }
}

package dev.mlops.server.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.predict.Explanation;
import dev.mlops.predict.Prediction;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The record-style JSON of KServe V1 and TensorFlow Serving: {@code {"instances": [{feature:
 * value, ...}, ...]}} in, {@code {"predictions": [...], "model_version": n}} out. Each prediction
 * is an object with the scores, the label where the model names classes, the model's outputs
 * named by {@link dev.mlops.predict.PredictionFields} (such as {@code output_probability_churn}),
 * and the prediction id that late ground-truth labels are joined by; on {@code :explain}, also its
 * feature contributions.
 */
final class RecordCodec {

  private RecordCodec() {}

  /**
   * The rows of a request.
   *
   * @throws HttpFailure 400 naming the instance and feature at fault, 413 if there are too many
   */
  static List<Map<String, Object>> parse(JsonNode body, int maxRows) {
    JsonNode instances = body.isObject() ? body.get("instances") : null;
    if (instances == null || !instances.isArray() || instances.isEmpty()) {
      throw HttpFailure.badRequest("The request must be {\"instances\": [{\"feature\": value, ...}, ...]}"
          + " with at least one instance");
    }
    if (instances.size() > maxRows) {
      throw HttpFailure.tooLarge("The request has " + instances.size() + " instances, over the limit"
          + " of " + maxRows + " rows per request; send smaller batches");
    }
    List<Map<String, Object>> rows = new ArrayList<>(instances.size());
    for (int i = 0; i < instances.size(); i++) {
      JsonNode instance = instances.get(i);
      if (!instance.isObject()) {
        throw HttpFailure.badRequest("Instance " + i + " is not an object of feature values");
      }
      Map<String, Object> row = new HashMap<>();
      for (Map.Entry<String, JsonNode> f : instance.properties()) {
        Object value = value(i, f.getKey(), f.getValue());
        if (value != null) {
          row.put(f.getKey(), value);
        }
      }
      rows.add(row);
    }
    return rows;
  }

  /** The response for the predictions of one request, all computed by one version. */
  static ObjectNode response(List<Prediction> predictions) {
    return response(predictions, List.of());
  }

  /**
   * The response of {@code :explain}: each prediction's record with its contributions added as
   * fields, named by {@link Explanation#fields()} ({@code contribution_<feature>}, {@code
   * contribution_bias}).
   */
  static ObjectNode explained(List<Explanation> explanations) {
    return response(explanations.stream().map(Explanation::prediction).toList(), explanations);
  }

  private static ObjectNode response(List<Prediction> predictions,
      List<Explanation> explanations) {
    ObjectNode out = Json.MAPPER.createObjectNode();
    ArrayNode list = out.putArray("predictions");
    for (int i = 0; i < predictions.size(); i++) {
      Prediction p = predictions.get(i);
      ObjectNode o = list.addObject();
      ArrayNode scores = o.putArray("scores");
      p.scores().forEach(scores::add);
      if (p.label() != null) {
        o.put("label", p.label());
      }
      // The named outputs (PredictionFields), as the command line writes them; the keys above
      // keep their meaning if a model names an output the same.
      p.outputs().forEach((name, value) -> {
        if (!o.has(name) && !name.equals("prediction_id")) {
          o.set(name, Json.MAPPER.valueToTree(value));
        }
      });
      o.put("prediction_id", p.predictionId());
      if (!explanations.isEmpty()) {
        explanations.get(i).fields().forEach(o::put);
      }
    }
    if (!predictions.isEmpty()) {
      out.put("model_name", predictions.get(0).modelName());
      out.put("model_version", predictions.get(0).version());
    }
    return out;
  }

  private static @org.jspecify.annotations.Nullable Object value(int instance, String feature, JsonNode v) {
    if (v.isNull()) {
      return null;
    }
    if (v.isBoolean()) {
      return v.booleanValue();
    }
    if (v.isTextual()) {
      return v.textValue();
    }
    if (v.isIntegralNumber() && v.canConvertToLong()) {
      return v.longValue();
    }
    if (v.isNumber()) {
      return v.doubleValue();
    }
    throw HttpFailure.badRequest("Instance " + instance + ", feature " + Excerpt.quoted(feature) + " is "
        + Excerpt.of(v)
        + "; a feature value is a number, a string, a boolean or null");
  }
}

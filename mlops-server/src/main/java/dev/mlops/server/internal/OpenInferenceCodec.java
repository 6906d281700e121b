package dev.mlops.server.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.predict.Explanation;
import dev.mlops.predict.Prediction;
import dev.mlops.predict.PredictionFields;
import dev.mlops.registry.DataType;
import dev.mlops.registry.FieldSpec;
import dev.mlops.registry.ModelSignature;
import dev.mlops.registry.ModelVersion;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The JSON of the Open Inference Protocol (KServe V2) for tabular models. A request carries one
 * input tensor per feature, named after it, of shape {@code [rows]} or {@code [rows, 1]}, with the
 * data flat or nested in row-major order. The response carries the model's scores as one tensor
 * of shape {@code [rows, width]} named after the signature's score output, whose columns are the
 * fields {@code <output>_<class>} of {@link dev.mlops.predict.PredictionFields} in order, and the
 * predicted labels as a tensor of shape {@code [rows]}: named after the model's label output (such
 * as {@code output_label}, {@code INT64} or {@code BYTES} as the model returns it) where it has
 * one, else {@code label} ({@code BYTES}) when the score output names its categories. A request
 * with {@code "parameters": {"explain": true}} also gets the feature contributions, as the tensor
 * {@value #CONTRIBUTIONS}.
 */
final class OpenInferenceCodec {

  /** The name of the label output tensor. */
  static final String LABEL = "label";

  private OpenInferenceCodec() {}

  /**
   * A parsed inference request: its rows, its id, the outputs asked for (empty: all), and whether
   * it asked for feature contributions ({@code "parameters": {"explain": true}}).
   */
  record InferRequest(List<Map<String, Object>> rows, @Nullable String id, Set<String> outputs,
      boolean explain) {}

  /** The output tensor of the feature contributions, on an explained request. */
  static final String CONTRIBUTIONS = "contributions";

  /**
   * Turns an inference request into rows for the model's signature.
   *
   * @throws HttpFailure 400 naming the tensor at fault, 413 if there are too many rows
   */
  static InferRequest parse(JsonNode body, ModelSignature signature, int maxRows) {
    if (!body.isObject()) {
      throw HttpFailure.badRequest("The request must be a JSON object with an \"inputs\" array");
    }
    JsonNode inputs = body.get("inputs");
    if (inputs == null || !inputs.isArray() || inputs.isEmpty()) {
      throw HttpFailure.badRequest("The request has no \"inputs\": give one tensor per feature of "
          + signature.inputNames());
    }
    Map<String, List<@Nullable Object>> columns = new LinkedHashMap<>();
    int rows = -1;
    String firstTensor = "";
    for (JsonNode tensor : inputs) {
      String name = text(tensor, "name", "an input tensor");
      TensorType type = TensorType.parse(name, text(tensor, "datatype", "input tensor " + Excerpt.quoted(name)));
      long[] shape = shape(name, tensor.get("shape"));
      int n = rowCount(name, shape, maxRows);
      FieldSpec feature = signature.input(name).orElse(null);
      if (feature != null && !type.fits(feature.type())) {
        throw HttpFailure.badRequest("Input tensor " + Excerpt.quoted(name) + " has datatype " + type
            + ", but feature '" + name + "' is " + feature.type() + ": send "
            + TensorType.of(feature.type()));
      }
      List<@Nullable Object> values = values(name, type, tensor.get("data"));
      if (values.size() != n) {
        throw HttpFailure.badRequest("Input tensor " + Excerpt.quoted(name) + " has shape " + shapeText(shape)
            + " (" + n + " elements) but " + values.size() + " data elements");
      }
      if (rows < 0) {
        rows = n;
        firstTensor = name;
      } else if (n != rows) {
        throw HttpFailure.badRequest("Input tensor " + Excerpt.quoted(name) + " has " + n + " rows but "
            + Excerpt.quoted(firstTensor) + " has " + rows + "; every feature tensor needs the same number of rows");
      }
      if (columns.put(name, values) != null) {
        throw HttpFailure.badRequest("Input tensor " + Excerpt.quoted(name) + " is given twice");
      }
    }
    return new InferRequest(toRows(columns, rows), optionalText(body.get("id")),
        requestedOutputs(body.get("outputs")), explain(body.get("parameters")));
  }

  /** The scores output tensor: its name, datatype, and width where the signature declares it. */
  private record Output(String name, TensorType type, long width) {}

  /**
   * The response to an inference request.
   *
   * @throws HttpFailure 400 if the request asked for an output the model does not have
   */
  static ObjectNode response(String modelName, ModelVersion version, InferRequest request,
      List<Prediction> predictions) {
    return response(modelName, version, request, predictions, List.of());
  }

  /**
   * The response to an explained inference request: the response to the request, plus the
   * contributions as one {@code FP64} tensor {@value #CONTRIBUTIONS} of shape {@code [rows, C]},
   * whose columns are the fields of {@link Explanation#fields()} in order.
   *
   * @throws HttpFailure 400 if the request asked for an output the model does not have
   */
  static ObjectNode explained(String modelName, ModelVersion version, InferRequest request,
      List<Explanation> explanations) {
    return response(modelName, version, request,
        explanations.stream().map(Explanation::prediction).toList(), explanations);
  }

  private static ObjectNode response(String modelName, ModelVersion version,
      InferRequest request, List<Prediction> predictions, List<Explanation> explanations) {
    ModelSignature signature = Objects.requireNonNull(version.signature());
    List<Output> outputs = outputs(signature);
    boolean labelled = predictions.stream().anyMatch(p -> p.label() != null);
    String labelName = labelName(signature);
    List<String> names = new ArrayList<>(outputs.stream().map(Output::name).toList());
    if (labelled) {
      names.add(labelName);
    }
    if (request.explain()) {
      names.add(CONTRIBUTIONS);
    }
    for (String wanted : request.outputs()) {
      if (!names.contains(wanted)) {
        throw HttpFailure.badRequest("Requested output " + Excerpt.quoted(wanted) + " does not exist; model '"
            + modelName + "' has " + names);
      }
    }
    int servedVersion = predictions.isEmpty() ? version.version() : predictions.get(0).version();
    ObjectNode out = Json.MAPPER.createObjectNode()
        .put("model_name", modelName)
        .put("model_version", Integer.toString(servedVersion));
    if (request.id() != null) {
      out.put("id", request.id());
    }
    ArrayNode tensors = out.putArray("outputs");
    for (Output o : outputs) {
      if (request.outputs().isEmpty() || request.outputs().contains(o.name())) {
        tensors.add(tensor(o, predictions));
      }
    }
    if (labelled && (request.outputs().isEmpty() || request.outputs().contains(labelName))) {
      boolean integers = predictions.stream()
          .allMatch(p -> p.outputs().get(labelName) instanceof Long);
      ObjectNode label = tensors.addObject().put("name", labelName)
          .put("datatype", integers ? "INT64" : "BYTES");
      label.putArray("shape").add(predictions.size());
      ArrayNode data = label.putArray("data");
      for (Prediction p : predictions) {
        if (integers) {
          data.add((Long) p.outputs().get(labelName));
        } else {
          data.add(p.label());
        }
      }
    }
    if (!explanations.isEmpty()
        && (request.outputs().isEmpty() || request.outputs().contains(CONTRIBUTIONS))) {
      tensors.add(contributions(explanations));
    }
    return out;
  }

  private static ObjectNode contributions(List<Explanation> explanations) {
    ObjectNode t = Json.MAPPER.createObjectNode().put("name", CONTRIBUTIONS)
        .put("datatype", "FP64");
    t.putArray("shape").add(explanations.size()).add(explanations.get(0).fields().size());
    ArrayNode data = t.putArray("data");
    explanations.forEach(e -> e.fields().values().forEach(data::add));
    return t;
  }

  /** The model's label output where its signature has one, else {@value #LABEL}. */
  private static String labelName(ModelSignature signature) {
    FieldSpec label = PredictionFields.of(signature).labelOutput();
    return label == null ? LABEL : label.name();
  }

  /** Model metadata: name, the version, platform, input and output tensors. */
  static ObjectNode metadata(String modelName, ModelVersion version) {
    ModelSignature signature = Objects.requireNonNull(version.signature());
    ObjectNode out = Json.MAPPER.createObjectNode().put("name", modelName);
    out.putArray("versions").add(Integer.toString(version.version()));
    out.put("platform", platform(version));
    ArrayNode inputs = out.putArray("inputs");
    for (FieldSpec f : signature.inputs()) {
      ObjectNode t = inputs.addObject().put("name", f.name())
          .put("datatype", TensorType.of(f.type()).name());
      t.putArray("shape").add(-1);
    }
    ArrayNode tensors = out.putArray("outputs");
    for (Output o : outputs(signature)) {
      tensors.addObject().put("name", o.name()).put("datatype", o.type().name())
          .putArray("shape").add(-1).add(o.width());
    }
    PredictionFields fields = PredictionFields.of(signature);
    FieldSpec labelOutput = fields.labelOutput();
    FieldSpec scoreOutput = fields.scoreOutput();
    if (labelOutput != null) {
      tensors.addObject().put("name", labelOutput.name())
          .put("datatype", TensorType.of(labelOutput.type()).name()).putArray("shape").add(-1);
    } else if (scoreOutput != null && !scoreOutput.categories().isEmpty()) {
      tensors.addObject().put("name", LABEL).put("datatype", "BYTES").putArray("shape").add(-1);
    }
    return out;
  }

  private static List<Output> outputs(ModelSignature s) {
    // The predictors serve one score output (PredictionFields): a [rows, width] tensor; a
    // signature file's several named outputs arrive here as one tensor whose categories name the
    // columns.
    FieldSpec scores = PredictionFields.of(s).scoreOutput();
    if (scores == null) {
      return List.of(new Output("scores", TensorType.FP32, -1));
    }
    return List.of(new Output(scores.name(), type(scores), width(scores)));
  }

  private static ObjectNode tensor(Output o, List<Prediction> predictions) {
    int width = predictions.isEmpty() ? 0 : predictions.get(0).scores().size();
    ObjectNode t = Json.MAPPER.createObjectNode().put("name", o.name())
        .put("datatype", o.type().name());
    t.putArray("shape").add(predictions.size()).add(width);
    ArrayNode data = t.putArray("data");
    for (Prediction p : predictions) {
      for (double s : p.scores()) {
        if (o.type() == TensorType.FP32) {
          data.add((float) s);
        } else {
          data.add(s);
        }
      }
    }
    return t;
  }

  private static String platform(ModelVersion v) {
    return switch (v.format().id()) {
      case "onnx" -> "onnxruntime_onnx";
      case "torchscript" -> "pytorch_torchscript";
      default -> v.format().id();
    };
  }

  /** Scores are computed in float32; a signature may ask for them as float64. */
  private static TensorType type(FieldSpec output) {
    return output.type() == DataType.FLOAT64 ? TensorType.FP64 : TensorType.FP32;
  }

  private static long width(FieldSpec out) {
    if (!out.shape().isEmpty() && out.shape().get(out.shape().size() - 1) > 0) {
      return out.shape().get(out.shape().size() - 1);
    }
    return out.categories().isEmpty() ? -1 : out.categories().size();
  }

  private static List<Map<String, Object>> toRows(Map<String, List<@Nullable Object>> columns,
      int rows) {
    List<Map<String, Object>> out = new ArrayList<>(rows);
    for (int r = 0; r < rows; r++) {
      Map<String, Object> row = new HashMap<>();
      for (Map.Entry<String, List<@Nullable Object>> c : columns.entrySet()) {
        Object v = c.getValue().get(r);
        if (v != null) {
          row.put(c.getKey(), v);
        }
      }
      out.add(row);
    }
    return out;
  }

  private static int rowCount(String name, long[] shape, int maxRows) {
    if (shape.length == 0 || shape.length > 2 || (shape.length == 2 && shape[1] != 1)) {
      throw HttpFailure.badRequest("Input tensor " + Excerpt.quoted(name) + " has shape " + shapeText(shape)
          + "; a tabular model takes one tensor per feature of shape [rows] or [rows, 1]");
    }
    if (shape[0] < 1) {
      throw HttpFailure.badRequest("Input tensor " + Excerpt.quoted(name) + " has no rows");
    }
    if (shape[0] > maxRows) {
      throw HttpFailure.tooLarge("Input tensor " + Excerpt.quoted(name) + " has " + shape[0]
          + " rows, over the limit of " + maxRows + " rows per request; send smaller batches");
    }
    return (int) shape[0];
  }

  private static long[] shape(String name, @Nullable JsonNode node) {
    if (node == null || !node.isArray()) {
      throw HttpFailure.badRequest("Input tensor " + Excerpt.quoted(name) + " has no \"shape\" array");
    }
    long[] shape = new long[node.size()];
    for (int i = 0; i < shape.length; i++) {
      JsonNode d = node.get(i);
      if (!d.isIntegralNumber() || d.longValue() < 0) {
        throw HttpFailure.badRequest("Input tensor " + Excerpt.quoted(name) + " has shape " + Excerpt.of(node)
            + "; dimensions are non-negative integers");
      }
      shape[i] = d.longValue();
    }
    return shape;
  }

  private static List<@Nullable Object> values(String name, TensorType type, @Nullable JsonNode data) {
    if (data == null || !data.isArray()) {
      throw HttpFailure.badRequest("Input tensor " + Excerpt.quoted(name) + " has no \"data\" array");
    }
    List<@Nullable Object> out = new ArrayList<>(data.size());
    flatten(name, type, data, out);
    return out;
  }

  /** Row-major flattening: the protocol allows the data flat or nested like the shape. */
  private static void flatten(String name, TensorType type, JsonNode data,
      List<@Nullable Object> out) {
    for (JsonNode e : data) {
      if (e.isArray()) {
        flatten(name, type, e, out);
      } else {
        out.add(type.value(name, out.size(), e));
      }
    }
  }

  /** Whether the request's parameters ask for contributions; other parameters are ignored. */
  private static boolean explain(@Nullable JsonNode parameters) {
    if (parameters == null || parameters.isNull()) {
      return false;
    }
    if (!parameters.isObject()) {
      throw HttpFailure.badRequest("\"parameters\" must be an object, such as {\"explain\": true}");
    }
    JsonNode explain = parameters.get("explain");
    if (explain != null && !explain.isBoolean()) {
      throw HttpFailure.badRequest("The parameter \"explain\" must be true or false, not "
          + Excerpt.of(explain.toString()));
    }
    return explain != null && explain.booleanValue();
  }

  private static Set<String> requestedOutputs(@Nullable JsonNode outputs) {
    Set<String> names = new LinkedHashSet<>();
    if (outputs == null || outputs.isNull()) {
      return names;
    }
    if (!outputs.isArray()) {
      throw HttpFailure.badRequest("\"outputs\" must be an array of {\"name\": ...}");
    }
    for (JsonNode o : outputs) {
      names.add(text(o, "name", "a requested output"));
    }
    return names;
  }

  private static String text(JsonNode node, String field, String what) {
    JsonNode v = node.isObject() ? node.get(field) : null;
    if (v == null || !v.isTextual() || v.textValue().isEmpty()) {
      throw HttpFailure.badRequest("The request's " + what + " has no \"" + field + "\" string");
    }
    return v.textValue();
  }

  private static @Nullable String optionalText(@Nullable JsonNode node) {
    return node == null || node.isNull() ? null : node.asText();
  }

  private static String shapeText(long[] shape) {
    return java.util.Arrays.toString(shape);
  }
}

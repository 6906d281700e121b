package dev.mlops.djl.internal;

import ai.djl.engine.Engine;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.mlops.core.format.internal.OnnxGraph;
import dev.mlops.core.format.internal.OnnxModel;
import dev.mlops.core.format.internal.OnnxPredictionGraph;
import dev.mlops.core.format.internal.OnnxSignatures;
import dev.mlops.core.format.internal.OnnxType;
import dev.mlops.core.format.internal.OnnxValueInfo;
import dev.mlops.djl.internal.OrtTabularEngine.Input;
import dev.mlops.djl.internal.OrtTabularEngine.Outputs;
import dev.mlops.djl.internal.TabularEncoder.ColumnType;
import dev.mlops.predict.PredictionException;
import dev.mlops.predict.PredictionFields;
import dev.mlops.registry.FieldSpec;
import dev.mlops.registry.ModelSignature;
import dev.mlops.registry.ModelVersion;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Builds an {@link OrtTabularEngine} for an ONNX version: matches the signature to the graph's
 * inputs (one column input per feature, by name, or one {@code [N, F]} matrix whose columns are
 * the features in order), picks the label and score outputs, and opens the session. Referenced
 * only when ONNX Runtime is on the class path.
 */
final class OrtModelLoader {

  private static final Map<Integer, ColumnType> COLUMN_TYPES = Map.of(
      OnnxType.FLOAT, ColumnType.FLOAT, OnnxType.DOUBLE, ColumnType.DOUBLE,
      OnnxType.INT64, ColumnType.INT64, OnnxType.INT32, ColumnType.INT32,
      OnnxType.BOOL, ColumnType.BOOL, OnnxType.STRING, ColumnType.STRING);

  private OrtModelLoader() {}

  /**
   * Opens a version's ONNX file in ONNX Runtime for tabular rows.
   *
   * @param v the version
   * @param file the checked model file
   * @param onnx the parsed model
   * @param signature the version's signature
   * @param settings validation policy and batch limit
   * @return the engine
   * @throws PredictionException if the signature does not describe the graph's inputs, the
   *     graph has no score output, or ONNX Runtime cannot load the file
   */
  static TabularEngine<?> load(ModelVersion v, Path file, OnnxModel onnx,
      ModelSignature signature, LoadSettings settings) {
    OnnxGraph graph = onnx.graph();
    boolean columns = signature.inputs().stream().allMatch(f -> graph.input(f.name()).isPresent())
        && graph.inputs().stream().allMatch(OnnxPredictionGraph::isColumn);
    List<Input> inputs;
    TabularEncoder encoder;
    if (columns) {
      // The column types and integer categories come from the graph's inputs.
      inputs = columnInputs(v, graph, signature);
      encoder = TabularEncoder.forColumns(v.name(), v.version(), signature,
          settings.unknownFeatures(), settings.maxBatchSize(),
          inputs.stream().map(Input::type).toList(), integerCategories(graph, inputs));
    } else {
      // The encoder first: a signature of tensors gets its message (one scalar per feature)
      // rather than a count of features that does not match.
      encoder = new TabularEncoder(v.name(), v.version(), signature, settings.unknownFeatures(),
          settings.maxBatchSize());
      inputs = matrixInput(v, graph, signature);
    }
    Outputs outputs = outputs(v, graph, signature);
    OrtEnvironment env = environment();
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      OrtSession session = env.createSession(file.toString(), options);
      return new OrtTabularEngine(env, session, encoder, !columns, inputs, outputs);
    } catch (OrtException | RuntimeException e) {
      throw fail(v, "could not be loaded by ONNX Runtime from " + file.getFileName() + ": "
          + e.getMessage(), e);
    }
  }

  /**
   * The process-wide ONNX Runtime environment. DJL's ONNX Runtime engine creates it with its own
   * threading options and fails if one exists already, so where that engine is installed it is
   * started first and the environment shared.
   */
  private static OrtEnvironment environment() {
    if (Engine.getAllEngines().contains("OnnxRuntime")) {
      Engine.getEngine("OnnxRuntime");
    }
    return OrtEnvironment.getEnvironment();
  }

  private static List<Input> columnInputs(ModelVersion v, OnnxGraph graph,
      ModelSignature signature) {
    for (OnnxValueInfo in : graph.inputs()) {
      if (signature.input(in.name()).isEmpty()) {
        throw fail(v, "takes input '" + in.name() + "', which its signature "
            + signature.inputNames() + " does not declare", null);
      }
    }
    List<Input> inputs = new ArrayList<>();
    for (FieldSpec f : signature.inputs()) {
      OnnxValueInfo in = graph.input(f.name()).orElseThrow();
      ColumnType type = COLUMN_TYPES.get(in.type().elementType());
      if (type == null || !OnnxSignatures.compatibleTypes(in.type().elementType())
          .contains(f.type())) {
        throw fail(v, "input '" + f.name() + "' is " + in.type() + " in the model but "
            + f.type() + " in its signature", null);
      }
      List<Long> shape = in.type().shape();
      inputs.add(new Input(in.name(), type, shape == null ? 2 : shape.size(), 1));
    }
    return inputs;
  }

  /**
   * The known values of each integer column whose one-hot encoder fails on any other value, so
   * that such a value is rejected before ONNX Runtime runs, as a string category is.
   */
  private static Map<String, long[]> integerCategories(OnnxGraph graph, List<Input> inputs) {
    Map<String, long[]> known = new HashMap<>();
    for (Input in : inputs) {
      if (in.type() == ColumnType.INT64 || in.type() == ColumnType.INT32) {
        long[] categories = OnnxSignatures.strictIntegerCategories(graph, in.name());
        if (categories != null) {
          known.put(in.name(), categories);
        }
      }
    }
    return known;
  }

  private static List<Input> matrixInput(ModelVersion v, OnnxGraph graph,
      ModelSignature signature) {
    if (graph.inputs().size() != 1 || !OnnxPredictionGraph.isMatrix(graph.inputs().get(0))) {
      throw fail(v, "takes " + graph.inputNames() + ", which its signature's features "
          + signature.inputNames() + " do not name; declare the model's own inputs (or register"
          + " it without a signature to have them read from the model)", null);
    }
    OnnxValueInfo in = graph.inputs().get(0);
    long width = Objects.requireNonNull(in.type().shape()).get(1);
    if (width > 0 && width != signature.inputs().size()) {
      throw fail(v, "takes " + width + " columns in input '" + in.name() + "' but its signature"
          + " declares " + signature.inputs().size() + " features " + signature.inputNames(),
          null);
    }
    ColumnType type = in.type().isTensorOf(OnnxType.DOUBLE) ? ColumnType.DOUBLE : ColumnType.FLOAT;
    return List.of(new Input(in.name(), type, 2, signature.inputs().size()));
  }

  private static Outputs outputs(ModelVersion v, OnnxGraph graph, ModelSignature signature) {
    OnnxPredictionGraph roles = OnnxPredictionGraph.of(graph);
    PredictionFields fields = PredictionFields.of(signature);
    FieldSpec declared = fields.scoreOutput();
    OnnxValueInfo scores;
    if (declared != null && graph.output(declared.name()).isPresent()) {
      scores = graph.output(declared.name()).orElseThrow();
    } else if (graph.outputs().size() == 1) {
      scores = graph.outputs().get(0);
    } else if (roles.scores() != null) {
      scores = graph.output(roles.scores().name()).orElseThrow();
    } else {
      throw fail(v, "has no float or ZipMap output to read scores from; it returns "
          + graph.outputs().stream().map(o -> o.name() + " " + o.type()).toList(), null);
    }
    String label = labelOutput(graph, roles, signature, fields);
    OnnxType t = scores.type();
    OnnxPredictionGraph.ScoreOutput role = roles.scores();
    List<String> classes = role != null && role.name().equals(scores.name()) ? role.classes()
        : List.of();
    if (t.isSequenceOfMaps()) {
      OnnxType map = Objects.requireNonNull(t.element());
      if (classes.isEmpty()) {
        throw fail(v, "returns '" + scores.name() + "' as maps (a ZipMap) whose class labels the"
            + " graph does not name", null);
      }
      OnnxType values = map.element();
      return new Outputs(label, scores.name(), true, map.elementType() == OnnxType.INT64, classes,
          classes.size(), -1, values != null && values.elementType() == OnnxType.DOUBLE);
    }
    if (!(t.isTensorOf(OnnxType.FLOAT) || t.isTensorOf(OnnxType.DOUBLE))) {
      throw fail(v, "returns '" + scores.name() + "' as " + t + ", which is not scores; "
          + "declare the model's float output first among the signature's float outputs", null);
    }
    List<Long> shape = t.shape();
    int rank = shape == null ? -1 : shape.size();
    int width = rank == 1 ? 1
        : shape != null && rank == 2 && shape.get(1) > 0 ? Math.toIntExact(shape.get(1)) : -1;


    return new Outputs(label, scores.name(), false, false, classes, width, rank,
        t.isTensorOf(OnnxType.DOUBLE));
  }

  /** The signature's label output where the graph has it; the graph's own if no output is declared. */
  private static @Nullable String labelOutput(OnnxGraph graph, OnnxPredictionGraph roles,
      ModelSignature signature, PredictionFields fields) {
    FieldSpec declared = fields.labelOutput();
    if (declared != null) {
      return graph.output(declared.name()).isPresent() ? declared.name() : null;
    }
    if (signature.outputs().isEmpty() && roles.label() != null) {
      return roles.label().name();
    }
    return null;
  }

  private static PredictionException fail(ModelVersion v, String problem,
      @Nullable Throwable cause) {
    return new PredictionException("Model '" + v.name() + "' version " + v.version() + " "
        + problem, cause);
  }
}

package dev.mlops.core.format.internal;

import dev.mlops.core.format.internal.OnnxPredictionGraph.Layout;
import dev.mlops.core.format.internal.OnnxPredictionGraph.LabelOutput;
import dev.mlops.core.format.internal.OnnxPredictionGraph.ScoreOutput;
import dev.mlops.registry.DataType;
import dev.mlops.registry.FieldSpec;
import dev.mlops.registry.InvalidSignatureException;
import dev.mlops.registry.ModelSignature;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The signature an ONNX graph implies, and the check of a given signature against the graph.
 *
 * <p><b>Inference.</b> A graph of {@linkplain Layout#COLUMNS columns} gives one scalar input per
 * graph input, typed from its element type ({@code float} FLOAT32, {@code double} FLOAT64, {@code
 * int64} INT64, {@code int32} INT32, {@code bool} BOOLEAN, {@code string} STRING). A string input
 * that feeds a {@code OneHotEncoder} with {@code zeros=0} (scikit-learn's {@code
 * handle_unknown='error'}), directly or through nodes that keep its values ({@code Cast}, {@code
 * Reshape}...), is CATEGORICAL with the encoder's categories, so that an unknown value is rejected
 * before the engine runs (an integer input keeps its type; a predictor reads such an encoder's
 * integer categories with {@link #strictIntegerCategories}); other string inputs accept any text
 * and the encoder applies its own rule (a {@code LabelEncoder} maps an unknown value to its
 * default, a {@code OneHotEncoder} with {@code zeros=1} to all zeros). A numeric input that reaches
 * an {@code Imputer} replacing NaN is optional: an absent value is passed as NaN, which the imputer
 * fills. Its outputs: the label output (scalar per row, with the class labels the graph names), the
 * score output (a {@code ZipMap} or a float tensor, with its width and class labels), and any other
 * tensor output with its shape. Any other graph (one {@code [N, F]} matrix, images...) gives tensor
 * inputs and outputs with the graph's shapes ({@code -1} for free dimensions). A graph with a type
 * the SDK has no {@link DataType} for infers nothing.
 *
 * <p><b>Check.</b> A given signature must agree with the graph, else registration fails naming
 * the first input or output that differs: scalar inputs are matched to column inputs by name (every
 * graph input must be declared, with a compatible type, and nothing else), or, for a graph with one
 * {@code [N, F]} matrix input, counted against {@code F}; tensor inputs are matched by name (or by
 * position when no name matches) on element type, rank and fixed dimensions. An output is matched
 * by name, or is the graph's only output; its class labels and width must agree with the graph's
 * where both are known.
 */
public final class OnnxSignatures {

  private static final Map<Integer, DataType> TYPES = Map.of(
      OnnxType.FLOAT, DataType.FLOAT32, OnnxType.DOUBLE, DataType.FLOAT64,
      OnnxType.INT64, DataType.INT64, OnnxType.INT32, DataType.INT32,
      OnnxType.BOOL, DataType.BOOLEAN, OnnxType.STRING, DataType.STRING);

  private static final Map<Integer, Set<DataType>> COMPATIBLE = Map.of(
      OnnxType.FLOAT, Set.of(DataType.FLOAT32, DataType.FLOAT64),
      OnnxType.DOUBLE, Set.of(DataType.FLOAT64, DataType.FLOAT32),
      OnnxType.INT64, Set.of(DataType.INT64, DataType.INT32),
      OnnxType.INT32, Set.of(DataType.INT32),
      OnnxType.BOOL, Set.of(DataType.BOOLEAN),
      OnnxType.STRING, Set.of(DataType.STRING, DataType.CATEGORICAL));

  private OnnxSignatures() {}

  /**
   * The signature types that can describe a graph input of an element type: {@code float} and
   * {@code double} take FLOAT32 or FLOAT64, {@code int64} INT64 or INT32, {@code int32} INT32,
   * {@code bool} BOOLEAN, {@code string} STRING or CATEGORICAL.
   *
   * @param elementType a {@code TensorProto.DataType} value
   * @return the accepted types, empty for element types the SDK does not feed
   */
  public static Set<DataType> compatibleTypes(int elementType) {
    return COMPATIBLE.getOrDefault(elementType, Set.of());
  }

  /**
   * Infers the signature of a model.
   *
   * @param model the parsed model
   * @return the signature, or empty if an input or the graph's kind cannot be described
   */
  public static Optional<ModelSignature> infer(OnnxModel model) {
    OnnxGraph graph = model.graph();
    OnnxPredictionGraph roles = OnnxPredictionGraph.of(graph);
    List<FieldSpec> inputs = new ArrayList<>();
    for (OnnxValueInfo in : graph.inputs()) {
      FieldSpec f = roles.layout() == Layout.COLUMNS ? column(graph, in) : tensor(in);
      if (f == null) {
        return Optional.empty();
      }
      inputs.add(f);
    }
    if (inputs.isEmpty()) {
      return Optional.empty();
    }
    List<FieldSpec> outputs = new ArrayList<>();
    for (OnnxValueInfo out : graph.outputs()) {
      FieldSpec f = roles.layout() == Layout.COLUMNS ? output(roles, out) : tensor(out);
      if (f != null) {
        outputs.add(f);
      }
    }
    return Optional.of(ModelSignature.of(inputs, outputs));
  }

  /**
   * Checks a given signature against a model.
   *
   * @param signature the signature given for registration
   * @param model the parsed model
   * @param modelName the model being registered, for messages
   * @param file the model file, for messages
   * @throws InvalidSignatureException naming the first input or output that differs
   */
  public static void check(ModelSignature signature, OnnxModel model, String modelName,
      String file) {
    new Check(signature, model.graph(), modelName, file).run();
  }

  private static @Nullable FieldSpec column(OnnxGraph graph, OnnxValueInfo in) {
    DataType type = TYPES.get(in.type().elementType());
    if (type == null) {
      return null;
    }
    FieldSpec f = FieldSpec.scalar(in.name(), type);
    if (type == DataType.STRING) {
      List<String> categories = strictCategories(graph, in.name());
      if (!categories.isEmpty()) {
        f = FieldSpec.categorical(in.name(), categories);
      }
    }
    if (type.isNumeric() && imputed(graph, in.name())) {
      f = f.asOptional();
    }
    return f;
  }

  /** The categories of a OneHotEncoder with zeros=0 reading the input, else none. */
  private static List<String> strictCategories(OnnxGraph graph, String input) {
    OnnxNode.Attribute cats = strictOneHotCategories(graph, input, "cats_strings");
    return cats == null ? List.of() : cats.strings();
  }

  /**
   * The categories of a {@code OneHotEncoder} that reads an input (directly or through nodes that
   * keep its values, such as a {@code Cast}) and fails on a value it does not know ({@code
   * zeros=0}, scikit-learn's {@code handle_unknown='error'}); an encoder with {@code zeros=1} (the
   * default, {@code handle_unknown='ignore'}) encodes such a value as all zeros, so it has no
   * strict categories.
   *
   * @param graph the main graph
   * @param input a graph input
   * @return the encoder's {@code cats_int64s}, or null where no such encoder reads the input
   */
  public static long @Nullable [] strictIntegerCategories(OnnxGraph graph, String input) {
    OnnxNode.Attribute cats = strictOneHotCategories(graph, input, "cats_int64s");
    return cats == null || cats.ints().isEmpty() ? null
        : cats.ints().stream().mapToLong(Long::longValue).toArray();
  }

  /**
   * The attribute of the first strict {@code OneHotEncoder} (zeros=0) that reads the input,
   * directly or through nodes that keep its values ({@link OnnxPredictionGraph#PASS_THROUGH},
   * such as the {@code Cast} to int64 skl2onnx puts before integer categories).
   */
  private static OnnxNode.@Nullable Attribute strictOneHotCategories(OnnxGraph graph,
      String input, String attribute) {
    List<String> values = new ArrayList<>(List.of(input));
    for (int i = 0; i < values.size() && i < 32; i++) {
      for (OnnxNode n : graph.consumers(values.get(i))) {
        OnnxNode.Attribute cats = n.attribute(attribute);
        OnnxNode.Attribute zeros = n.attribute("zeros");
        if (n.isMl("OneHotEncoder") && cats != null && zeros != null && zeros.i() == 0) {
          return cats;
        }
        if (OnnxPredictionGraph.PASS_THROUGH.contains(n.opType()) && !n.outputs().isEmpty()
            && n.inputs().indexOf(values.get(i)) == 0) {
          values.add(n.outputs().get(0));
        }
      }
    }
    return null;
  }

  private static boolean imputed(OnnxGraph graph, String input) {
    Set<String> reached = graph.downstreamOf(input);
    return graph.nodes().stream().anyMatch(n -> n.isMl("Imputer")
        && n.inputs().stream().anyMatch(reached::contains)
        && n.attribute("replaced_value_float") != null
        && Float.isNaN(n.attribute("replaced_value_float").f()));
  }

  private static @Nullable FieldSpec tensor(OnnxValueInfo value) {
    OnnxType t = value.type();
    DataType type = TYPES.get(t.elementType());
    if (t.kind() != OnnxType.Kind.TENSOR || type == null || t.shape() == null) {
      return null;
    }
    return FieldSpec.tensor(value.name(), type,
        t.shape().stream().mapToLong(Long::longValue).toArray());
  }

  private static @Nullable FieldSpec output(OnnxPredictionGraph roles, OnnxValueInfo out) {
    LabelOutput label = roles.label();
    ScoreOutput scores = roles.scores();
    if (label != null && label.name().equals(out.name())) {
      DataType type = TYPES.get(label.elementType());
      return type == null ? null
          : FieldSpec.scalar(out.name(), type).withCategories(label.classes());
    }

    if (scores != null && scores.name().equals(out.name())) {
      DataType type = scores.elementType() == OnnxType.DOUBLE ? DataType.FLOAT64 : DataType.FLOAT32;
      FieldSpec f = scores.width() > 0 ? FieldSpec.tensor(out.name(), type, scores.width())
          : FieldSpec.tensor(out.name(), type, -1);
      return f.withCategories(scores.classes());
    }
    return tensor(out);
  }

  /** One check of a signature against a graph; fails at the first difference. */
  private static final class Check {
    private final ModelSignature signature;
    private final OnnxGraph graph;
    private final OnnxPredictionGraph roles;
    private final String modelName;
    private final String file;

    Check(ModelSignature signature, OnnxGraph graph, String modelName, String file) {
      this.signature = signature;
      this.graph = graph;
      this.roles = OnnxPredictionGraph.of(graph);
      this.modelName = modelName;
      this.file = file;
    }

    void run() {
      boolean scalar = signature.inputs().stream()
          .allMatch(f -> f.shape().isEmpty() || f.shape().equals(List.of(1L)));
      boolean named = signature.inputs().stream()
          .anyMatch(f -> graph.input(f.name()).isPresent());
      if (scalar && (named || roles.layout() == Layout.COLUMNS && graph.inputs().size() > 1)) {
        columns();
      } else if (scalar && graph.inputs().size() == 1
          && OnnxPredictionGraph.isMatrix(graph.inputs().get(0))) {
        matrix(graph.inputs().get(0));
      } else if (scalar) {
        throw fail(null, "the signature declares scalar features " + signature.inputNames()
            + " but the graph takes " + describe(graph.inputs()) + "; declare those inputs");
      } else {
        tensors();
      }
      outputs();
    }

    private void columns() {
      for (OnnxValueInfo in : graph.inputs()) {
        FieldSpec f = signature.input(in.name()).orElseThrow(() -> fail(in.name(),
            "the graph's input '" + in.name() + "' (" + in.type() + ") is missing from the"
                + " signature"));
        requireType(in, f);
      }
      for (FieldSpec f : signature.inputs()) {
        if (graph.input(f.name()).isEmpty()) {
          throw fail(f.name(), "input '" + f.name() + "' is not an input of the graph, which"
              + " takes " + graph.inputNames());
        }
      }
    }

    private void matrix(OnnxValueInfo in) {
      List<Long> shape = in.type().shape();
      long width = shape == null ? -1 : shape.get(1);
      if (width > 0 && width != signature.inputs().size()) {
        throw fail(null, "the graph's input '" + in.name() + "' (" + in.type() + ") takes "
            + width + " columns but the signature declares " + signature.inputs().size()
            + " features " + signature.inputNames());
      }
    }

    private void tensors() {
      if (signature.inputs().size() != graph.inputs().size()) {
        throw fail(null, "the graph takes " + graph.inputs().size() + " inputs "
            + describe(graph.inputs()) + " but the signature declares "
            + signature.inputs().size() + " " + signature.inputNames());
      }
      boolean byName = signature.inputs().stream().allMatch(f -> graph.input(f.name()).isPresent());
      for (int i = 0; i < signature.inputs().size(); i++) {
        FieldSpec f = signature.inputs().get(i);
        OnnxValueInfo in = byName ? graph.input(f.name()).orElseThrow() : graph.inputs().get(i);
        requireType(in, f);
        List<Long> shape = in.type().shape();
        if (shape != null && !dimensionsAgree(shape, f.shape())) {
          throw fail(f.name(), "input '" + f.name() + "': the graph takes " + in.type()
              + " but the signature declares " + f.type() + f.shape());
        }
      }
    }

    private void outputs() {
      for (FieldSpec f : signature.outputs()) {
        Optional<OnnxValueInfo> named = graph.output(f.name());
        if (named.isEmpty() && graph.outputs().size() != 1) {
          throw fail(f.name(), "output '" + f.name() + "' is not an output of the graph, which"
              + " returns " + graph.outputs().stream().map(OnnxValueInfo::name).toList());
        }
        OnnxValueInfo out = named.orElse(graph.outputs().get(0));
        ScoreOutput scores = roles.scores();
        LabelOutput label = roles.label();
        if (scores != null && scores.name().equals(out.name())) {
          requireClasses(f, out, scores.classes());
          int declared = width(f);
          if (declared > 0 && scores.width() > 0 && declared != scores.width()) {
            throw fail(f.name(), "output '" + f.name() + "' declares " + declared + " scores per"
                + " row but the graph's output '" + out.name() + "' (" + out.type() + ") has "
                + scores.width());
          }
        } else if (label != null && label.name().equals(out.name())) {
          requireClasses(f, out, label.classes());
        }
      }
    }

    private void requireClasses(FieldSpec f, OnnxValueInfo out, List<String> graphClasses) {
      if (!f.categories().isEmpty() && !graphClasses.isEmpty()
          && !f.categories().equals(graphClasses)) {
        throw fail(f.name(), "output '" + f.name() + "' lists the classes " + f.categories()
            + " but the graph's output '" + out.name() + "' has " + graphClasses
            + " (in that order)");
      }
    }

    private void requireType(OnnxValueInfo in, FieldSpec f) {
      OnnxType t = in.type();
      Set<DataType> accepted = t.kind() == OnnxType.Kind.TENSOR
          ? compatibleTypes(t.elementType()) : Set.of();
      if (!accepted.contains(f.type())) {
        throw fail(f.name(), "input '" + f.name() + "': the graph takes " + t
            + " but the signature declares " + f.type());
      }
    }

    private static boolean dimensionsAgree(List<Long> graphShape, List<Long> declared) {
      if (graphShape.size() != declared.size()) {
        return false;
      }
      for (int i = 0; i < declared.size(); i++) {
        long g = graphShape.get(i);
        long d = declared.get(i);
        if (g > 0 && d > 0 && g != d) {
          return false;
        }
      }
      return true;
    }

    private static int width(FieldSpec f) {
      if (!f.categories().isEmpty()) {
        return f.categories().size();
      }
      List<Long> shape = f.shape();
      return shape.isEmpty() ? -1 : Math.toIntExact(Math.max(-1, shape.get(shape.size() - 1)));
    }

    private static String describe(List<OnnxValueInfo> values) {
      return values.stream().map(v -> v.name() + " " + v.type()).toList().toString();
    }

    private InvalidSignatureException fail(@Nullable String field, String problem) {
      return new InvalidSignatureException(modelName, file, field, problem);
    }
  }
}

package dev.mlops.core.format.internal;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What the parts of an ONNX graph mean for predictions: how rows are fed ({@link Layout}), which
 * output is the predicted label and which the scores, and the class labels the graph itself names.
 *
 * <p>Converter-built graphs (skl2onnx, onnxmltools, sparkml2onnx) take one {@code [N, 1]} (or
 * {@code [N]}) input per column and return a label tensor ({@code int64} or {@code string}) and
 * the class probabilities, either as a {@code [N, K]} float tensor or, by default, as a {@code
 * ZipMap}: a sequence of maps from class label to probability. Their classifier operator ({@code
 * TreeEnsembleClassifier}, {@code LinearClassifier}, {@code SVMClassifier}...) and the {@code
 * ZipMap} carry the class labels ({@code classlabels_strings} or {@code classlabels_int64s}).
 * Graphs exported from deep-learning frameworks take one {@code [N, F]} matrix and return scores.
 *
 * @param layout how rows are fed
 * @param label the label output, or null if the graph has none
 * @param scores the score output (probabilities, or a regression value), or null if none
 * @since 0.1
 */
public record OnnxPredictionGraph(Layout layout, @Nullable LabelOutput label,
    @Nullable ScoreOutput scores) {

  /** Element types a column input may have. */
  static final Set<Integer> COLUMN_TYPES = Set.of(OnnxType.FLOAT, OnnxType.DOUBLE, OnnxType.INT64,
      OnnxType.INT32, OnnxType.BOOL, OnnxType.STRING);

  /** Operators through which a value keeps its meaning (and its classes). */
  static final Set<String> PASS_THROUGH = Set.of("Identity", "Cast", "Reshape", "Squeeze",
      "Unsqueeze", "Flatten");

  /** How a graph takes rows. */
  public enum Layout {
    /** One {@code [N, 1]} or {@code [N]} input per feature, named after it. */
    COLUMNS,
    /** One {@code [N, F]} float or double input whose columns are the features in order. */
    MATRIX,
    /** Anything else: served as raw tensors only. */
    TENSORS
  }

  /**
   * The output holding the predicted label.
   *
   * @param name the output's name
   * @param elementType its element type ({@code int64} or {@code string}, usually)
   * @param classes the class labels the graph names, as text; empty if it names none
   */
  public record LabelOutput(String name, int elementType, List<String> classes) {
    /** Copies the classes. */
    public LabelOutput {
      classes = List.copyOf(classes);
    }
  }

  /**
   * The output holding the scores.
   *
   * @param name the output's name
   * @param zipMap whether it is a {@code ZipMap}'s sequence of maps rather than a tensor
   * @param elementType the element type of a tensor, or of the maps' values
   * @param classes the class labels the graph names, in score order, as text; empty if none
   * @param width scores per row: the class count, a tensor's last dimension, or -1 if unknown
   */
  public record ScoreOutput(String name, boolean zipMap, int elementType, List<String> classes,
      int width) {
    /** Copies the classes. */
    public ScoreOutput {
      classes = List.copyOf(classes);
    }
  }

  /**
   * Reads a graph's roles.
   *
   * @param graph the main graph
   * @return what its inputs and outputs mean
   */
  public static OnnxPredictionGraph of(OnnxGraph graph) {
    return new OnnxPredictionGraph(layout(graph), label(graph), scores(graph));
  }

  /**
   * Whether an input is one column: a tensor of a column type with shape {@code [N]} or
   * {@code [N, 1]}.
   *
   * @param input a graph input
   * @return true for a column
   */
  public static boolean isColumn(OnnxValueInfo input) {
    OnnxType t = input.type();
    List<Long> shape = t.shape();
    return t.kind() == OnnxType.Kind.TENSOR && COLUMN_TYPES.contains(t.elementType())
        && shape != null && (shape.size() == 1 || (shape.size() == 2 && shape.get(1) == 1));
  }

  /**
   * Whether an input is a feature matrix: a float or double tensor of rank 2.
   *
   * @param input a graph input
   * @return true for {@code float[N, F]} or {@code double[N, F]}
   */
  public static boolean isMatrix(OnnxValueInfo input) {
    OnnxType t = input.type();
    return (t.isTensorOf(OnnxType.FLOAT) || t.isTensorOf(OnnxType.DOUBLE))
        && t.shape() != null && t.shape().size() == 2;
  }

  private static Layout layout(OnnxGraph graph) {
    List<OnnxValueInfo> inputs = graph.inputs();
    if (!inputs.isEmpty() && inputs.stream().allMatch(OnnxPredictionGraph::isColumn)) {
      return Layout.COLUMNS;
    }
    if (inputs.size() == 1 && isMatrix(inputs.get(0))) {
      return Layout.MATRIX;
    }
    return Layout.TENSORS;
  }

  private static @Nullable LabelOutput label(OnnxGraph graph) {
    for (OnnxValueInfo out : graph.outputs()) {
      OnnxType t = out.type();
      boolean labelType = t.isTensorOf(OnnxType.INT64) || t.isTensorOf(OnnxType.STRING)
          || t.isTensorOf(OnnxType.INT32);
      if (labelType && t.shape() != null && (t.shape().size() == 1
          || (t.shape().size() == 2 && t.shape().get(1) == 1))) {
        return new LabelOutput(out.name(), t.elementType(), classes(graph, out.name()));
      }
    }
    return null;
  }

  private static @Nullable ScoreOutput scores(OnnxGraph graph) {
    for (OnnxValueInfo out : graph.outputs()) {
      OnnxType t = out.type();
      if (t.isSequenceOfMaps()) {
        OnnxType values = t.element() == null ? null : t.element().element();
        List<String> classes = classes(graph, out.name());
        return new ScoreOutput(out.name(), true,
            values == null ? OnnxType.FLOAT : values.elementType(), classes,
            classes.isEmpty() ? -1 : classes.size());
      }
      if (t.isTensorOf(OnnxType.FLOAT) || t.isTensorOf(OnnxType.DOUBLE)) {
        List<String> classes = classes(graph, out.name());
        return new ScoreOutput(out.name(), false, t.elementType(), classes, width(t, classes));
      }
    }
    return null;
  }

  private static int width(OnnxType tensor, List<String> classes) {
    List<Long> shape = tensor.shape();
    if (shape != null && shape.size() == 1) {
      return 1;
    }
    if (shape != null && shape.size() == 2 && shape.get(1) > 0) {
      return Math.toIntExact(shape.get(1));
    }
    return classes.isEmpty() ? -1 : classes.size();
  }

  /** The class labels of the node that computes a value, looking through pass-through nodes. */
  private static List<String> classes(OnnxGraph graph, String value) {
    String current = value;
    for (int hops = 0; hops < 32; hops++) {
      Optional<OnnxNode> producer = graph.producer(current);
      if (producer.isEmpty()) {
        return List.of();
      }
      OnnxNode n = producer.get();
      OnnxNode.Attribute strings = n.attribute("classlabels_strings");
      OnnxNode.Attribute ints = n.attribute("classlabels_int64s");
      if (strings != null && !strings.strings().isEmpty()) {
        return strings.strings();
      }
      if (ints != null && !ints.ints().isEmpty()) {
        return ints.ints().stream().map(String::valueOf).toList();
      }
      if (!PASS_THROUGH.contains(n.opType()) || n.inputs().isEmpty()) {
        return List.of();
      }
      current = n.inputs().get(0);
    }
    return List.of();
  }
}

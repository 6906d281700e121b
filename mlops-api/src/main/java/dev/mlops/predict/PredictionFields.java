package dev.mlops.predict;

import dev.mlops.registry.DataType;
import dev.mlops.registry.FieldSpec;
import dev.mlops.registry.ModelSignature;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The one naming rule for what a tabular model returns per row, used by {@link
 * Prediction#outputs()}, the command line's output columns, the server's V1 records and V2 output
 * tensors.
 *
 * <p>A predictor serves two of a signature's outputs: the <em>label</em> output, the first whose
 * type is not a float (the predicted class as the model returns it, such as skl2onnx's {@code
 * output_label}), and the <em>score</em> output, the first float output (class probabilities or a
 * regression value). The fields are, in the order of the signature's outputs:
 *
 * <ul>
 *   <li>the label output: one field with its own name;
 *   <li>a score output with class labels (its categories): one field per class, {@code
 *       <output>_<class>}, such as {@code output_probability_churn} or {@code
 *       output_probability_1};
 *   <li>a score output of width {@code K > 1} without class labels: {@code <output>_0} to {@code
 *       <output>_<K-1>}, the class being the column index;
 *   <li>a score output of width 1 (a regression value): one field with its own name.
 * </ul>
 *
 * @since 0.1
 */
public final class PredictionFields {

  /** Where a field's value comes from, besides a class index: the label, or the single score. */
  private static final int LABEL = -1;
  private static final int SINGLE_SCORE = -2;

  private final List<Field> fields;
  private final String[] names;
  private final int[] sources;
  private final boolean needsLabel;
  private final boolean needsSingleScore;
  private final int scoresNeeded;
  private final @Nullable FieldSpec label;
  private final @Nullable FieldSpec scores;

  private PredictionFields(List<Field> fields, @Nullable FieldSpec label,
      @Nullable FieldSpec scores) {
    this.fields = List.copyOf(fields);
    this.names = fields.stream().map(Field::name).toArray(String[]::new);
    this.sources = fields.stream().mapToInt(f -> f.output() == label ? LABEL
        : f.classIndex() >= 0 ? f.classIndex() : SINGLE_SCORE).toArray();
    this.needsLabel = Arrays.stream(sources).anyMatch(s -> s == LABEL);
    this.needsSingleScore = Arrays.stream(sources).anyMatch(s -> s == SINGLE_SCORE);
    this.scoresNeeded = Arrays.stream(sources).max().orElse(-1) + 1;
    this.label = label;
    this.scores = scores;
  }

  /**
   * One named value of a prediction.
   *
   * @param name the field's name
   * @param output the signature output it comes from
   * @param classIndex the position in the score output's classes or columns, or -1 for a label or
   *     a single score
   */
  public record Field(String name, FieldSpec output, int classIndex) {
    /**
     * Validates the components.
     *
     * @param name the field's name
     * @param output the signature output it comes from
     * @param classIndex the class position, or -1
     * @throws NullPointerException if the name or output is null
     */
    public Field {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(output, "output");
    }
  }

  /**
   * The fields of a signature's served outputs.
   *
   * @param signature the version's signature
   * @return the fields, in order; none when the signature declares no outputs
   */
  public static PredictionFields of(ModelSignature signature) {
    FieldSpec label = null;
    FieldSpec scores = null;
    for (FieldSpec o : signature.outputs()) {
      if (isScore(o)) {
        scores = scores == null ? o : scores;
      } else {
        label = label == null ? o : label;
      }
    }
    List<Field> fields = new ArrayList<>();
    for (FieldSpec o : signature.outputs()) {
      if (o == label) {
        fields.add(new Field(o.name(), o, -1));
      } else if (o == scores) {
        int width = width(o);
        if (!o.categories().isEmpty()) {
          for (int i = 0; i < width; i++) {
            fields.add(new Field(o.name() + "_" + o.categories().get(i), o, i));
          }
        } else if (width > 1) {
          for (int i = 0; i < width; i++) {
            fields.add(new Field(o.name() + "_" + i, o, i));
          }
        } else {
          fields.add(new Field(o.name(), o, -1));
        }
      }
    }
    return new PredictionFields(fields, label, scores);
  }

  /**
   * The fields, in order.
   *
   * @return the fields
   */
  public List<Field> fields() {
    return fields;
  }

  /**
   * The names of the fields, in order.
   *
   * @return the names
   */
  public List<String> names() {
    return fields.stream().map(Field::name).toList();
  }

  /**
   * One row's outputs, named, as a predictor makes them: an immutable map, in field order, that
   * shares the field names with every other row and reads the values from the row's scores and
   * label when asked. A label field takes {@code label}; a class field the score at its class
   * index; a single-score field the only score.
   *
   * <p>Where that leaves a field without a value (no label was given, or the score output's width
   * is open in the signature so that the row's scores do not match its fields), the map is built
   * field by field instead: a label field without a label is left out, and a score output whose
   * width the signature leaves open gets one field per score, {@code <output>_<index>}. Without
   * any fields (a signature without outputs), the scores are named {@code score_<index>}.
   *
   * @param scores the row's scores, in class order (kept as they are if made by {@link
   *     #scores(double[], int, int)}, else copied)
   * @param label the row's label as the model returned it ({@code String} or {@code Long}), the
   *     class with the highest score, or null
   * @return the outputs by field name
   * @since 0.1
   */
  public Map<String, Object> outputs(List<Double> scores, @Nullable Object label) {
    scores = scores instanceof ScoreRow ? scores : List.copyOf(scores);
    int width = scores.size();
    boolean complete = names.length > 0 && (label != null || !needsLabel)
        && width >= scoresNeeded && (!needsSingleScore || width == 1);
    if (complete) {
      return new RowOutputs(names, sources, scores, label);
    }
    Map<String, Object> named = new LinkedHashMap<>();
    if (fields.isEmpty()) {
      for (int i = 0; i < width; i++) {
        named.put("score_" + i, scores.get(i));
      }
      return OrderedValues.copyOf(named);
    }
    for (int f = 0; f < names.length; f++) {
      if (sources[f] == LABEL) {
        if (label != null) {
          named.put(names[f], label);
        }
      } else if (sources[f] >= 0) {
        named.put(names[f], scores.get(sources[f]));
      } else if (width == 1) {
        named.put(names[f], scores.get(0));
      } else {
        for (int i = 0; i < width; i++) {
          named.put(names[f] + "_" + i, scores.get(i));
        }
      }
    }
    return OrderedValues.copyOf(named);
  }

  /**
   * One row of a batch's scores as an immutable list that reads the batch's array, boxing a score
   * when asked, instead of copying it: a predictor makes one per prediction over one array per
   * batch, and {@link Prediction} keeps it as it is. The array is kept: the caller never writes
   * it again.
   *
   * @param batch the batch's scores, row after row
   * @param row the row
   * @param width the scores per row
   * @return the row's scores
   * @throws IndexOutOfBoundsException if the row lies outside the array
   * @since 0.1
   */
  public static List<Double> scores(double[] batch, int row, int width) {
    return new ScoreRow(batch, row * width, width);
  }

  /**
   * The output served as the label.
   *
   * @return the first output that is not a float, or null if there is none
   */
  public @Nullable FieldSpec labelOutput() {
    return label;
  }

  /**
   * The output served as the scores.
   *
   * @return the first float output, or null if there is none
   */
  public @Nullable FieldSpec scoreOutput() {
    return scores;
  }

  /**
   * How many scores per row a score output declares: its class count, else the last dimension of
   * its shape, else 1.
   *
   * @param output a float output
   * @return the width, at least 1
   */
  public static int width(FieldSpec output) {
    if (!output.categories().isEmpty()) {
      return output.categories().size();
    }
    List<Long> shape = output.shape();
    long last = shape.isEmpty() ? 1 : shape.get(shape.size() - 1);
    return last > 0 ? Math.toIntExact(last) : 1;
  }

  /** A row's outputs computed from its scores and label, by each field's source. */
  private static final class RowOutputs extends OrderedValues {
    private final int[] sources;
    private final List<Double> scores;
    private final @Nullable Object label;

    RowOutputs(String[] names, int[] sources, List<Double> scores, @Nullable Object label) {
      super(names);
      this.sources = sources;
      this.scores = scores;
      this.label = label;
    }

    @Override
    Object value(int i) {
      int source = sources[i];
      return source == LABEL ? Objects.requireNonNull(label)
          : scores.get(source == SINGLE_SCORE ? 0 : source);
    }
  }

  private static boolean isScore(FieldSpec output) {
    return output.type() == DataType.FLOAT32 || output.type() == DataType.FLOAT64;
  }
}

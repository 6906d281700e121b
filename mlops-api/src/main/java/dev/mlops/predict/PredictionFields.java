package dev.mlops.predict;

import dev.mlops.registry.DataType;
import dev.mlops.registry.FieldSpec;
import dev.mlops.registry.ModelSignature;
import java.util.ArrayList;
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

  private final List<Field> fields;
  private final String[] names;
  private final @Nullable FieldSpec label;
  private final @Nullable FieldSpec scores;

  private PredictionFields(List<Field> fields, @Nullable FieldSpec label,
      @Nullable FieldSpec scores) {
    this.fields = List.copyOf(fields);
    this.names = fields.stream().map(Field::name).toArray(String[]::new);
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
   * One row's outputs, named: an immutable map, in field order, that shares the field names with
   * every other row (a predictor builds one per prediction).
   *
   * @param values one value per field, in field order
   * @return the outputs by field name
   * @throws IllegalArgumentException if there is not one value per field, or a value is null
   */
  public Map<String, Object> outputs(Object... values) {
    if (values.length != names.length) {
      throw new IllegalArgumentException(names.length + " fields " + names() + " but "
          + values.length + " values");
    }
    for (int i = 0; i < values.length; i++) {
      Objects.requireNonNull(values[i], names[i]);
    }
    return new OrderedValues(names, values.clone());
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

  private static boolean isScore(FieldSpec output) {
    return output.type() == DataType.FLOAT32 || output.type() == DataType.FLOAT64;
  }
}

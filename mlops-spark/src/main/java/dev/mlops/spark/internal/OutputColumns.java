package dev.mlops.spark.internal;

import dev.mlops.registry.DataType;
import dev.mlops.registry.FieldSpec;
import dev.mlops.registry.ModelSignature;
import java.util.ArrayList;
import java.util.List;

/**
 * The columns a signature's outputs become, by the SDK's output naming rule (issue #15): the label
 * output (the first that is not a float) keeps its name; the score output (the first float output)
 * becomes one column per class, {@code <output>_<class>}, where it names its classes, {@code
 * <output>_0} ... {@code <output>_<K-1>} where it is {@code K > 1} wide without class names, and
 * keeps its own name where it is one value wide (a regression).
 */
public final class OutputColumns {

  private OutputColumns() {}

  /**
   * The output columns of a signature, in the order of its outputs.
   *
   * @param signature the version's signature
   * @return the columns; empty when the signature declares no outputs
   */
  public static List<OutputColumn> of(ModelSignature signature) {
    FieldSpec label = null;
    FieldSpec scores = null;
    for (FieldSpec o : signature.outputs()) {
      if (isScore(o)) {
        scores = scores == null ? o : scores;
      } else {
        label = label == null ? o : label;
      }
    }
    List<OutputColumn> columns = new ArrayList<>();
    for (FieldSpec o : signature.outputs()) {
      if (o == label) {
        columns.add(new OutputColumn(o.name(), -1));
      } else if (o == scores) {
        int width = width(o);
        if (!o.categories().isEmpty()) {
          for (int i = 0; i < width; i++) {
            columns.add(new OutputColumn(o.name() + "_" + o.categories().get(i), i));
          }
        } else if (width > 1) {
          for (int i = 0; i < width; i++) {
            columns.add(new OutputColumn(o.name() + "_" + i, i));
          }
        } else {
          columns.add(new OutputColumn(o.name(), 0));
        }
      }
    }
    return List.copyOf(columns);
  }

  /** The class count, else the last dimension of the shape, else 1. */
  private static int width(FieldSpec output) {
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

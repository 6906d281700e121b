package dev.mlops.cli;

import dev.mlops.registry.DataType;
import dev.mlops.registry.FieldSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The columns of {@code mlops predict}'s output: the id column (with {@code --id-column}), one
 * column per signature output (named and typed as the signature says; {@code score_0},
 * {@code score_1}, ... as doubles, as wide as the first prediction, for a signature without
 * outputs), {@code model_version}, and with {@code --explain} the contribution columns (doubles),
 * named by {@link dev.mlops.predict.Explanation#fields()} as the server names them: {@code
 * contribution_<feature>} and {@code contribution_bias} for a model with one explained output,
 * {@code contribution_<class>_<feature>} and {@code contribution_<class>_bias} per class for a
 * multi-class model.
 *
 * @param idColumn the id column, or null
 * @param idType the type of its values
 * @param scores the score columns' names
 * @param scoreTypes their types, as the signature names them
 * @param contributions the contribution columns' names, empty without {@code --explain}
 */
record OutputLayout(@Nullable String idColumn, DataType idType, List<String> scores,
    List<DataType> scoreTypes, List<String> contributions) {

  /** The column that names the version that computed each row. */
  static final String MODEL_VERSION = "model_version";

  /**
   * The layout for a signature's outputs.
   *
   * @param idColumn the id column, or null
   * @param idType the type of its values
   * @param outputs the signature's outputs
   * @param width the number of scores of the first prediction, used when there are no outputs
   * @param explained the first row's contribution fields, empty without {@code --explain}
   * @return the layout
   */
  static OutputLayout of(@Nullable String idColumn, DataType idType, List<FieldSpec> outputs,
      int width, Map<String, Double> explained) {
    List<String> names = new ArrayList<>();
    List<DataType> types = new ArrayList<>();
    if (outputs.isEmpty()) {
      for (int i = 0; i < width; i++) {
        names.add("score_" + i);
        types.add(DataType.FLOAT64);
      }
    } else {
      outputs.forEach(o -> {
        names.add(o.name());
        types.add(o.type());
      });
    }
    return new OutputLayout(idColumn, idType, List.copyOf(names), List.copyOf(types),
        List.copyOf(explained.keySet()));
  }

  /**
   * Every column name, in order.
   *
   * @return the id column, the scores and {@code model_version}
   */
  List<String> header() {
    List<String> header = new ArrayList<>();
    if (idColumn != null) {
      header.add(idColumn);
    }
    header.addAll(scores);
    header.add(MODEL_VERSION);
    header.addAll(contributions);
    return header;
  }
}

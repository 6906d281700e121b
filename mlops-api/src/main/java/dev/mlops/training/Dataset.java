package dev.mlops.training;

import dev.mlops.registry.DataType;
import dev.mlops.registry.FieldSpec;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * An immutable table of labelled rows with a schema: named, typed feature columns and one target
 * column. For classification the target is {@link DataType#CATEGORICAL} and its categories are the
 * classes, in the order models score them; for regression it is numeric.
 *
 * <p>Implementations are immutable and thread-safe.
 *
 * @since 0.1
 */
public interface Dataset {

  /**
   * The feature columns, in the order models consume them.
   *
   * @return the schema of the inputs
   */
  List<FieldSpec> features();

  /**
   * The target column.
   *
   * @return categorical with the classes as categories, or numeric for regression
   */
  FieldSpec target();

  /**
   * The number of rows.
   *
   * @return the count
   */
  int size();

  /**
   * One row's features.
   *
   * @param row the row index, from 0
   * @return feature name to value (a {@code Number}, {@code String} or {@code Boolean}; null where
   *     the feature is optional and missing)
   * @throws IndexOutOfBoundsException if the row does not exist
   */
  Map<String, @Nullable Object> features(int row);

  /**
   * One row's target.
   *
   * @param row the row index, from 0
   * @return the class name for classification, a {@code Double} for regression
   * @throws IndexOutOfBoundsException if the row does not exist
   */
  Object target(int row);

  /**
   * The rows at the given indices, in that order, with the same schema.
   *
   * @param rows row indices; an index may repeat
   * @return the subset
   * @throws IndexOutOfBoundsException if an index does not exist
   */
  Dataset subset(int[] rows);

  /**
   * A fingerprint of the data: the hexadecimal SHA-256 of a canonical encoding of the schema and
   * every row, independent of how the data was read, so that equal data gives equal fingerprints.
   *
   * @return 64 lower-case hexadecimal digits
   */
  String fingerprint();

  /**
   * Whether the target is a class.
   *
   * @return true for classification, false for regression
   */
  default boolean classification() {
    return target().type() == DataType.CATEGORICAL;
  }
}

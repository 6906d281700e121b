package dev.mlops.core.training;

import dev.mlops.registry.DataType;
import dev.mlops.registry.FieldSpec;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The columns of a tabular dataset: named, typed scalar features in the order models consume them,
 * and one target column.
 *
 * <p>A feature may be numeric ({@code FLOAT32}, {@code FLOAT64}, {@code INT32}, {@code INT64}),
 * {@code BOOLEAN}, {@code STRING} or {@code CATEGORICAL}; a categorical feature with categories
 * accepts only those, one without categories accepts any text. The target is {@code CATEGORICAL}
 * for classification (its categories are the classes, in the order models score them; when it has
 * none, {@link TabularDataset.Builder#build()} takes the distinct values seen, sorted) or numeric
 * for regression. The target is never optional.
 *
 * @param features the feature columns, in order
 * @param target the target column
 * @since 0.1
 */
public record TabularSchema(List<FieldSpec> features, FieldSpec target) {

  /**
   * Validates and copies the components.
   *
   * @param features the feature columns, in order
   * @param target the target column
   * @throws IllegalArgumentException if there are no features, two columns share a name, a column
   *     is not a scalar, a categorical feature's categories repeat, or the target is optional,
   *     non-finite-allowing, or neither categorical nor numeric
   * @since 0.1
   */
  public TabularSchema {
    features = List.copyOf(features);
    Objects.requireNonNull(target, "target");
    if (features.isEmpty()) {
      throw new IllegalArgumentException("A tabular schema needs at least one feature");
    }
    Set<String> names = new HashSet<>();
    for (FieldSpec f : features) {
      checkColumn(f, "Feature");
      if (!names.add(f.name())) {
        throw new IllegalArgumentException("Two features are named '" + f.name() + "'");
      }
    }
    checkColumn(target, "Target");
    if (names.contains(target.name())) {
      throw new IllegalArgumentException(
          "The target '" + target.name() + "' is also a feature; a column is one or the other");
    }
    if (target.type() != DataType.CATEGORICAL && !target.type().isNumeric()) {
      throw new IllegalArgumentException("Target '" + target.name() + "' is " + target.type()
          + "; use CATEGORICAL for classification or a numeric type for regression");
    }
    if (target.optional() || target.allowNonFinite()) {
      throw new IllegalArgumentException("Target '" + target.name()
          + "' must be required and finite: every training row needs a usable label");
    }
  }

  /**
   * A schema.
   *
   * @param features the feature columns, in order
   * @param target the target column
   * @return the schema
   * @throws IllegalArgumentException as the canonical constructor
   * @since 0.1
   */
  public static TabularSchema of(List<FieldSpec> features, FieldSpec target) {
    return new TabularSchema(features, target);
  }

  /**
   * The feature with this name.
   *
   * @param name the feature name
   * @return the feature, or empty if there is none
   * @since 0.1
   */
  public Optional<FieldSpec> feature(String name) {
    return features.stream().filter(f -> f.name().equals(name)).findFirst();
  }

  /**
   * The feature names, in order.
   *
   * @return the names
   * @since 0.1
   */
  public List<String> featureNames() {
    return features.stream().map(FieldSpec::name).toList();
  }

  /**
   * Whether the target is a class.
   *
   * @return true for classification, false for regression
   * @since 0.1
   */
  public boolean classification() {
    return target.type() == DataType.CATEGORICAL;
  }

  private static void checkColumn(FieldSpec f, String role) {
    if (!f.shape().isEmpty()) {
      throw new IllegalArgumentException(role + " '" + f.name() + "' has shape " + f.shape()
          + "; tabular columns are scalars (shape [])");
    }
    if (new HashSet<>(f.categories()).size() != f.categories().size()) {
      throw new IllegalArgumentException(
          role + " '" + f.name() + "' lists a category twice: " + f.categories());
    }
  }
}

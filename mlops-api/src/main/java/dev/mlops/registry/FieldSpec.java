package dev.mlops.registry;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One named, typed input or output of a model.
 *
 * <p>For a tabular model each input is one feature with shape {@code []} (a scalar per row); for a
 * tensor model the shape gives the tensor's dimensions, with {@code -1} for a dimension of any size
 * (such as the batch). For outputs, {@code categories} names the classes in the order of the score
 * vector, so that a prediction can carry a label.
 *
 * @param name the feature or tensor name
 * @param type the element type
 * @param shape the dimensions, empty for a scalar, {@code -1} for a free dimension
 * @param optional whether the value may be absent (null) in an input
 * @param allowNonFinite whether NaN and infinities are acceptable values
 * @param categories the allowed values of a {@link DataType#CATEGORICAL} input, or the class
 *     labels of an output; empty when not applicable
 * @param description what the field means, for people, or null
 * @since 0.1
 */
public record FieldSpec(
    String name,
    DataType type,
    List<Long> shape,
    boolean optional,
    boolean allowNonFinite,
    List<String> categories,
    @Nullable String description) {

  /**
   * Validates and copies the components.
   *
   * @param name the feature or tensor name
   * @param type the element type
   * @param shape the dimensions, empty for a scalar, {@code -1} for a free dimension
   * @param optional whether the value may be absent (null) in an input
   * @param allowNonFinite whether NaN and infinities are acceptable values
   * @param categories the allowed values of a {@link DataType#CATEGORICAL} input, or the class labels of an output; empty when not applicable
   * @param description what the field means, for people, or null
   * @throws IllegalArgumentException if the name is blank or a dimension is below -1 or zero
   */
  public FieldSpec {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("A signature field needs a non-blank name");
    }
    Objects.requireNonNull(type, () -> "type of field " + name);
    shape = List.copyOf(shape);
    for (Long d : shape) {
      if (d == 0 || d < -1) {
        throw new IllegalArgumentException(
            "Field '" + name + "' has dimension " + d + "; use a positive size or -1 for any size");
      }
    }
    categories = List.copyOf(categories);
  }

  /**
   * A required scalar field that rejects NaN and infinities.
   *
   * @param name the name
   * @param type the element type
   * @return the field
   * @throws IllegalArgumentException if the name is blank
   */
  public static FieldSpec scalar(String name, DataType type) {
    return new FieldSpec(name, type, List.of(), false, false, List.of(), null);
  }

  /**
   * A required categorical scalar field with its allowed values.
   *
   * @param name the name
   * @param categories the allowed values
   * @return the field
   * @throws IllegalArgumentException if the name is blank
   */
  public static FieldSpec categorical(String name, List<String> categories) {
    return new FieldSpec(name, DataType.CATEGORICAL, List.of(), false, false, categories, null);
  }

  /**
   * A required tensor field that rejects NaN and infinities.
   *
   * @param name the name
   * @param type the element type
   * @param shape the dimensions, {@code -1} for a free one
   * @return the field
   * @throws IllegalArgumentException if the name is blank or a dimension is invalid
   */
  public static FieldSpec tensor(String name, DataType type, long... shape) {
    return new FieldSpec(name, type, java.util.Arrays.stream(shape).boxed().toList(), false, false,
        List.of(), null);
  }

  /**
   * This field with class labels or allowed categories.
   *
   * @param values the labels or categories, in order
   * @return a copy with the categories replaced
   */
  public FieldSpec withCategories(List<String> values) {
    return new FieldSpec(name, type, shape, optional, allowNonFinite, values, description);
  }

  /**
   * This field, accepting absent values.
   *
   * @return a copy that is optional
   */
  public FieldSpec asOptional() {
    return new FieldSpec(name, type, shape, true, allowNonFinite, categories, description);
  }

  /**
   * This field, accepting NaN and infinities.
   *
   * @return a copy that allows non-finite numbers
   */
  public FieldSpec allowingNonFinite() {
    return new FieldSpec(name, type, shape, optional, true, categories, description);
  }
}

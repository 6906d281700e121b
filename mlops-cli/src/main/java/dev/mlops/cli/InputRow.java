package dev.mlops.cli;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One input record of {@code mlops predict}: where it came from, its id, and either its features
 * converted to the signature's types or why they could not be.
 *
 * @param line the 1-based line of the input file the record starts on
 * @param id the id column's value, or null without {@code --id-column}
 * @param features the features by name, converted; empty when {@code error} is set
 * @param feature the feature at fault, or null
 * @param error why the record is invalid, or null when it is valid
 */
record InputRow(
    int line,
    @Nullable String id,
    Map<String, Object> features,
    @Nullable String feature,
    @Nullable String error) {

  static InputRow valid(int line, @Nullable String id, Map<String, Object> features) {
    return new InputRow(line, id, features, null, null);
  }

  static InputRow invalid(int line, @Nullable String id, @Nullable String feature, String error) {
    return new InputRow(line, id, Map.of(), feature, error);
  }
}

package dev.mlops.cli;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One input record of {@code mlops predict}: where it came from, its id, and either its features
 * converted to the signature's types or why they could not be.
 *
 * @param line the 1-based line of a CSV or JSON Lines file the record starts on, or the 1-based
 *     row of a Parquet file
 * @param id the id column's value (text, or the Parquet column's number or boolean), or null
 *     without {@code --id-column} or where the record has none
 * @param features the features by name, converted; empty when {@code error} is set
 * @param feature the feature at fault, or null
 * @param error why the record is invalid, or null when it is valid
 */
record InputRow(
    long line,
    @Nullable Object id,
    Map<String, Object> features,
    @Nullable String feature,
    @Nullable String error) {

  static InputRow valid(long line, @Nullable Object id, Map<String, Object> features) {
    return new InputRow(line, id, features, null, null);
  }

  static InputRow invalid(long line, @Nullable Object id, @Nullable String feature, String error) {
    return new InputRow(line, id, Map.of(), feature, error);
  }
}

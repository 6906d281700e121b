package dev.mlops.spark.internal;

import java.util.AbstractMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.jspecify.annotations.Nullable;

/**
 * A read-only map view of some columns of a Spark {@link Row}, feature name to value, without
 * copying: what a predictor or a profile reads a row through. A null cell reads as an absent
 * feature.
 */
public final class RowFeatures extends AbstractMap<String, Object> {

  private final Row row;
  private final Map<String, Integer> positions;

  /**
   * A view of the columns of a row at these positions.
   *
   * @param row the row
   * @param positions feature name to column index, shared by the views of all rows
   */
  public RowFeatures(Row row, Map<String, Integer> positions) {
    this.row = row;
    this.positions = positions;
  }

  @Override
  public @Nullable Object get(@Nullable Object key) {
    Integer at = positions.get(key);
    return at == null ? null : row.get(at);
  }

  @Override
  public boolean containsKey(@Nullable Object key) {
    Integer at = positions.get(key);
    return at != null && !row.isNullAt(at);
  }

  @Override
  public Set<Entry<String, Object>> entrySet() {
    Map<String, Object> present = new LinkedHashMap<>();
    positions.forEach((name, at) -> {
      if (!row.isNullAt(at)) {
        present.put(name, row.get(at));
      }
    });
    return present.entrySet();
  }
}

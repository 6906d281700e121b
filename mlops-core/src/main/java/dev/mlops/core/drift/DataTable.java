package dev.mlops.core.drift;

import dev.mlops.drift.FeatureColumn;
import dev.mlops.drift.FeatureKind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A small, immutable table of named feature columns with the same number of rows, the input of a
 * {@link DriftAnalyzer}. Numeric cells that are null, NaN or infinite and categorical cells that
 * are null count as missing: they are kept out of the values and counted in
 * {@link FeatureColumn#missing()}.
 *
 * <pre>{@code
 * DataTable reference = DataTable.builder()
 *     .numeric("age", new double[] {34, 51, Double.NaN, 29})
 *     .categorical("plan", Arrays.asList("basic", "pro", "pro", null))
 *     .build();
 * }</pre>
 *
 * @since 0.1
 */
public final class DataTable {

  private final Map<String, FeatureColumn> columns;
  private final long rows;

  private DataTable(Map<String, FeatureColumn> columns, long rows) {
    this.columns = Collections.unmodifiableMap(new LinkedHashMap<>(columns));
    this.rows = rows;
  }

  /**
   * Starts a table.
   *
   * @return an empty builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The number of rows, present and missing cells together.
   *
   * @return the row count
   */
  public long rows() {
    return rows;
  }

  /**
   * The feature names in the order they were added.
   *
   * @return the names
   */
  public Set<String> features() {
    return columns.keySet();
  }

  /**
   * The columns by name, in the order they were added.
   *
   * @return an unmodifiable map
   */
  public Map<String, FeatureColumn> columns() {
    return columns;
  }

  /**
   * One column.
   *
   * @param feature the feature name
   * @return the column
   * @throws IllegalArgumentException if the table has no such feature, naming those it has
   */
  public FeatureColumn column(String feature) {
    FeatureColumn column = columns.get(feature);
    if (column == null) {
      throw new IllegalArgumentException(
          "No feature '" + feature + "' in the table; it has " + columns.keySet());
    }
    return column;
  }

  /**
   * The kind of one column.
   *
   * @param feature the feature name
   * @return numeric or categorical
   * @throws IllegalArgumentException if the table has no such feature
   */
  public FeatureKind kind(String feature) {
    return FeatureKind.of(column(feature));
  }

  @Override
  public String toString() {
    return "DataTable[rows=" + rows + ", features=" + columns.keySet() + "]";
  }

  /**
   * Collects the columns of a {@link DataTable}. Not thread-safe.
   *
   * @since 0.1
   */
  public static final class Builder {

    private final Map<String, FeatureColumn> columns = new LinkedHashMap<>();

    private Builder() {}

    /**
     * Adds a numeric column; NaN and infinite values count as missing.
     *
     * @param feature the feature name
     * @param values one value per row
     * @return this builder
     * @throws IllegalArgumentException if the feature was already added or the row count differs
     *     from the columns added before
     */
    public Builder numeric(String feature, double[] values) {
      double[] present = new double[values.length];
      int count = 0;
      for (double value : values) {
        if (Double.isFinite(value)) {
          present[count++] = value;
        }
      }
      double[] trimmed = Arrays.copyOf(present, count);
      return add(new FeatureColumn.Numeric(feature, trimmed, values.length - count));
    }

    /**
     * Adds a numeric column; null, NaN and infinite values count as missing.
     *
     * @param feature the feature name
     * @param values one value per row, null where missing
     * @return this builder
     * @throws IllegalArgumentException if the feature was already added or the row count differs
     *     from the columns added before
     */
    public Builder numeric(String feature, List<? extends @Nullable Number> values) {
      double[] all = new double[values.size()];
      int i = 0;
      for (Number value : values) {
        all[i++] = value == null ? Double.NaN : value.doubleValue();
      }
      return numeric(feature, all);
    }

    /**
     * Adds a categorical column; null values count as missing.
     *
     * @param feature the feature name
     * @param values one value per row, null where missing
     * @return this builder
     * @throws IllegalArgumentException if the feature was already added or the row count differs
     *     from the columns added before
     */
    public Builder categorical(String feature, List<? extends @Nullable String> values) {
      List<String> present = new ArrayList<>(values.size());
      for (String value : values) {
        if (value != null) {
          present.add(value);
        }
      }
      return add(new FeatureColumn.Categorical(feature, present, values.size() - present.size()));
    }

    /**
     * Adds a column built elsewhere.
     *
     * @param column the column
     * @return this builder
     * @throws IllegalArgumentException if the feature was already added or the row count differs
     *     from the columns added before
     */
    public Builder column(FeatureColumn column) {
      return add(Objects.requireNonNull(column, "column"));
    }

    /**
     * Builds the table.
     *
     * @return the table
     */
    public DataTable build() {
      long rows = columns.isEmpty() ? 0 : rowsOf(columns.values().iterator().next());
      return new DataTable(columns, rows);
    }

    private Builder add(FeatureColumn column) {
      String feature = column.feature();
      if (columns.containsKey(feature)) {
        throw new IllegalArgumentException("Feature '" + feature + "' was already added");
      }
      if (!columns.isEmpty()) {
        FeatureColumn first = columns.values().iterator().next();
        if (rowsOf(first) != rowsOf(column)) {
          throw new IllegalArgumentException(
              "Feature '" + feature + "' has " + rowsOf(column) + " rows but '"
                  + first.feature() + "' has " + rowsOf(first)
                  + "; every column of a table needs one cell per row");
        }
      }
      columns.put(feature, column);
      return this;
    }

    private static long rowsOf(FeatureColumn column) {
      return column.size() + column.missing();
    }
  }
}

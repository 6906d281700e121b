package dev.mlops.core.training;

import dev.mlops.registry.FieldSpec;
import dev.mlops.training.Dataset;
import dev.mlops.training.TrainingException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * An immutable, column-oriented {@link Dataset} whose every value was checked against a {@link
 * TabularSchema} when it was added.
 *
 * <pre>{@code
 * TabularDataset data = TabularDataset.builder(
 *         List.of(FieldSpec.scalar("age", DataType.FLOAT64),
 *                 FieldSpec.categorical("plan", List.of("basic", "pro"))),
 *         FieldSpec.categorical("churned", List.of("no", "yes")))
 *     .addRow(Map.of("age", 42.0, "plan", "pro"), "yes")
 *     .addRow(Map.of("age", 23, "plan", "basic"), "no")
 *     .build();
 * }</pre>
 *
 * <p>Values are stored in one canonical form per type, whatever Java type they were given as:
 * {@code Double} for {@code FLOAT32}/{@code FLOAT64} ({@code FLOAT32} rounded to float precision),
 * {@code Integer} for {@code INT32}, {@code Long} for {@code INT64}, {@code Boolean}, and {@code
 * String} for {@code STRING}/{@code CATEGORICAL}; {@link #features(int)} returns them in schema
 * order. Classification targets are class names, regression targets {@code Double}s.
 *
 * <p>{@link #fingerprint()} is the SHA-256 of a canonical encoding of schema and rows (see {@code
 * docs/training.md}), computed once on first use. Instances are thread-safe.
 *
 * @since 0.1
 */
public final class TabularDataset implements Dataset {

  private final TabularSchema schema;
  private final List<Column> columns;
  private final String[] classLabels;
  private final int @Nullable [] classCodes;
  private final double @Nullable [] regressionTargets;
  private final int size;
  private volatile @Nullable String fingerprint;

  private TabularDataset(TabularSchema schema, List<Column> columns, int @Nullable [] classCodes,
      double @Nullable [] regressionTargets, int size) {
    this.schema = schema;
    this.columns = columns;
    this.classLabels = schema.target().categories().toArray(new String[0]);
    this.classCodes = classCodes;
    this.regressionTargets = regressionTargets;
    this.size = size;
  }

  /**
   * Starts a dataset with this schema.
   *
   * @param schema the columns
   * @return a builder
   * @since 0.1
   */
  public static Builder builder(TabularSchema schema) {
    return new Builder(Objects.requireNonNull(schema, "schema"));
  }

  /**
   * Starts a dataset with these columns.
   *
   * @param features the feature columns, in the order models consume them
   * @param target the target column
   * @return a builder
   * @throws IllegalArgumentException if the columns do not make a valid {@link TabularSchema}
   * @since 0.1
   */
  public static Builder builder(List<FieldSpec> features, FieldSpec target) {
    return builder(TabularSchema.of(features, target));
  }

  /**
   * The schema, with the classes of a classification target resolved.
   *
   * @return the schema
   * @since 0.1
   */
  public TabularSchema schema() {
    return schema;
  }

  @Override
  public List<FieldSpec> features() {
    return schema.features();
  }

  @Override
  public FieldSpec target() {
    return schema.target();
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public Map<String, @Nullable Object> features(int row) {
    Objects.checkIndex(row, size);
    Map<String, @Nullable Object> values = new LinkedHashMap<>();
    for (int c = 0; c < columns.size(); c++) {
      values.put(schema.features().get(c).name(), columns.get(c).get(row));
    }
    return Collections.unmodifiableMap(values);
  }

  @Override
  public Object target(int row) {
    Objects.checkIndex(row, size);
    if (classCodes != null) {
      return classLabels[classCodes[row]];
    }
    return Objects.requireNonNull(regressionTargets)[row];
  }

  /**
   * The classes of a classification target, in the order models score them.
   *
   * @return the target's categories; empty for regression
   * @since 0.1
   */
  public List<String> classes() {
    return schema.target().categories();
  }

  @Override
  public TabularDataset subset(int[] rows) {
    Column.checkIndices(rows, size);
    List<Column> picked = new ArrayList<>(columns.size());
    for (Column c : columns) {
      picked.add(c.subset(rows));
    }
    int[] codes = null;
    double[] targets = null;
    if (classCodes != null) {
      codes = new int[rows.length];
      for (int i = 0; i < rows.length; i++) {
        codes[i] = classCodes[rows[i]];
      }
    } else {
      double[] all = Objects.requireNonNull(regressionTargets);
      targets = new double[rows.length];
      for (int i = 0; i < rows.length; i++) {
        targets[i] = all[rows[i]];
      }
    }
    return new TabularDataset(schema, List.copyOf(picked), codes, targets, rows.length);
  }

  @Override
  public String fingerprint() {
    String f = fingerprint;
    if (f == null) {
      f = DatasetFingerprint.of(this);
      fingerprint = f;
    }
    return f;
  }

  /** The canonical value of one cell, columns numbered in schema order. */
  @Nullable Object value(int row, int column) {
    return columns.get(column).get(row);
  }

  @Override
  public String toString() {
    return "TabularDataset[rows=" + size + ", features=" + schema.featureNames() + ", target="
        + schema.target().name() + "]";
  }

  /**
   * Collects rows, checking each against the schema as it is added. Not thread-safe.
   *
   * @since 0.1
   */
  public static final class Builder {

    private final TabularSchema schema;
    private final List<List<@Nullable Object>> values = new ArrayList<>();
    private final List<Object> targets = new ArrayList<>();
    private final Map<String, String> interned = new HashMap<>();

    private Builder(TabularSchema schema) {
      this.schema = schema;
      for (int i = 0; i < schema.features().size(); i++) {
        values.add(new ArrayList<>());
      }
    }

    /**
     * Adds a row. Numbers may be given as any {@code Number} that fits the column's type (a whole
     * {@code Double} for an integer column, say); the map's iteration order does not matter.
     *
     * @param features feature name to value; a missing or null value is allowed only for an
     *     optional feature
     * @param target the class name (a {@code String}) for classification, a {@code Number} for
     *     regression
     * @return this builder
     * @throws TrainingException if the row names a column that is not a feature, or a value does
     *     not fit its column (wrong type, not an allowed category, NaN where not allowed), naming
     *     the row index and the feature; the row is then not added
     * @since 0.1
     */
    public Builder addRow(Map<String, ?> features, Object target) {
      int row = targets.size();
      for (String key : features.keySet()) {
        if (schema.feature(key).isEmpty()) {
          throw new TrainingException("Row " + row + " has '" + key
              + "', which is not a feature of the schema; the features are "
              + schema.featureNames());
        }
      }
      List<FieldSpec> specs = schema.features();
      @Nullable Object[] checked = new Object[specs.size()];
      for (int c = 0; c < specs.size(); c++) {
        FieldSpec f = specs.get(c);
        try {
          checked[c] = intern(FieldValues.feature(f, features.get(f.name())));
        } catch (IllegalArgumentException e) {
          throw new TrainingException(
              "Row " + row + ", feature '" + f.name() + "': " + e.getMessage(), e);
        }
      }
      Object t;
      try {
        t = intern(FieldValues.target(schema.target(), target));
      } catch (IllegalArgumentException e) {
        throw new TrainingException(
            "Row " + row + ", target '" + schema.target().name() + "': " + e.getMessage(), e);
      }
      for (int c = 0; c < checked.length; c++) {
        values.get(c).add(checked[c]);
      }
      targets.add(Objects.requireNonNull(t));
      return this;
    }

    /**
     * The number of rows added so far.
     *
     * @return the count
     * @since 0.1
     */
    public int size() {
      return targets.size();
    }

    /**
     * Builds the dataset. A classification target without categories gets the distinct class
     * names of the rows, sorted ({@code String} order), as its classes. The builder may be used
     * on afterwards; the dataset does not change.
     *
     * @return the dataset
     * @since 0.1
     */
    public TabularDataset build() {
      TabularSchema resolved = schema;
      int n = targets.size();
      int[] codes = null;
      double[] regression = null;
      if (schema.classification()) {
        List<String> classes = schema.target().categories();
        if (classes.isEmpty()) {
          TreeSet<String> seen = new TreeSet<>();
          targets.forEach(t -> seen.add((String) t));
          classes = List.copyOf(seen);
          resolved = TabularSchema.of(schema.features(), schema.target().withCategories(classes));
        }
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < classes.size(); i++) {
          index.put(classes.get(i), i);
        }
        codes = new int[n];
        for (int i = 0; i < n; i++) {
          codes[i] = Objects.requireNonNull(index.get((String) targets.get(i)));
        }
      } else {
        regression = new double[n];
        for (int i = 0; i < n; i++) {
          regression[i] = (Double) targets.get(i);
        }
      }
      List<Column> columns = new ArrayList<>();
      for (int c = 0; c < schema.features().size(); c++) {
        columns.add(Column.of(schema.features().get(c).type(), values.get(c)));
      }
      return new TabularDataset(resolved, List.copyOf(columns), codes, regression, n);
    }

    // Category and text columns repeat a few values many times: one String instance per value.
    private @Nullable Object intern(@Nullable Object value) {
      if (value instanceof String s) {
        return interned.computeIfAbsent(s, k -> k);
      }
      return value;
    }
  }
}

package dev.mlops.core.drift;

import dev.mlops.drift.FeatureColumn;
import dev.mlops.drift.FeatureKind;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Bounded-memory profiles of every feature of a dataset, built in one pass over rows or columns,
 * mergeable across windows and processes, and serialisable to JSON and to bytes. A {@link
 * DriftAnalyzer} compares two profiles as it compares two {@link DataTable}s, with statistics
 * estimated from the sketches.
 *
 * <pre>{@code
 * DatasetProfile window = DatasetProfile.builder().numeric("age").categorical("plan").build();
 * window.update(Map.of("age", 42.0, "plan", "pro"));
 * byte[] stored = window.toBytes();
 * DatasetProfile restored = DatasetProfile.fromBytes(stored);
 * }</pre>
 *
 * <p>Not thread-safe: confine a profile to one thread, or profile per thread and merge.
 *
 * @since 0.1
 */
public final class DatasetProfile {

  private final Map<String, FeatureProfile> features;
  private long rows;

  DatasetProfile(Map<String, FeatureProfile> features, long rows) {
    if (rows < 0) {
      throw new IllegalArgumentException("rows must not be negative but was " + rows);
    }
    this.features = new LinkedHashMap<>(features);
    this.rows = rows;
  }

  /**
   * Starts declaring the features of an empty profile.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Profiles a table with the default sketch sizes.
   *
   * @param table the table
   * @return a profile of every column
   */
  public static DatasetProfile of(DataTable table) {
    Builder builder = builder();
    table.columns().forEach((name, column) -> {
      if (column instanceof FeatureColumn.Numeric) {
        builder.numeric(name);
      } else {
        builder.categorical(name);
      }
    });
    DatasetProfile profile = builder.build();
    profile.update(table);
    return profile;
  }

  /**
   * Restores a profile written by {@link #toBytes()}.
   *
   * @param bytes the serialised profile
   * @return the profile
   * @throws ProfileFormatException if the bytes are not a profile or are corrupt
   */
  public static DatasetProfile fromBytes(byte[] bytes) {
    return ProfileBinaryCodec.decode(bytes);
  }

  /**
   * Restores a profile written by {@link #toJson()}.
   *
   * @param json the profile as JSON
   * @return the profile
   * @throws ProfileFormatException if the text is not a profile or is corrupt
   */
  public static DatasetProfile fromJson(String json) {
    return ProfileJsonCodec.decode(json);
  }

  /**
   * Adds one row. Numeric features take {@link Number}s, categorical ones any value (written with
   * {@link String#valueOf(Object)}); a null or absent value counts as missing. Keys that are not
   * features of this profile are ignored.
   *
   * @param row feature name to value
   * @throws IllegalArgumentException if a numeric feature is given something other than a number;
   *     the row is then not added to any feature
   */
  public void update(Map<String, ?> row) {
    for (FeatureProfile profile : features.values()) {
      Object value = row.get(profile.feature());
      if (profile instanceof NumericProfile && value != null && !(value instanceof Number)) {
        throw new IllegalArgumentException(
            "Feature '" + profile.feature() + "' is numeric but the row holds "
                + value.getClass().getSimpleName() + " '" + value + "'; pass a Number or null");
      }
    }
    for (FeatureProfile profile : features.values()) {
      Object value = row.get(profile.feature());
      if (value == null) {
        profile.updateMissing();
      } else if (profile instanceof NumericProfile numeric) {
        numeric.update(((Number) value).doubleValue());
      } else {
        ((CategoricalProfile) profile).update(String.valueOf(value));
      }
    }
    rows++;
  }

  /**
   * Adds every row of a table. The table must have a column of the same kind for every feature of
   * this profile; extra columns are ignored.
   *
   * @param table the rows to add
   * @throws IllegalArgumentException if a feature is absent from the table or of another kind;
   *     nothing is then added
   */
  public void update(DataTable table) {
    for (FeatureProfile profile : features.values()) {
      FeatureColumn column = table.columns().get(profile.feature());
      if (column == null) {
        throw new IllegalArgumentException(
            "The table lacks feature '" + profile.feature() + "' of the profile; it has "
                + table.features());
      }
      if (FeatureKind.of(column) != profile.kind()) {
        throw new IllegalArgumentException(
            "Feature '" + profile.feature() + "' is " + kindName(profile.kind())
                + " in the profile but " + kindName(FeatureKind.of(column)) + " in the table");
      }
    }
    for (FeatureProfile profile : features.values()) {
      FeatureColumn column = table.columns().get(profile.feature());
      if (column instanceof FeatureColumn.Numeric numeric) {
        NumericProfile target = (NumericProfile) profile;
        for (double value : numeric.values()) {
          target.update(value);
        }
      } else if (column instanceof FeatureColumn.Categorical categorical) {
        CategoricalProfile target = (CategoricalProfile) profile;
        for (String value : categorical.values()) {
          target.update(value);
        }
      }
      for (long i = 0; i < Objects.requireNonNull(column).missing(); i++) {
        profile.updateMissing();
      }
    }
    rows += table.rows();
  }

  /**
   * Adds another profile of the same features, as if its rows had been added to this one.
   *
   * @param other the other profile, left unchanged
   * @throws IllegalArgumentException if the two profiles do not have the same features of the same
   *     kinds; this profile is then unchanged
   */
  public void merge(DatasetProfile other) {
    if (!features.keySet().equals(other.features.keySet())) {
      throw new IllegalArgumentException(
          "Cannot merge profiles of different features: " + features.keySet() + " and "
              + other.features.keySet());
    }
    for (FeatureProfile profile : features.values()) {
      FeatureProfile theirs = other.features.get(profile.feature());
      if (Objects.requireNonNull(theirs).kind() != profile.kind()) {
        throw new IllegalArgumentException(
            "Cannot merge profiles: feature '" + profile.feature() + "' is "
                + kindName(profile.kind()) + " in one and " + kindName(theirs.kind())
                + " in the other");
      }
    }
    for (FeatureProfile profile : features.values()) {
      FeatureProfile theirs = Objects.requireNonNull(other.features.get(profile.feature()));
      if (profile instanceof NumericProfile numeric) {
        numeric.merge((NumericProfile) theirs);
      } else {
        ((CategoricalProfile) profile).merge((CategoricalProfile) theirs);
      }
    }
    rows += other.rows;
  }

  /**
   * An independent copy of this profile.
   *
   * @return the copy
   */
  public DatasetProfile copy() {
    Map<String, FeatureProfile> copies = new LinkedHashMap<>();
    features.forEach((name, profile) -> copies.put(name, profile.copy()));
    return new DatasetProfile(copies, rows);
  }

  /**
   * How many rows were added.
   *
   * @return the row count
   */
  public long rows() {
    return rows;
  }

  /**
   * The feature names, in declaration order.
   *
   * @return the names, unmodifiable
   */
  public Set<String> features() {
    return Collections.unmodifiableSet(features.keySet());
  }

  /**
   * The profiles of all features, in declaration order. They are live: updating this dataset
   * profile updates them.
   *
   * @return the profiles
   */
  public List<FeatureProfile> profiles() {
    return List.copyOf(features.values());
  }

  /**
   * The profile of one feature. It is live: updating this dataset profile updates it.
   *
   * @param feature the feature name
   * @return the profile
   * @throws IllegalArgumentException if there is no such feature, naming those there are
   */
  public FeatureProfile feature(String feature) {
    FeatureProfile profile = features.get(feature);
    if (profile == null) {
      throw new IllegalArgumentException(
          "No feature '" + feature + "' in the profile; it has " + features.keySet());
    }
    return profile;
  }

  /**
   * The profile of a numeric feature.
   *
   * @param feature the feature name
   * @return the profile
   * @throws IllegalArgumentException if there is no such feature or it is categorical
   */
  public NumericProfile numeric(String feature) {
    if (feature(feature) instanceof NumericProfile numeric) {
      return numeric;
    }
    throw new IllegalArgumentException("Feature '" + feature + "' is categorical, not numeric");
  }

  /**
   * The profile of a categorical feature.
   *
   * @param feature the feature name
   * @return the profile
   * @throws IllegalArgumentException if there is no such feature or it is numeric
   */
  public CategoricalProfile categorical(String feature) {
    if (feature(feature) instanceof CategoricalProfile categorical) {
      return categorical;
    }
    throw new IllegalArgumentException("Feature '" + feature + "' is numeric, not categorical");
  }

  /**
   * Serialises the profile to a compact binary form, readable by {@link #fromBytes(byte[])} in
   * any process and by later versions of this library.
   *
   * @return the bytes
   */
  public byte[] toBytes() {
    return ProfileBinaryCodec.encode(this);
  }

  /**
   * Serialises the profile to JSON (sketches are embedded as Base64), readable by {@link
   * #fromJson(String)}.
   *
   * @return the JSON text
   */
  public String toJson() {
    return ProfileJsonCodec.encode(this);
  }

  @Override
  public String toString() {
    return "DatasetProfile[rows=" + rows + ", features=" + features.keySet() + "]";
  }

  private static String kindName(FeatureKind kind) {
    return kind == FeatureKind.NUMERIC ? "numeric" : "categorical";
  }

  /**
   * Declares the features of an empty {@link DatasetProfile}. Not thread-safe.
   *
   * @since 0.1
   */
  public static final class Builder {

    private final Map<String, FeatureProfile> features = new LinkedHashMap<>();

    private Builder() {}

    /**
     * Declares a numeric feature with the default sketch size ({@value NumericProfile#DEFAULT_K}).
     *
     * @param feature the feature name
     * @return this builder
     * @throws IllegalArgumentException if the feature was already declared
     */
    public Builder numeric(String feature) {
      return add(NumericProfile.create(feature));
    }

    /**
     * Declares a numeric feature with a chosen sketch size.
     *
     * @param feature the feature name
     * @param k the KLL parameter, from 8 to 65535
     * @return this builder
     * @throws IllegalArgumentException if the feature was already declared or k is out of range
     */
    public Builder numeric(String feature, int k) {
      return add(NumericProfile.create(feature, k));
    }

    /**
     * Declares a categorical feature tracking up to {@value
     * CategoricalProfile#DEFAULT_MAX_CATEGORIES} categories.
     *
     * @param feature the feature name
     * @return this builder
     * @throws IllegalArgumentException if the feature was already declared
     */
    public Builder categorical(String feature) {
      return add(CategoricalProfile.create(feature));
    }

    /**
     * Declares a categorical feature with a chosen bound on tracked categories.
     *
     * @param feature the feature name
     * @param maxCategories how many categories to count exactly, at least 1
     * @return this builder
     * @throws IllegalArgumentException if the feature was already declared or the bound is below 1
     */
    public Builder categorical(String feature, int maxCategories) {
      return add(CategoricalProfile.create(feature, maxCategories));
    }

    /**
     * Builds the empty profile.
     *
     * @return the profile, with no rows
     */
    public DatasetProfile build() {
      Map<String, FeatureProfile> copies = new LinkedHashMap<>();
      features.forEach((name, profile) -> copies.put(name, profile.copy()));
      return new DatasetProfile(copies, 0);
    }

    private Builder add(FeatureProfile profile) {
      if (features.putIfAbsent(profile.feature(), profile) != null) {
        throw new IllegalArgumentException(
            "Feature '" + profile.feature() + "' was already declared");
      }
      return this;
    }
  }
}

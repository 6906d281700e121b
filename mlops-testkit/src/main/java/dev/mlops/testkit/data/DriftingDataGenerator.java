package dev.mlops.testkit.data;

import dev.mlops.registry.DataType;
import dev.mlops.registry.FieldSpec;
import dev.mlops.testkit.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * A seeded stream of rows whose features drift when and how a test says: numeric features drawn
 * from normal distributions, categorical features drawn with weights, and a binary label from a
 * known logistic rule, with {@link FeatureShift}s that move means, scale spreads, change category
 * mixes or flip labels from a row or an instant on, and optionally stop later (recovery).
 *
 * <pre>{@code
 * DriftingDataGenerator data = DriftingDataGenerator.builder()
 *     .seed(7)
 *     .numericFeatures(3)                       // x0, x1, x2 ~ N(0, 1)
 *     .categoricalFeatures(1, 3)                // c0 in a, b, c
 *     .labelWeight("x0", 2.0)
 *     .rowInterval(Duration.ofSeconds(1))
 *     .shift(FeatureShift.meanShift("x1", 1.5).fromRow(5_000).untilRow(8_000))
 *     .build();
 * for (DriftingRow row : data.rows(0, 10_000)) { ... }
 * }</pre>
 *
 * <p><b>Values.</b> A numeric feature with mean {@code m} and standard deviation {@code s} is
 * {@code m + s * g * scale + delta}, where {@code g} is a standard normal draw and {@code scale}
 * and {@code delta} come from the shifts that apply to the row (1 and 0 otherwise). A categorical
 * feature is drawn with its configured weights, or with those of a category-mix shift. Each row
 * uses the same random draws whether or not a shift applies, so a shift changes exactly what it
 * says and nothing else.
 *
 * <p><b>Label.</b> {@link #POSITIVE} with probability {@code sigmoid(b + sum w_f * (x_f - m_f) /
 * s_f + sum w_{f,c} * [x_f = c])} (see {@link #labelProbability(Map)}), over the row's values after
 * shifts; without any label weight, every numeric feature has weight 1. A label-flip shift then
 * inverts the label with its probability.
 *
 * <p><b>Time.</b> Row {@code i} happens at {@code start + i * rowInterval} (by default
 * {@link ManualClock#DEFAULT_START} and one second), so that shifts may be given as instants and
 * rows fed to a monitor under a {@link ManualClock}.
 *
 * <p>Immutable and thread-safe; a row depends only on the seed, the settings and its index.
 *
 * @since 0.1
 */
public final class DriftingDataGenerator {

  /** The positive label. */
  public static final String POSITIVE = "yes";
  /** The negative label. */
  public static final String NEGATIVE = "no";
  /** The name of the label field. */
  public static final String LABEL = "label";

  private static final FieldSpec LABEL_FIELD =
      FieldSpec.categorical(LABEL, List.of(NEGATIVE, POSITIVE));

  private final long seed;
  private final List<Feature> features;
  private final double intercept;
  private final List<FeatureShift> shifts;
  private final Instant start;
  private final Duration rowInterval;
  private final List<FieldSpec> fieldSpecs;

  private DriftingDataGenerator(Builder b) {
    this.seed = b.seed;
    this.features = List.copyOf(b.features.values());
    this.intercept = b.intercept;
    this.shifts = List.copyOf(b.shifts);
    this.start = b.start;
    this.rowInterval = b.rowInterval;
    List<FieldSpec> specs = new ArrayList<>();
    for (Feature f : features) {
      specs.add(f.numeric()
          ? FieldSpec.scalar(f.name(), DataType.FLOAT64)
          : FieldSpec.categorical(f.name(), f.categories()));
    }
    this.fieldSpecs = List.copyOf(specs);
  }

  /**
   * A builder with seed 42, no features yet, rows one second apart from
   * {@link ManualClock#DEFAULT_START}, and no shifts.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The features, in order: numbers as {@link DataType#FLOAT64} scalars, categories with their
   * allowed values.
   *
   * @return the feature fields, unmodifiable
   */
  public List<FieldSpec> features() {
    return fieldSpecs;
  }

  /**
   * The label field: categorical with categories {@code ["no", "yes"]}.
   *
   * @return the label field
   */
  public FieldSpec label() {
    return LABEL_FIELD;
  }

  /**
   * The shifts this generator applies, in the order they were added.
   *
   * @return the shifts, unmodifiable
   */
  public List<FeatureShift> shifts() {
    return shifts;
  }

  /**
   * When a row happens.
   *
   * @param index the row index, 0 or more
   * @return the stream's start plus {@code index} row intervals
   * @throws IllegalArgumentException if the index is negative
   */
  public Instant timeOf(long index) {
    if (index < 0) {
      throw new IllegalArgumentException("row index must be 0 or more but was " + index);
    }
    return start.plus(rowInterval.multipliedBy(index));
  }

  /**
   * One row.
   *
   * @param index the row index, 0 or more
   * @return the row, always the same for the same index
   * @throws IllegalArgumentException if the index is negative
   */
  public DriftingRow row(long index) {
    Instant time = timeOf(index);
    SplittableRandom random = Seeds.stream(seed, index, 0x5EEDL);
    List<FeatureShift> active = new ArrayList<>();
    for (FeatureShift s : shifts) {
      if (s.appliesTo(index, time)) {
        active.add(s);
      }
    }
    Map<String, Object> values = new LinkedHashMap<>();
    for (Feature f : features) {
      values.put(f.name(), f.numeric()
          ? numericValue(f, random.nextGaussian(), active)
          : categoryValue(f, random.nextDouble(), active));
    }
    boolean positive = random.nextDouble() < labelProbability(values);
    double flip = random.nextDouble();
    for (FeatureShift s : active) {
      if (s.kind() == FeatureShift.Kind.LABEL_FLIP && flip < s.amount()) {
        positive = !positive;
      }
    }
    return new DriftingRow(index, time, values, positive ? POSITIVE : NEGATIVE, !active.isEmpty());
  }

  /**
   * Consecutive rows.
   *
   * @param from the first row index, 0 or more
   * @param count how many rows, 0 or more
   * @return rows {@code from} to {@code from + count - 1}
   * @throws IllegalArgumentException if an argument is negative
   */
  public List<DriftingRow> rows(long from, int count) {
    if (count < 0) {
      throw new IllegalArgumentException("count must be 0 or more but was " + count);
    }
    List<DriftingRow> result = new ArrayList<>(count);
    for (long i = from; i < from + count; i++) {
      result.add(row(i));
    }
    return result;
  }

  /**
   * The probability of the positive label under the known rule, before any label flip: the best
   * score a model can give for rows without a label-flip shift.
   *
   * @param values feature values, as in {@link DriftingRow#features()}
   * @return the probability of {@link #POSITIVE}
   * @throws IllegalArgumentException if a feature the rule uses is missing or of the wrong kind
   */
  public double labelProbability(Map<String, Object> values) {
    double z = intercept;
    for (Feature f : features) {
      Object v = values.get(f.name());
      if (f.numeric()) {
        if (f.weight() == 0) {
          continue;
        }
        if (!(v instanceof Number n)) {
          throw new IllegalArgumentException("Feature '" + f.name() + "' must be a number but was "
              + v);
        }
        z += f.weight() * (n.doubleValue() - f.mean()) / f.sd();
      } else if (!f.categoryWeights().isEmpty()) {
        z += f.categoryWeights().getOrDefault(String.valueOf(v), 0.0);
      }
    }
    return Seeds.sigmoid(z);
  }

  private static double numericValue(Feature f, double gaussian, List<FeatureShift> active) {
    double scale = 1;
    double delta = 0;
    for (FeatureShift s : active) {
      if (f.name().equals(s.feature())) {
        if (s.kind() == FeatureShift.Kind.SCALE) {
          scale *= s.amount();
        } else if (s.kind() == FeatureShift.Kind.MEAN) {
          delta += s.amount();
        }
      }
    }
    return f.mean() + f.sd() * gaussian * scale + delta;
  }

  private static String categoryValue(Feature f, double uniform, List<FeatureShift> active) {
    double[] weights = f.weights();
    for (FeatureShift s : active) {
      if (f.name().equals(s.feature()) && s.kind() == FeatureShift.Kind.CATEGORY_MIX) {
        weights = new double[f.categories().size()];
        for (int i = 0; i < weights.length; i++) {
          weights[i] = s.mix().getOrDefault(f.categories().get(i), 0.0);
        }
      }
    }
    return f.categories().get(Seeds.pick(uniform, weights));
  }

  /** A feature's base distribution and its part in the label rule. */
  private record Feature(String name, boolean numeric, double mean, double sd,
      List<String> categories, double[] weights, double weight, Map<String, Double> categoryWeights) {

    Feature withWeight(double w) {
      return new Feature(name, numeric, mean, sd, categories, weights, w, categoryWeights);
    }

    Feature withCategoryWeight(String category, double w) {
      Map<String, Double> m = new LinkedHashMap<>(categoryWeights);
      m.put(category, w);
      return new Feature(name, numeric, mean, sd, categories, weights, weight, m);
    }
  }

  /**
   * Settings of a {@link DriftingDataGenerator}. Features keep the order in which they are added.
   *
   * @since 0.1
   */
  public static final class Builder {
    private long seed = 42;
    private final Map<String, Feature> features = new LinkedHashMap<>();
    private double intercept;
    private boolean weighted;
    private final List<FeatureShift> shifts = new ArrayList<>();
    private Instant start = ManualClock.DEFAULT_START;
    private Duration rowInterval = Duration.ofSeconds(1);

    private Builder() {}

    /**
     * Sets the seed. The default is 42.
     *
     * @param seed the seed
     * @return this builder
     */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /**
     * Adds a numeric feature drawn from a normal distribution.
     *
     * @param name the feature name, not yet used
     * @param mean the mean
     * @param sd the standard deviation, positive
     * @return this builder
     * @throws IllegalArgumentException if the name is taken or blank, or the spread not positive
     */
    public Builder numeric(String name, double mean, double sd) {
      if (!(sd > 0 && Double.isFinite(sd)) || !Double.isFinite(mean)) {
        throw new IllegalArgumentException("feature '" + name + "' needs a finite mean and a positive"
            + " standard deviation but got mean " + mean + ", sd " + sd);
      }
      return add(new Feature(name, true, mean, sd, List.of(), new double[0], 0, Map.of()));
    }

    /**
     * Adds {@code count} standard normal features named {@code x0}, {@code x1}, ... (continuing
     * after those already added this way).
     *
     * @param count how many, 0 or more
     * @return this builder
     * @throws IllegalArgumentException if a name is taken
     */
    public Builder numericFeatures(int count) {
      int first = countWithPrefix("x");
      for (int i = 0; i < count; i++) {
        numeric("x" + (first + i), 0, 1);
      }
      return this;
    }

    /**
     * Adds a categorical feature drawn with equal weights.
     *
     * @param name the feature name, not yet used
     * @param categories the categories, at least one, distinct
     * @return this builder
     * @throws IllegalArgumentException if the name is taken or blank, or the categories are empty
     *     or repeated
     */
    public Builder categorical(String name, List<String> categories) {
      Map<String, Double> weights = new LinkedHashMap<>();
      for (String c : categories) {
        if (weights.put(c, 1.0) != null) {
          throw new IllegalArgumentException("feature '" + name + "' lists category '" + c + "' twice");
        }
      }
      return categorical(name, weights);
    }

    /**
     * Adds a categorical feature drawn with the given weights, in the map's iteration order.
     *
     * @param name the feature name, not yet used
     * @param weights category to weight, none negative, at least one positive
     * @return this builder
     * @throws IllegalArgumentException if the name is taken or blank, or the weights invalid
     */
    public Builder categorical(String name, Map<String, Double> weights) {
      FeatureShift.categoryMix(name, weights); // validates the weights the same way
      List<String> categories = List.copyOf(weights.keySet());
      double[] w = new double[categories.size()];
      for (int i = 0; i < w.length; i++) {
        w[i] = Objects.requireNonNull(weights.get(categories.get(i)));

      }
      return add(new Feature(name, false, 0, 0, categories, w, 0, Map.of()));
    }

    /**
     * Adds {@code count} categorical features named {@code c0}, {@code c1}, ... with categories
     * {@code a}, {@code b}, ... drawn with equal weights.
     *
     * @param count how many features, 0 or more
     * @param categories how many categories each, 1 to 26
     * @return this builder
     * @throws IllegalArgumentException if the number of categories is out of range or a name taken
     */
    public Builder categoricalFeatures(int count, int categories) {
      if (categories < 1 || categories > 26) {
        throw new IllegalArgumentException("categories must be between 1 and 26 but was " + categories);
      }
      List<String> names = new ArrayList<>();
      for (int i = 0; i < categories; i++) {
        names.add(String.valueOf((char) ('a' + i)));
      }
      int first = countWithPrefix("c");
      for (int i = 0; i < count; i++) {
        categorical("c" + (first + i), names);
      }
      return this;
    }

    /**
     * Sets the weight of a numeric feature's standardised value in the label rule. The default is
     * 0 once any label weight is set, and 1 for every numeric feature when none is.
     *
     * @param feature a numeric feature already added
     * @param weight the weight
     * @return this builder
     * @throws IllegalArgumentException if there is no such numeric feature
     */
    public Builder labelWeight(String feature, double weight) {
      Feature f = existing(feature);
      if (!f.numeric()) {
        throw new IllegalArgumentException("'" + feature + "' is categorical; use"
            + " labelWeight(feature, category, weight)");
      }
      features.put(feature, f.withWeight(weight));
      weighted = true;
      return this;
    }

    /**
     * Sets what a category adds to the label rule's log-odds. The default is 0.
     *
     * @param feature a categorical feature already added
     * @param category one of its categories
     * @param weight the weight
     * @return this builder
     * @throws IllegalArgumentException if there is no such categorical feature or category
     */
    public Builder labelWeight(String feature, String category, double weight) {
      Feature f = existing(feature);
      if (f.numeric() || !f.categories().contains(category)) {
        throw new IllegalArgumentException("'" + feature + "' is not a categorical feature with"
            + " category '" + category + "'");
      }
      features.put(feature, f.withCategoryWeight(category, weight));
      weighted = true;
      return this;
    }

    /**
     * Sets the label rule's intercept (log-odds of the positive label at the features' means).
     * The default is 0.
     *
     * @param intercept the intercept
     * @return this builder
     */
    public Builder labelIntercept(double intercept) {
      this.intercept = intercept;
      return this;
    }

    /**
     * Sets the time of row 0. The default is {@link ManualClock#DEFAULT_START}.
     *
     * @param start the time of the first row
     * @return this builder
     */
    public Builder start(Instant start) {
      this.start = Objects.requireNonNull(start, "start");
      return this;
    }

    /**
     * Sets the time between consecutive rows. The default is one second.
     *
     * @param interval the interval, positive
     * @return this builder
     * @throws IllegalArgumentException if the interval is zero or negative
     */
    public Builder rowInterval(Duration interval) {
      Objects.requireNonNull(interval, "interval");
      if (interval.isNegative() || interval.isZero()) {
        throw new IllegalArgumentException("rowInterval must be positive but was " + interval);
      }
      this.rowInterval = interval;
      return this;
    }

    /**
     * Adds a shift. Shifts of the same feature combine (deltas add, scales multiply; a later
     * category mix wins).
     *
     * @param shift the shift
     * @return this builder
     */
    public Builder shift(FeatureShift shift) {
      shifts.add(Objects.requireNonNull(shift, "shift"));
      return this;
    }

    /**
     * Creates the generator.
     *
     * @return the generator
     * @throws IllegalArgumentException if there are no features, or a shift names a feature that
     *     does not exist, is of the wrong kind, or a category the feature does not have
     */
    public DriftingDataGenerator build() {
      if (features.isEmpty()) {
        throw new IllegalArgumentException("a drifting data generator needs at least one feature");
      }
      for (FeatureShift s : shifts) {
        checkShift(s);
      }
      if (!weighted) {
        features.replaceAll((name, f) -> f.numeric() ? f.withWeight(1) : f);
      }
      return new DriftingDataGenerator(this);
    }

    private void checkShift(FeatureShift s) {
      if (s.kind() == FeatureShift.Kind.LABEL_FLIP) {
        return;
      }
      Feature f = existing(Objects.requireNonNull(s.feature()));
      boolean wantsNumeric = s.kind() != FeatureShift.Kind.CATEGORY_MIX;
      if (f.numeric() != wantsNumeric) {
        throw new IllegalArgumentException("shift '" + s + "' needs a "
            + (wantsNumeric ? "numeric" : "categorical") + " feature but '" + f.name() + "' is not");
      }
      for (String c : s.mix().keySet()) {
        if (!f.categories().contains(c)) {
          throw new IllegalArgumentException("shift '" + s + "' names category '" + c + "', which '"
              + f.name() + "' does not have; its categories are " + f.categories());
        }
      }
    }

    private Builder add(Feature f) {
      if (f.name().isBlank()) {
        throw new IllegalArgumentException("a feature needs a non-blank name");
      }
      if (features.putIfAbsent(f.name(), f) != null) {
        throw new IllegalArgumentException("feature '" + f.name() + "' was already added");
      }
      return this;
    }

    private Feature existing(String name) {
      Feature f = features.get(name);
      if (f == null) {
        throw new IllegalArgumentException("no feature '" + name + "'; features: " + features.keySet());
      }
      return f;
    }

    private int countWithPrefix(String prefix) {
      int n = 0;
      while (features.containsKey(prefix + n)) {
        n++;
      }
      return n;
    }
  }
}

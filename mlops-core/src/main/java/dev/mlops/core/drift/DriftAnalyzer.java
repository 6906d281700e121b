package dev.mlops.core.drift;

import dev.mlops.core.drift.internal.HtmlText;
import dev.mlops.drift.DriftDetector;
import dev.mlops.drift.DriftReport;
import dev.mlops.drift.FeatureColumn;
import dev.mlops.drift.FeatureDrift;
import dev.mlops.drift.FeatureKind;
import dev.mlops.drift.SkippedFeature;
import dev.mlops.internal.SetOnce;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compares a current dataset with a reference dataset feature by feature and produces a {@link
 * DriftReport}, choosing each feature's test exactly as Evidently does by default:
 *
 * <ul>
 *   <li>with at most {@value #DEFAULT_SMALL_REFERENCE_MAX} present reference values, a numeric
 *       feature with more than {@value #FEW_VALUES_MAX} distinct values (counted over both
 *       samples) gets the Kolmogorov-Smirnov test, a feature with 3 to 5 distinct values or a
 *       categorical one the chi-square test, and a feature with at most 2 distinct values the
 *       two-proportion Z-test, all drifting when p is below the test's {@linkplain
 *       DriftMethod#defaultThreshold() default significance};
 *   <li>with a larger reference, a numeric feature with more than {@value #FEW_VALUES_MAX} values
 *       gets the Wasserstein distance normalised by the reference standard deviation, any other
 *       feature the Jensen-Shannon distance, drifting at the distance's {@linkplain
 *       DriftMethod#defaultThreshold() default threshold} or more;
 *   <li>the dataset drifts when at least {@value #DEFAULT_DRIFT_SHARE} of the tested features
 *       drift.
 * </ul>
 *
 * <p>Every choice and threshold can be changed, globally or per feature, with the {@link Builder};
 * a rule can require an effect size beside the p-value so that huge samples do not flag trivial
 * shifts. Missing values are kept out of the tests and reported per feature; a feature without
 * present values in either sample is listed as skipped.
 *
 * <p>Two inputs are accepted: {@link DataTable}s, tested exactly, and {@link DatasetProfile}s,
 * tested from bounded-memory sketches (the report is then marked {@linkplain
 * DriftReport#approximate() approximate}; see {@code docs/drift.md} for the error). Instances are
 * immutable and thread-safe.
 *
 * <pre>{@code
 * DriftReport report = DriftAnalyzer.builder()
 *     .method("income", DriftMethod.PSI)
 *     .threshold("income", 0.2)
 *     .build()
 *     .analyze(reference, current);
 * }</pre>
 *
 * @since 0.1
 */
public final class DriftAnalyzer {

  /** Evidently's limit: references with at most this many values get hypothesis tests. */
  public static final int DEFAULT_SMALL_REFERENCE_MAX = 1000;

  /** Numeric features with at most this many distinct values are tested as categories. */
  public static final int FEW_VALUES_MAX = 5;

  /**
   * The default significance level of the automatically chosen hypothesis tests: that of
   * {@link DriftMethod#KS}.
   *
   * @deprecated every method has its own default, {@link DriftMethod#defaultThreshold()}, the one
   *     source of default thresholds; this copy of one of them will be removed
   */
  @Deprecated(since = "0.1", forRemoval = true)
  public static final double DEFAULT_SIGNIFICANCE = DriftMethod.KS.defaultThreshold();

  /**
   * The default threshold of the automatically chosen distances: that of {@link
   * DriftMethod#JENSEN_SHANNON}.
   *
   * @deprecated every method has its own default, {@link DriftMethod#defaultThreshold()}, the one
   *     source of default thresholds; this copy of one of them will be removed
   */
  @Deprecated(since = "0.1", forRemoval = true)
  public static final double DEFAULT_DISTANCE_THRESHOLD =
      DriftMethod.JENSEN_SHANNON.defaultThreshold();

  /** The default share of drifted features at which the dataset drifts. */
  public static final double DEFAULT_DRIFT_SHARE = 0.5;

  /** How many categories a report's category counts show before folding the rest. */
  static final int DISPLAYED_CATEGORIES = 20;

  private static final Logger LOG = LoggerFactory.getLogger(DriftAnalyzer.class);

  private final Clock clock;
  private final int smallReferenceMax;
  private final @Nullable Double significance;
  private final @Nullable Double distanceThreshold;
  private final double driftShare;
  private final @Nullable Double minEffectSize;
  private final Map<String, FeatureSettings> settings;
  private final @Nullable List<String> features;
  private final int parallelism;

  private DriftAnalyzer(Builder builder) {
    this.clock = builder.clock;
    this.smallReferenceMax = builder.smallReferenceMax;
    this.significance = builder.significance;
    this.distanceThreshold = builder.distanceThreshold;
    this.driftShare = builder.driftShare;
    this.minEffectSize = builder.minEffectSize;
    this.settings = Map.copyOf(builder.settings);
    this.features = builder.features == null ? null : List.copyOf(builder.features);
    this.parallelism = builder.parallelism;
  }

  /**
   * An analyzer with Evidently's defaults and the system UTC clock.
   *
   * @return the analyzer
   */
  public static DriftAnalyzer withDefaults() {
    return builder().build();
  }

  /**
   * Starts configuring an analyzer.
   *
   * @return a builder with Evidently's defaults
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Tests every feature of the reference table (or those {@linkplain Builder#features chosen})
   * for drift in the current table, on the raw values.
   *
   * @param reference what the model was trained on
   * @param current what it sees now; columns not in the reference are ignored
   * @return the report
   * @throws IllegalArgumentException if the current table lacks a feature, a feature's kind
   *     differs between the tables, or a configured method cannot test a feature, naming it
   */
  public DriftReport analyze(DataTable reference, DataTable current) {
    long start = System.nanoTime();
    List<String> tested = new ArrayList<>();
    List<SkippedFeature> skipped = new ArrayList<>();
    for (String feature : featuresOf(reference.features(), current.features(), "table")) {
      FeatureColumn ref = reference.column(feature);
      FeatureColumn cur = current.column(feature);
      requireSameKind(feature, FeatureKind.of(ref), FeatureKind.of(cur));
      if (ref.size() == 0 || cur.size() == 0) {
        skipped.add(skip(feature, FeatureKind.of(ref), ref.size(), cur.size(), ref.missing(),
            cur.missing()));
      } else {
        tested.add(feature);
      }
    }
    List<FeatureDrift> results = FeatureTasks.run(tested.size(), parallelism,
        NumericComparison.Workspace::new, (workspace, k) -> {
          String feature = tested.get(k);
          return new ColumnAnalysis(this, feature, reference.column(feature),
              current.column(feature), workspace).run();
        });
    return report(results, skipped, reference.rows(), current.rows(), false, start);
  }

  /**
   * Tests every feature of the reference profile (or those {@linkplain Builder#features chosen})
   * for drift in the current profile, with statistics estimated from their sketches: KS from the
   * two quantile sketches' CDFs, Wasserstein from their quantiles, Jensen-Shannon and PSI from
   * histograms read off the sketches, chi-square and Z from the counts.
   *
   * @param reference the profile of what the model was trained on
   * @param current the profile of the current window; features not in the reference are ignored
   * @return the report, marked approximate
   * @throws IllegalArgumentException if the current profile lacks a feature, a feature's kind
   *     differs, a configured method cannot test a feature from a profile (a custom detector, or
   *     chi-square on a numeric feature with more than {@value NumericProfile#TRACKED_VALUES_LIMIT}
   *     distinct values), naming it
   */
  public DriftReport analyze(DatasetProfile reference, DatasetProfile current) {
    long start = System.nanoTime();
    List<FeatureDrift> tested = new ArrayList<>();
    List<SkippedFeature> skipped = new ArrayList<>();
    for (String feature : featuresOf(reference.features(), current.features(), "profile")) {
      FeatureProfile ref = reference.feature(feature);
      FeatureProfile cur = current.feature(feature);
      requireSameKind(feature, ref.kind(), cur.kind());
      if (ref.count() == 0 || cur.count() == 0) {
        skipped.add(skip(feature, ref.kind(), ref.count(), cur.count(),
            ref.missing() + ref.invalid(), cur.missing() + cur.invalid()));
        continue;
      }
      tested.add(new ProfileAnalysis(this, feature, ref, cur).run());
    }
    return report(tested, skipped, reference.rows(), current.rows(), true, start);
  }

  /**
   * Chooses the test for a feature: the configured method, or Evidently's default for its kind,
   * distinct values and reference size.
   */
  TestChoice choose(
      String feature, FeatureKind kind, long referenceSize, DistinctValues distinct) {
    FeatureSettings own = settings.getOrDefault(feature, FeatureSettings.NONE);
    DriftMethod method;
    StringBuilder reason = new StringBuilder();
    if (own.method() != null) {
      method = own.method();
      reason.append("method set for this feature: ");
    } else {
      boolean small = referenceSize <= smallReferenceMax;
      boolean manyNumbers = kind == FeatureKind.NUMERIC && distinct.moreThan(FEW_VALUES_MAX);
      if (small) {
        method = manyNumbers ? DriftMethod.KS
            : distinct.moreThan(2) ? DriftMethod.CHI_SQUARE : DriftMethod.Z_TEST;
      } else {
        method = manyNumbers ? DriftMethod.WASSERSTEIN : DriftMethod.JENSEN_SHANNON;
      }
      reason.append("reference has ").append(referenceSize).append(" values (")
          .append(small ? "<= " : "> ").append(smallReferenceMax).append(") and the feature is ")
          .append(kind == FeatureKind.NUMERIC ? "numeric" : "categorical").append(" with ")
          .append(distinct.describe()).append(": ");
    }
    if (!method.supports(kind)) {
      throw new IllegalArgumentException(
          "The " + method.id() + " test set for feature '" + feature
              + "' needs numeric values, but the feature is categorical; choose chisquare, z,"
              + " jensenshannon or psi");
    }
    if (method == DriftMethod.Z_TEST && distinct.moreThan(2)) {
      throw new IllegalArgumentException(
          "The z test set for feature '" + feature + "' compares two proportions, but the feature"
              + " has " + distinct.describe() + "; choose chisquare for more than two values");
    }
    double threshold = thresholdFor(feature, method, own);
    Double effect = method.isHypothesisTest()
        ? (own.minEffectSize() != null ? own.minEffectSize() : minEffectSize) : null;
    reason.append(method.id());
    if (method.isHypothesisTest()) {
      reason.append(" test, significance ").append(HtmlText.number(threshold));
    } else {
      reason.append(" distance, drift at >= ").append(HtmlText.number(threshold));
    }
    if (own.threshold() != null) {
      reason.append(" (set for this feature)");
    }
    if (effect != null) {
      reason.append(", and effect size >= ").append(HtmlText.number(effect));
    }
    return new TestChoice(method, threshold, effect, reason.toString());
  }

  /** The custom detector configured for a feature, or null. */
  @Nullable DriftDetector detectorFor(String feature) {
    return settings.getOrDefault(feature, FeatureSettings.NONE).detector();
  }

  /** The effect size a custom detector's p-value must be accompanied by, or null. */
  @Nullable Double minEffectSizeFor(String feature) {
    Double own = settings.getOrDefault(feature, FeatureSettings.NONE).minEffectSize();
    return own != null ? own : minEffectSize;
  }

  private double thresholdFor(String feature, DriftMethod method, FeatureSettings own) {
    Double threshold = own.threshold();
    if (threshold == null) {
      Double global = method.isHypothesisTest() ? significance : distanceThreshold;
      return global != null ? global : method.defaultThreshold();
    }
    if (method.isHypothesisTest() && !(threshold > 0 && threshold < 1)) {
      throw new IllegalArgumentException(
          "The threshold " + threshold + " set for feature '" + feature + "' is not a p-value in"
              + " (0, 1), but its " + method.id() + " test compares p-values");
    }
    return threshold;
  }

  private List<String> featuresOf(Set<String> reference, Set<String> current, String what) {
    List<String> names = features != null ? features : new ArrayList<>(reference);
    List<String> absent = new ArrayList<>();
    for (String name : names) {
      if (!reference.contains(name) || !current.contains(name)) {
        absent.add(name + (reference.contains(name) ? " (not in the current " + what + ")"
            : " (not in the reference " + what + ")"));
      }
    }
    if (!absent.isEmpty()) {
      throw new IllegalArgumentException(
          "Cannot test features " + absent + "; both datasets need every tested feature");
    }
    return names;
  }

  private static void requireSameKind(String feature, FeatureKind reference, FeatureKind current) {
    if (reference != current) {
      throw new IllegalArgumentException(
          "Feature '" + feature + "' is " + name(reference) + " in the reference but "
              + name(current) + " in the current dataset; give both the same kind");
    }
  }

  private static SkippedFeature skip(
      String feature, FeatureKind kind, long referenceCount, long currentCount,
      long referenceMissing, long currentMissing) {
    String reason = referenceCount == 0 && currentCount == 0
        ? "no present values in either sample"
        : referenceCount == 0
            ? "no present values in the reference sample (" + referenceMissing + " missing)"
            : "no present values in the current sample (" + currentMissing + " missing)";
    LOG.debug("Feature '{}' not tested: {}", feature, reason);
    return new SkippedFeature(feature, kind, reason, referenceCount, currentCount,
        referenceMissing, currentMissing);
  }

  private DriftReport report(
      List<FeatureDrift> tested, List<SkippedFeature> skipped, long referenceRows,
      long currentRows, boolean approximate, long startNanos) {
    Duration elapsed = Duration.ofNanos(Math.max(0, System.nanoTime() - startNanos));
    DriftReport report = DriftReport.of(tested, skipped, driftShare, referenceRows, currentRows,
        approximate, elapsed, clock.instant());
    LOG.debug("Drift analysis of {} features: {} drifted, dataset drift {}", tested.size(),
        report.driftedCount(), report.datasetDrifted());
    return report;
  }

  private static String name(FeatureKind kind) {
    return kind == FeatureKind.NUMERIC ? "numeric" : "categorical";
  }

  /** What is configured for one feature; null means the analyzer-wide default. */
  record FeatureSettings(
      @Nullable DriftMethod method,
      @Nullable Double threshold,
      @Nullable Double minEffectSize,
      @Nullable DriftDetector detector) {

    static final FeatureSettings NONE = new FeatureSettings(null, null, null, null);

    /** The method or the custom detector, whichever was set; they exclude each other. */
    @Nullable Object methodOrDetector() {
      return method != null ? method : detector;
    }
  }

  /**
   * Configures a {@link DriftAnalyzer}. Every setting may be given once; settings for a feature
   * apply only to it. Not thread-safe.
   *
   * @since 0.1
   */
  public static final class Builder {

    private Clock clock = Clock.systemUTC();
    private int smallReferenceMax = DEFAULT_SMALL_REFERENCE_MAX;
    private @Nullable Double significance;
    private @Nullable Double distanceThreshold;
    private double driftShare = DEFAULT_DRIFT_SHARE;
    private @Nullable Double minEffectSize;
    private final Map<String, FeatureSettings> settings = new HashMap<>();
    private @Nullable List<String> features;
    private int parallelism = Runtime.getRuntime().availableProcessors();
    private final Set<String> given = new LinkedHashSet<>();

    private Builder() {}

    /**
     * The clock that timestamps reports. The default is the system UTC clock.
     *
     * @param clock the clock
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder clock(Clock clock) {
      SetOnce.mark(given, "clock");
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * The largest reference size (present values of a feature) for which hypothesis tests are
     * chosen; above it, distances. The default is {@value #DEFAULT_SMALL_REFERENCE_MAX}.
     *
     * @param values the size, at least 1
     * @return this builder
     * @throws IllegalArgumentException if not positive
     * @throws IllegalStateException if already set
     */
    public Builder smallReferenceMax(int values) {
      SetOnce.mark(given, "smallReferenceMax");
      if (values < 1) {
        throw new IllegalArgumentException("smallReferenceMax must be positive but was " + values);
      }
      this.smallReferenceMax = values;
      return this;
    }

    /**
     * The significance level of every hypothesis test without a threshold of its own. By default
     * each test uses Evidently's default for it, {@link DriftMethod#defaultThreshold()}.
     *
     * @param pValue the level, in (0, 1)
     * @return this builder
     * @throws IllegalArgumentException if not in (0, 1)
     * @throws IllegalStateException if already set
     */
    public Builder significance(double pValue) {
      SetOnce.mark(given, "significance");
      if (!(pValue > 0 && pValue < 1)) {
        throw new IllegalArgumentException("significance must be in (0, 1) but was " + pValue);
      }
      this.significance = pValue;
      return this;
    }

    /**
     * The threshold of every distance (Wasserstein, Jensen-Shannon, PSI) without a threshold of
     * its own. By default each uses Evidently's default for it, {@link
     * DriftMethod#defaultThreshold()}.
     *
     * @param threshold the threshold, positive
     * @return this builder
     * @throws IllegalArgumentException if not positive and finite
     * @throws IllegalStateException if already set
     */
    public Builder distanceThreshold(double threshold) {
      SetOnce.mark(given, "distanceThreshold");
      if (!(threshold > 0 && Double.isFinite(threshold))) {
        throw new IllegalArgumentException(
            "distanceThreshold must be positive but was " + threshold);
      }
      this.distanceThreshold = threshold;
      return this;
    }

    /**
     * The share of drifted features at or above which the dataset drifts. The default is {@value
     * #DEFAULT_DRIFT_SHARE}.
     *
     * @param share the share, in (0, 1]
     * @return this builder
     * @throws IllegalArgumentException if not in (0, 1]
     * @throws IllegalStateException if already set
     */
    public Builder driftShare(double share) {
      SetOnce.mark(given, "driftShare");
      if (!(share > 0 && share <= 1)) {
        throw new IllegalArgumentException("driftShare must be in (0, 1] but was " + share);
      }
      this.driftShare = share;
      return this;
    }

    /**
     * Requires every hypothesis test's effect size to reach a minimum, beside its p-value, for a
     * drift verdict: D for KS, Cramér's V for chi-square, Cohen's h for the Z-test, the
     * root-mean-square gap between the distribution functions for Anderson-Darling and
     * Cramér-von Mises. By default the p-value alone decides, as in Evidently.
     *
     * @param minimum the smallest effect that counts as drift, positive
     * @return this builder
     * @throws IllegalArgumentException if not positive and finite
     * @throws IllegalStateException if already set
     */
    public Builder minEffectSize(double minimum) {
      SetOnce.mark(given, "minEffectSize");
      this.minEffectSize = positive("minEffectSize", minimum);
      return this;
    }

    /**
     * How many features of a table are tested at once: the calling thread and up to {@code
     * threads - 1} helpers from {@link java.util.concurrent.ForkJoinPool#commonPool()}. Reports
     * are the same whatever the setting. The default is the number of processors; 1 tests the
     * features one after another on the calling thread. Profiles are always tested on the
     * calling thread (their tests take microseconds).
     *
     * @param threads at least 1
     * @return this builder
     * @throws IllegalArgumentException if below 1
     * @throws IllegalStateException if already set
     * @since 0.1
     */
    public Builder parallelism(int threads) {
      SetOnce.mark(given, "parallelism");
      if (threads < 1) {
        throw new IllegalArgumentException("parallelism must be at least 1 but was " + threads);
      }
      this.parallelism = threads;
      return this;
    }

    /**
     * Tests only these features, in this order. By default every feature of the reference is
     * tested, in its order.
     *
     * @param names the feature names
     * @return this builder
     * @throws IllegalArgumentException if a name repeats or none is given
     * @throws IllegalStateException if already set
     */
    public Builder features(String... names) {
      SetOnce.mark(given, "features");
      if (names.length == 0) {
        throw new IllegalArgumentException("features needs at least one feature name");
      }
      Set<String> unique = new LinkedHashSet<>();
      for (String name : names) {
        if (!unique.add(Objects.requireNonNull(name, "name"))) {
          throw new IllegalArgumentException("Feature '" + name + "' is listed twice");
        }
      }
      this.features = List.copyOf(unique);
      return this;
    }

    /**
     * Tests one feature with a chosen method instead of the automatic choice.
     *
     * @param feature the feature name
     * @param method the method
     * @return this builder
     * @throws IllegalStateException if the feature's method or detector is already set
     */
    public Builder method(String feature, DriftMethod method) {
      FeatureSettings own = own(feature);
      settings.put(feature, new FeatureSettings(
          SetOnce.value(methodOf(feature), own.methodOrDetector(), method), own.threshold(),
          own.minEffectSize(), null));
      return this;
    }

    /**
     * Sets one feature's threshold: the significance level if its test is a hypothesis test, the
     * distance threshold otherwise.
     *
     * @param feature the feature name
     * @param threshold the threshold, positive
     * @return this builder
     * @throws IllegalArgumentException if not positive and finite
     * @throws IllegalStateException if the feature's threshold is already set
     */
    public Builder threshold(String feature, double threshold) {
      FeatureSettings own = own(feature);
      String setting = "threshold of feature '" + feature + "'";
      Double checked = SetOnce.value(setting, own.threshold(), positive(setting, threshold));
      if (own.detector() != null) {
        throw new IllegalStateException(
            "Feature '" + feature + "' has a custom detector, which applies its own threshold;"
                + " configure the threshold on the detector");
      }
      settings.put(feature, new FeatureSettings(own.method(), checked, own.minEffectSize(),
          own.detector()));
      return this;
    }

    /**
     * Requires one feature's hypothesis test to reach an effect size, beside its p-value.
     *
     * @param feature the feature name
     * @param minimum the smallest effect that counts as drift, positive
     * @return this builder
     * @throws IllegalArgumentException if not positive and finite
     * @throws IllegalStateException if the feature's minimum is already set
     */
    public Builder minEffectSize(String feature, double minimum) {
      FeatureSettings own = own(feature);
      String setting = "minEffectSize of feature '" + feature + "'";
      settings.put(feature, new FeatureSettings(own.method(), own.threshold(),
          SetOnce.value(setting, own.minEffectSize(), positive(setting, minimum)),
          own.detector()));
      return this;
    }

    /**
     * Tests one feature with a custom detector, on raw values only (analysing profiles with such
     * a feature fails). The detector applies its own threshold; a minimum effect size, if set,
     * is required beside its verdict.
     *
     * @param feature the feature name
     * @param detector the detector
     * @return this builder
     * @throws IllegalStateException if the feature's method or detector is already set, or its
     *     threshold is set (the detector has its own)
     */
    public Builder detector(String feature, DriftDetector detector) {
      FeatureSettings own = own(feature);
      DriftDetector checked = SetOnce.value(methodOf(feature), own.methodOrDetector(), detector);
      if (own.threshold() != null) {
        throw new IllegalStateException(
            "Feature '" + feature + "' has a threshold set, but a custom detector applies its"
                + " own; configure the threshold on the detector");
      }
      settings.put(feature, new FeatureSettings(null, null, own.minEffectSize(), checked));
      return this;
    }

    /**
     * Builds the analyzer.
     *
     * @return the analyzer
     */
    public DriftAnalyzer build() {
      return new DriftAnalyzer(this);
    }

    private FeatureSettings own(String feature) {
      Objects.requireNonNull(feature, "feature");
      return settings.getOrDefault(feature, FeatureSettings.NONE);
    }

    private static String methodOf(String feature) {
      return "method of feature '" + feature + "'";
    }

    private static double positive(String name, double value) {
      if (!(value > 0 && Double.isFinite(value))) {
        throw new IllegalArgumentException(name + " must be positive but was " + value);
      }
      return value;
    }
  }
}

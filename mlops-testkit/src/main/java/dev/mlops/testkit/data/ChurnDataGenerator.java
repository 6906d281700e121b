package dev.mlops.testkit.data;

import dev.mlops.internal.SetOnce;
import dev.mlops.registry.DataType;
import dev.mlops.registry.FieldSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import org.jspecify.annotations.Nullable;

/**
 * Simulated customers of a subscription business, week by week, with a churn label and drift you
 * control: the data of the churn case study, and of any test that needs realistic tabular data
 * whose meaning changes over time.
 *
 * <pre>{@code
 * ChurnDataGenerator data = ChurnDataGenerator.builder()
 *     .seed(42)
 *     .drift(DriftKind.BOTH, 8, 0.8)   // from week 8 on
 *     .build();
 * List<ChurnRow> training = data.week(0, 5_000);
 * List<ChurnRow> traffic = data.week(9, 2_000, 1); // another sample of week 9
 * }</pre>
 *
 * <p><b>Features.</b> {@code tenure_months} (whole months, 1 to 120, mostly short),
 * {@code monthly_spend} (by plan, around 25, 55 and 95), {@code support_calls} (a whole number,
 * about 1 a week), {@code plan} ({@code basic}, {@code standard}, {@code premium}),
 * {@code region} ({@code north}, {@code south}, {@code east}, {@code west}),
 * {@code app_sessions_per_week} (about 6) and {@code payment_failures} (a whole number, usually 0).
 *
 * <p><b>Label.</b> {@code churned} is {@code "yes"} with probability {@code sigmoid(z)}, where
 * {@code z} grows with support calls, payment failures, spend and the basic plan and falls with
 * tenure, app sessions and the premium plan (see {@link #churnProbability(Map, int)}). Before
 * drift about 20% of customers churn, and a logistic model can reach about 0.84 accuracy, which is
 * the best any model can do on this data.
 *
 * <p><b>Drift</b> starts at an onset week, optionally ramps up over some weeks, and has a severity
 * from 0 (none) to 1 (full). {@link DriftKind#COVARIATE} changes the customers,
 * {@link DriftKind#CONCEPT} changes why they churn (a model trained before the onset falls to about
 * 0.70 accuracy at severity 0.8, while a model retrained on drifted data reaches about 0.80), and
 * {@link DriftKind#BOTH} does both. Before the onset, rows are exactly those of a generator without
 * drift.
 *
 * <p>Immutable and thread-safe. Rows depend only on the seed, the settings, the week and the sample
 * number, never on the order of calls.
 *
 * @since 0.1
 */
public final class ChurnDataGenerator {

  /** The name of the label field. */
  public static final String LABEL = "churned";
  /** The label of a customer who churned. */
  public static final String YES = "yes";
  /** The label of a customer who stayed. */
  public static final String NO = "no";

  /** Customer tenure in whole months. */
  public static final String TENURE_MONTHS = "tenure_months";
  /** What the customer pays per month. */
  public static final String MONTHLY_SPEND = "monthly_spend";
  /** Calls to support in the week, a whole number. */
  public static final String SUPPORT_CALLS = "support_calls";
  /** The subscription plan: basic, standard or premium. */
  public static final String PLAN = "plan";
  /** The sales region: north, south, east or west. */
  public static final String REGION = "region";
  /** Sessions in the app per week. */
  public static final String APP_SESSIONS_PER_WEEK = "app_sessions_per_week";
  /** Failed payments, a whole number. */
  public static final String PAYMENT_FAILURES = "payment_failures";

  /** The plans, in signature order. */
  public static final List<String> PLANS = List.of("basic", "standard", "premium");
  /** The regions, in signature order. */
  public static final List<String> REGIONS = List.of("north", "south", "east", "west");

  private static final double[] PLAN_MIX = {0.45, 0.35, 0.20};
  private static final double[] DRIFTED_PLAN_MIX = {0.65, 0.27, 0.08};
  private static final double[] REGION_MIX = {0.30, 0.25, 0.25, 0.20};
  private static final double[] SPEND_MEAN = {25, 55, 95};
  private static final double[] SPEND_SD = {5, 9, 14};
  private static final double[] PLAN_EFFECT = {0.4, 0.0, -0.5};
  private static final double[] REGION_EFFECT = {0.0, 0.3, 0.0, -0.2};

  private static final List<FieldSpec> FEATURES = List.of(
      numeric(TENURE_MONTHS, "Customer tenure in whole months"),
      numeric(MONTHLY_SPEND, "Monthly spend"),
      numeric(SUPPORT_CALLS, "Support calls this week (a whole number)"),
      FieldSpec.categorical(PLAN, PLANS),
      FieldSpec.categorical(REGION, REGIONS),
      numeric(APP_SESSIONS_PER_WEEK, "App sessions per week"),
      numeric(PAYMENT_FAILURES, "Failed payments (a whole number)"));

  private static final FieldSpec LABEL_FIELD = FieldSpec.categorical(LABEL, List.of(NO, YES));

  private final long seed;
  private final @Nullable DriftKind driftKind;
  private final int onsetWeek;
  private final double severity;
  private final int rampWeeks;

  private ChurnDataGenerator(Builder b) {
    this.seed = b.seed;
    this.driftKind = b.driftKind;
    this.onsetWeek = b.onsetWeek;
    this.severity = b.severity;
    this.rampWeeks = b.rampWeeks;
  }

  /**
   * A builder for a generator with seed 42 and no drift.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The features, in the order a model should take them: numbers as {@link DataType#FLOAT32}
   * scalars, {@code plan} and {@code region} as categorical scalars with their categories.
   *
   * @return the feature fields, unmodifiable
   */
  public static List<FieldSpec> features() {
    return FEATURES;
  }

  /**
   * The label field: categorical, with categories {@code ["no", "yes"]} in that order, so that
   * {@code "yes"} is the positive class.
   *
   * @return the label field
   */
  public static FieldSpec label() {
    return LABEL_FIELD;
  }

  /**
   * One sample of a simulated week: {@code week(w, n)} is {@code week(w, n, 0)}.
   *
   * @param week the week, 0 or more
   * @param rows how many customers, 0 or more
   * @return the rows
   * @throws IllegalArgumentException if the week or the row count is negative
   */
  public List<ChurnRow> week(int week, int rows) {
    return week(week, rows, 0);
  }

  /**
   * Customers of a simulated week. Different sample numbers give independent samples of the same
   * week (for example training data and live traffic); the same arguments always give the same
   * rows.
   *
   * @param week the week, 0 or more
   * @param rows how many customers, 0 or more
   * @param sample which independent sample of the week
   * @return the rows
   * @throws IllegalArgumentException if the week or the row count is negative
   */
  public List<ChurnRow> week(int week, int rows, int sample) {
    if (week < 0) {
      throw new IllegalArgumentException("week must be 0 or more but was " + week);
    }
    if (rows < 0) {
      throw new IllegalArgumentException("rows must be 0 or more but was " + rows);
    }
    SplittableRandom random = Seeds.stream(seed, week, sample);
    double covariate = driftKind != null && driftKind.shiftsFeatures() ? severityAt(week) : 0;
    double concept = driftKind != null && driftKind.changesRule() ? severityAt(week) : 0;
    List<ChurnRow> result = new ArrayList<>(rows);
    for (int i = 0; i < rows; i++) {
      Map<String, Object> features = customer(random, covariate);
      double p = probability(features, concept);
      String label = random.nextDouble() < p ? YES : NO;
      result.add(new ChurnRow(features, label));
    }
    return result;
  }

  /**
   * How strong the drift is in a week: 0 before the onset week, then the configured severity
   * (reached gradually when a ramp is configured).
   *
   * @param week the week
   * @return the effective severity, from 0 to 1
   */
  public double severityAt(int week) {
    if (driftKind == null || week < onsetWeek) {
      return 0;
    }
    if (rampWeeks == 0) {
      return severity;
    }
    return severity * Math.min(1.0, (week - onsetWeek + 1) / (double) rampWeeks);
  }

  /**
   * The probability that a customer with these features churns in the given week, under the rule
   * of that week (which changes only with concept drift). This is the best score any model can
   * give, which tests use as a reference.
   *
   * @param features the customer's features, as in {@link ChurnRow#features()}
   * @param week the week whose rule applies
   * @return the churn probability
   * @throws IllegalArgumentException if a feature is missing or has a value of the wrong kind
   */
  public double churnProbability(Map<String, Object> features, int week) {
    double concept = driftKind != null && driftKind.changesRule() ? severityAt(week) : 0;
    return probability(features, concept);
  }

  /**
   * The drift this generator applies.
   *
   * @return the kind of drift, or null when there is none
   */
  public @Nullable DriftKind driftKind() {
    return driftKind;
  }

  /**
   * The first week with drift.
   *
   * @return the onset week; meaningless when {@link #driftKind()} is null
   */
  public int onsetWeek() {
    return onsetWeek;
  }

  private static Map<String, Object> customer(SplittableRandom random, double covariate) {
    double[] planMix = new double[PLAN_MIX.length];
    for (int i = 0; i < planMix.length; i++) {
      planMix[i] = PLAN_MIX[i] * (1 - covariate) + DRIFTED_PLAN_MIX[i] * covariate;
    }
    int plan = Seeds.choose(random, planMix);
    int region = Seeds.choose(random, REGION_MIX);
    double tenure = Math.min(120, Math.rint(random.nextExponential() * 24) + 1);
    double spend = Math.max(5, SPEND_MEAN[plan] + random.nextGaussian() * SPEND_SD[plan]);
    double calls = Seeds.poisson(random, 1.0 + 1.2 * covariate);
    double sessions = Math.exp(Math.log(6 * (1 - 0.4 * covariate)) + 0.5 * random.nextGaussian());
    double failures = Seeds.poisson(random, 0.3 + 0.3 * covariate);
    Map<String, Object> row = new LinkedHashMap<>();
    row.put(TENURE_MONTHS, tenure);
    row.put(MONTHLY_SPEND, Math.rint(spend * 100) / 100);
    row.put(SUPPORT_CALLS, calls);
    row.put(PLAN, PLANS.get(plan));
    row.put(REGION, REGIONS.get(region));
    row.put(APP_SESSIONS_PER_WEEK, Math.rint(sessions * 10) / 10);
    row.put(PAYMENT_FAILURES, failures);
    return row;
  }

  // The rule: plausible signs, and at concept severity 1 price sensitivity is six times stronger,
  // tenure protects a fifth as much and payment failures weigh double.
  private static double probability(Map<String, Object> f, double concept) {
    double z = 0.5
        - 0.06 * (1 - 0.8 * concept) * number(f, TENURE_MONTHS)
        + (0.01 + 0.05 * concept) * (number(f, MONTHLY_SPEND) - 50)
        + 0.7 * number(f, SUPPORT_CALLS)
        - 0.35 * number(f, APP_SESSIONS_PER_WEEK)
        + (1.0 + 1.0 * concept) * number(f, PAYMENT_FAILURES)
        + PLAN_EFFECT[category(f, PLAN, PLANS)]
        + REGION_EFFECT[category(f, REGION, REGIONS)];
    return Seeds.sigmoid(z);
  }

  private static double number(Map<String, Object> f, String name) {
    if (!(f.get(name) instanceof Number n)) {
      throw new IllegalArgumentException("Feature '" + name + "' must be a number but was "
          + f.get(name));
    }
    return n.doubleValue();
  }

  private static int category(Map<String, Object> f, String name, List<String> categories) {
    int i = categories.indexOf(String.valueOf(f.get(name)));
    if (i < 0) {
      throw new IllegalArgumentException("Feature '" + name + "' must be one of " + categories
          + " but was " + f.get(name));
    }
    return i;
  }

  private static FieldSpec numeric(String name, String description) {
    return new FieldSpec(name, DataType.FLOAT32, List.of(), false, false, List.of(), description);
  }

  /**
   * Settings of a {@link ChurnDataGenerator}.
   *
   * @since 0.1
   */
  public static final class Builder {
    private long seed = 42;
    private @Nullable DriftKind driftKind;
    private int onsetWeek;
    private double severity;
    private int rampWeeks;

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
     * Adds drift from a week on. Without this call the data does not drift.
     *
     * @param kind what changes
     * @param onsetWeek the first week with drift, 0 or more
     * @param severity how strong, from 0 (none) to 1 (full)
     * @return this builder
     * @throws IllegalArgumentException if the week is negative or the severity outside [0, 1]
     * @throws IllegalStateException if drift was already set
     */
    public Builder drift(DriftKind kind, int onsetWeek, double severity) {
      Objects.requireNonNull(kind, "kind");
      if (onsetWeek < 0) {
        throw new IllegalArgumentException("onsetWeek must be 0 or more but was " + onsetWeek);
      }
      if (!(severity >= 0 && severity <= 1)) {
        throw new IllegalArgumentException("severity must be between 0 and 1 but was " + severity);
      }
      this.driftKind = SetOnce.value("drift",
          driftKind == null ? null : driftKind + " from week " + this.onsetWeek, kind);
      this.onsetWeek = onsetWeek;
      this.severity = severity;
      return this;
    }

    /**
     * Makes the drift grow linearly to its severity over this many weeks from the onset, instead
     * of arriving at once. The default is 0 (at once).
     *
     * @param weeks the length of the ramp, 0 or more
     * @return this builder
     * @throws IllegalArgumentException if the number is negative
     */
    public Builder rampWeeks(int weeks) {
      if (weeks < 0) {
        throw new IllegalArgumentException("rampWeeks must be 0 or more but was " + weeks);
      }
      this.rampWeeks = weeks;
      return this;
    }

    /**
     * Creates the generator.
     *
     * @return the generator
     */
    public ChurnDataGenerator build() {
      return new ChurnDataGenerator(this);
    }
  }
}

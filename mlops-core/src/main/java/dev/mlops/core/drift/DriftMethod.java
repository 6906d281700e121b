package dev.mlops.core.drift;

import dev.mlops.drift.FeatureKind;

/**
 * The built-in drift tests a {@link DriftAnalyzer} can run on a feature, on raw values and on
 * profiles alike. {@link #id()} is the name reported in {@link dev.mlops.drift.DriftResult#method()},
 * the same as Evidently's.
 *
 * @since 0.1
 */
public enum DriftMethod {

  /** Two-sample Kolmogorov-Smirnov test, numeric features; drift when p is below the threshold. */
  KS("ks", "Kolmogorov-Smirnov test", 0.05, true, true, true),

  /** Chi-square test of current category counts against reference proportions. */
  CHI_SQUARE("chisquare", "chi-square test", 0.05, true, false, true),

  /** Two-proportion Z-test, for features with at most two distinct values. */
  Z_TEST("z", "two-proportion Z-test", 0.05, true, false, true),

  /** Wasserstein-1 distance normalised by the reference standard deviation, numeric features. */
  WASSERSTEIN("wasserstein", "Wasserstein distance (normed)", 0.1, false, true, true),

  /** Jensen-Shannon distance (natural log) over Sturges bins or categories. */
  JENSEN_SHANNON("jensenshannon", "Jensen-Shannon distance", 0.1, false, false, true),

  /** Population Stability Index over Sturges bins or categories. */
  PSI("psi", "Population Stability Index", 0.1, false, false, true),

  /** Anderson-Darling k-sample test, numeric features, raw values only. */
  ANDERSON_DARLING("anderson", "Anderson-Darling test", 0.1, true, true, false),

  /** Two-sample Cramér-von Mises test, numeric features, raw values only. */
  CRAMER_VON_MISES("cramer_von_mises", "Cramér-von Mises test", 0.1, true, true, false);

  private final String id;
  private final String title;
  private final double defaultThreshold;
  private final boolean hypothesisTest;
  private final boolean numericOnly;
  private final boolean fromProfiles;

  DriftMethod(
      String id, String title, double defaultThreshold, boolean hypothesisTest,
      boolean numericOnly, boolean fromProfiles) {
    this.id = id;
    this.title = title;
    this.defaultThreshold = defaultThreshold;
    this.hypothesisTest = hypothesisTest;
    this.numericOnly = numericOnly;
    this.fromProfiles = fromProfiles;
  }

  /**
   * The short name, as in results and reports.
   *
   * @return such as {@code ks} or {@code jensenshannon}
   */
  public String id() {
    return id;
  }

  /**
   * The name for people.
   *
   * @return such as {@code Kolmogorov-Smirnov test}
   */
  public String title() {
    return title;
  }

  /**
   * The threshold used when none is configured: Evidently's default for the test (0.05 for KS,
   * chi-square and Z; 0.1 for the distances, Anderson-Darling and Cramér-von Mises).
   *
   * @return the p-value or distance threshold
   */
  public double defaultThreshold() {
    return defaultThreshold;
  }

  /**
   * Whether the method can be estimated from {@link DatasetProfile}s; Anderson-Darling and
   * Cramér-von Mises need the raw values.
   *
   * @return true if profiles can be tested with it
   */
  public boolean worksOnProfiles() {
    return fromProfiles;
  }

  /**
   * Whether the method is a hypothesis test, compared through its p-value, rather than a distance
   * compared directly with its threshold.
   *
   * @return true for KS, chi-square, the Z-test, Anderson-Darling and Cramér-von Mises
   */
  public boolean isHypothesisTest() {
    return hypothesisTest;
  }

  /**
   * Whether the method can test a feature of this kind.
   *
   * @param kind the feature's kind
   * @return false for KS, Wasserstein, Anderson-Darling and Cramér-von Mises on categorical
   *     features
   */
  public boolean supports(FeatureKind kind) {
    return kind == FeatureKind.NUMERIC || !numericOnly;
  }

  /**
   * The method with this short name.
   *
   * @param id such as {@code psi}
   * @return the method
   * @throws IllegalArgumentException if no method has that name, listing those that do
   */
  public static DriftMethod ofId(String id) {
    for (DriftMethod method : values()) {
      if (method.id.equals(id)) {
        return method;
      }
    }
    StringBuilder known = new StringBuilder();
    for (DriftMethod method : values()) {
      known.append(known.length() == 0 ? "" : ", ").append(method.id);
    }
    throw new IllegalArgumentException(
        "No drift method '" + id + "'; the methods are " + known);
  }
}

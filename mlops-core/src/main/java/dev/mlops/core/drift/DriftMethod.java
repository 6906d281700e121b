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
  KS("ks", "Kolmogorov-Smirnov test", true, true),

  /** Chi-square test of current category counts against reference proportions. */
  CHI_SQUARE("chisquare", "chi-square test", true, false),

  /** Two-proportion Z-test, for features with at most two distinct values. */
  Z_TEST("z", "two-proportion Z-test", true, false),

  /** Wasserstein-1 distance normalised by the reference standard deviation, numeric features. */
  WASSERSTEIN("wasserstein", "Wasserstein distance (normed)", false, true),

  /** Jensen-Shannon distance (natural log) over Sturges bins or categories. */
  JENSEN_SHANNON("jensenshannon", "Jensen-Shannon distance", false, false),

  /** Population Stability Index over Sturges bins or categories. */
  PSI("psi", "Population Stability Index", false, false);

  private final String id;
  private final String title;
  private final boolean hypothesisTest;
  private final boolean numericOnly;

  DriftMethod(String id, String title, boolean hypothesisTest, boolean numericOnly) {
    this.id = id;
    this.title = title;
    this.hypothesisTest = hypothesisTest;
    this.numericOnly = numericOnly;
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
   * Whether the method is a hypothesis test, compared through its p-value, rather than a distance
   * compared directly with its threshold.
   *
   * @return true for KS, chi-square and the Z-test
   */
  public boolean isHypothesisTest() {
    return hypothesisTest;
  }

  /**
   * Whether the method can test a feature of this kind.
   *
   * @param kind the feature's kind
   * @return false for KS and Wasserstein on categorical features
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

package dev.mlops.core.lifecycle;

import dev.mlops.core.comparison.LabelledScores;
import dev.mlops.core.comparison.MetricComparison;
import dev.mlops.core.comparison.ModelComparisons;
import dev.mlops.internal.SetOnce;
import dev.mlops.lifecycle.GateDecision;
import dev.mlops.lifecycle.PromotionGate;
import dev.mlops.predict.Prediction;
import dev.mlops.predict.Predictor;
import dev.mlops.registry.ModelVersion;
import dev.mlops.training.Dataset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A fair champion/challenger gate: both models score the same fresh labelled rows (data neither
 * trained on, such as last week's labelled traffic), and the challenger is promoted only when it is
 * better by the {@link ComparisonRules}' margins <em>and</em> significantly so, by McNemar's test
 * for accuracy and DeLong's for ROC AUC. The versions' registered metrics are not used: they come
 * from different hold-out sets, so comparing them confounds the models with their data.
 *
 * <pre>{@code
 * PromotionGate gate = PairedComparisonGate.builder(
 *         () -> labelledRowsOfLastWeek,                  // a classification Dataset
 *         version -> predictors.load(version.uri()))     // closed after scoring
 *     .rules(ComparisonRules.builder()
 *         .require("accuracy", 0.01)
 *         .guard("roc_auc", 0.02)
 *         .build())
 *     .build();
 * }</pre>
 *
 * <p>Scores are matched to the dataset's classes through each version's signature (the first
 * output's categories), so the two versions may order their classes differently. For two classes
 * the positive class (for ROC AUC) is the dataset's second class unless set. The decision's
 * reasons name every rule with both values, the test, its p-value and what it counted; the
 * lifecycle controller writes them to the challenger's tags (docs/lifecycle.md). Without a
 * champion the challenger is approved; with fewer fresh rows than {@code minRows} it is rejected.
 *
 * @since 0.1
 */
public final class PairedComparisonGate implements PromotionGate {

  /** Rows per batch call; predictors accept 1024 unless configured otherwise. */
  private static final int BATCH = 500;

  private final Supplier<? extends Dataset> freshData;
  private final Function<? super ModelVersion, ? extends Predictor<Map<String, Object>, Prediction>> loader;
  private final ComparisonRules rules;
  private final int minRows;
  private final @Nullable String positiveClass;

  private PairedComparisonGate(Builder b, ComparisonRules rules) {
    this.freshData = b.freshData;
    this.loader = b.loader;
    this.rules = rules;
    this.minRows = b.minRows;
    this.positiveClass = b.positiveClass;
  }

  /**
   * Starts a gate.
   *
   * @param freshData supplies the labelled rows both models are scored on, a classification
   *     dataset, asked once per evaluation
   * @param loader loads a version as a predictor of rows; the gate closes it after scoring
   * @return a builder
   * @since 0.1
   */
  public static Builder builder(Supplier<? extends Dataset> freshData,
      Function<? super ModelVersion, ? extends Predictor<Map<String, Object>, Prediction>> loader) {
    return new Builder(Objects.requireNonNull(freshData, "freshData"), Objects.requireNonNull(loader, "loader"));
  }

  /**
   * Scores both versions on the fresh rows and judges the challenger by the rules.
   *
   * @param challenger the newly registered version
   * @param champion the version in production, empty if none
   * @return approve when every rule holds, reject otherwise, with the reasons
   * @throws IllegalArgumentException if the fresh data is not a classification dataset, or a
   *     version's signature does not score the dataset's classes, naming the version
   * @throws dev.mlops.MlopsException as the loader or the predictors throw it
   * @since 0.1
   */
  @Override
  public GateDecision evaluate(ModelVersion challenger, Optional<ModelVersion> champion) {
    if (champion.isEmpty()) {
      return GateDecision.approve(List.of("no champion to compare with"));
    }
    Dataset rows = freshData.get();
    if (rows.size() < minRows) {
      return GateDecision.reject(List.of("only " + rows.size() + " fresh labelled rows, fewer than the "
          + minRows + " the gate needs to compare version " + challenger.version() + " with version "
          + champion.get().version()));
    }
    return decide(rows.size(), compareOn(rows, challenger, champion.get()));
  }

  /**
   * Scores both versions on given labelled rows and compares them on every metric of the rules,
   * without deciding: what {@link #evaluate} does with the fresh rows, for callers that also want
   * the figures ({@link #decide} then gives the decision).
   *
   * @param challenger the challenger
   * @param champion the champion
   * @param rows the labelled rows, a classification dataset
   * @return one comparison per metric of the rules
   * @throws IllegalArgumentException as {@link #evaluate}, or if there is no row
   * @since 0.1
   */
  public List<MetricComparison> compare(ModelVersion challenger, ModelVersion champion, Dataset rows) {
    return compareOn(Objects.requireNonNull(rows, "rows"), challenger, champion);
  }

  /**
   * The decision on comparisons made on {@code rows} fresh rows.
   *
   * @param rows how many fresh rows the comparisons were made on
   * @param comparisons a comparison per metric of the rules
   * @return approve when every rule holds, reject otherwise
   * @throws IllegalArgumentException if a metric of the rules has no comparison
   * @since 0.1
   */
  public GateDecision decide(int rows, List<MetricComparison> comparisons) {
    ComparisonRules.Judgement judgement = rules.promotion(comparisons);
    List<String> reasons = new ArrayList<>();
    reasons.add("both versions scored on the same " + rows + " fresh labelled rows");
    reasons.addAll(judgement.reasons());
    return judgement.holds() ? GateDecision.approve(reasons) : GateDecision.reject(reasons);
  }

  private List<MetricComparison> compareOn(Dataset rows, ModelVersion challenger, ModelVersion champion) {
    if (!rows.classification()) {
      throw new IllegalArgumentException("the fresh data's target '" + rows.target().name()
          + "' is not categorical; the gate compares classifiers");
    }
    List<String> classes = rows.target().categories();
    String positive = positiveClass != null ? positiveClass : classes.size() == 2 ? classes.get(1) : null;
    LabelledScores championScores = score(champion, rows, classes, positive);
    LabelledScores challengerScores = score(challenger, rows, classes, positive);
    List<MetricComparison> comparisons = new ArrayList<>();
    for (String metric : rules.metrics()) {
      comparisons.add(ModelComparisons.paired(metric, championScores, challengerScores, rules.mcNemar()));
    }
    return comparisons;
  }

  private LabelledScores score(ModelVersion version, Dataset rows, List<String> classes,
      @Nullable String positive) {
    int[] columns = columns(version, classes);
    LabelledScores scores = new LabelledScores(classes, positive);
    try (Predictor<Map<String, Object>, Prediction> model = loader.apply(version)) {
      for (int from = 0; from < rows.size(); from += BATCH) {
        int to = Math.min(rows.size(), from + BATCH);
        List<Map<String, Object>> batch = new ArrayList<>(to - from);
        for (int i = from; i < to; i++) {
          Map<String, Object> features = new LinkedHashMap<>();
          rows.features(i).forEach((name, value) -> {
            if (value != null) {
              features.put(name, value);
            }
          });
          batch.add(features);
        }
        List<Prediction> predictions = model.predictBatch(batch);
        for (int i = from; i < to; i++) {
          List<Double> out = predictions.get(i - from).scores();
          double[] probabilities = new double[classes.size()];
          for (int c = 0; c < classes.size(); c++) {
            probabilities[c] = out.get(columns[c]);
          }
          scores.add(probabilities, (String) rows.target(i));
        }
      }
    }
    return scores;
  }

  /** Where each of the dataset's classes is in the version's scores. */
  private static int[] columns(ModelVersion version, List<String> classes) {
    List<String> outputs = version.signature() == null || version.signature().outputs().isEmpty()
        ? List.of() : version.signature().outputs().get(0).categories();
    int[] columns = new int[classes.size()];
    for (int c = 0; c < classes.size(); c++) {
      columns[c] = outputs.indexOf(classes.get(c));
      if (columns[c] < 0) {
        throw new IllegalArgumentException("version " + version.version() + " of model '" + version.name()
            + "' does not score class '" + classes.get(c) + "' of the fresh data: its signature's first output"
            + " has categories " + outputs);
      }
    }
    return columns;
  }

  @Override
  public String toString() {
    return "PairedComparisonGate[" + rules + ", minRows=" + minRows + "]";
  }

  /**
   * Builds a {@link PairedComparisonGate}; the rules are required.
   *
   * @since 0.1
   */
  public static final class Builder {
    private final Supplier<? extends Dataset> freshData;
    private final Function<? super ModelVersion, ? extends Predictor<Map<String, Object>, Prediction>> loader;
    private @Nullable ComparisonRules rules;
    private int minRows = 100;
    private @Nullable String positiveClass;
    private final Set<String> given = new HashSet<>();

    private Builder(Supplier<? extends Dataset> freshData,
        Function<? super ModelVersion, ? extends Predictor<Map<String, Object>, Prediction>> loader) {
      this.freshData = freshData;
      this.loader = loader;
    }

    /**
     * Sets the rules the challenger must pass. Required.
     *
     * @param value the rules
     * @return this builder
     * @throws IllegalStateException if already set
     * @since 0.1
     */
    public Builder rules(ComparisonRules value) {
      this.rules = SetOnce.value("rules", rules, value);
      return this;
    }

    /**
     * Sets the fewest fresh rows the gate judges on; with fewer it rejects.
     *
     * @param value at least 1; default 100
     * @return this builder
     * @throws IllegalArgumentException if not positive
     * @throws IllegalStateException if already set
     * @since 0.1
     */
    public Builder minRows(int value) {
      if (value < 1) {
        throw new IllegalArgumentException("minRows must be positive but was " + value);
      }
      SetOnce.mark(given, "minRows");
      this.minRows = value;
      return this;
    }

    /**
     * Sets the positive class, whose probability ranks rows for ROC AUC.
     *
     * @param value a class of the fresh data; default its second class when it has two
     * @return this builder
     * @throws IllegalStateException if already set
     * @since 0.1
     */
    public Builder positiveClass(String value) {
      this.positiveClass = SetOnce.value("positiveClass", positiveClass, value);
      return this;
    }

    /**
     * Builds the gate.
     *
     * @return the gate
     * @throws IllegalStateException if no rules were set
     * @since 0.1
     */
    public PairedComparisonGate build() {
      if (rules == null) {
        throw new IllegalStateException("A paired comparison gate needs rules: rules(ComparisonRules...)");
      }
      return new PairedComparisonGate(this, rules);
    }
  }
}

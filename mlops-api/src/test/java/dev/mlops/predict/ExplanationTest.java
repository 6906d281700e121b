package dev.mlops.predict;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The one naming rule of contribution fields, shared by the command line and the server. */
class ExplanationTest {

  private static final Prediction PREDICTION =
      new Prediction("id-1", "churn", 3, List.of(0.4, 0.6), "churn", Duration.ZERO);

  @Test
  void oneExplainedOutputGivesAFieldPerFeatureThenTheBias() {
    Explanation e = new Explanation(PREDICTION,
        List.of(new FeatureContributions("churn", contributions(0.5, -0.25), 0.1)));
    assertThat(e.fields()).containsExactly(Map.entry("contribution_tenure", 0.5),
        Map.entry("contribution_plan", -0.25), Map.entry("contribution_bias", 0.1));
  }

  @Test
  void severalOutputsArePrefixedByTheirClassOrElseTheirIndex() {
    Explanation labelled = new Explanation(PREDICTION, List.of(
        new FeatureContributions("stay", contributions(1, 2), 3),
        new FeatureContributions("churn", contributions(4, 5), 6)));
    assertThat(labelled.fields().keySet()).containsExactly("contribution_stay_tenure",
        "contribution_stay_plan", "contribution_stay_bias", "contribution_churn_tenure",
        "contribution_churn_plan", "contribution_churn_bias");
    assertThat(labelled.fields().values()).containsExactly(1.0, 2.0, 3.0, 4.0, 5.0, 6.0);

    Explanation targets = new Explanation(PREDICTION, List.of(
        new FeatureContributions(null, contributions(1, 2), 3),
        new FeatureContributions(null, contributions(4, 5), 6)));
    assertThat(targets.fields().keySet()).startsWith("contribution_0_tenure")
        .endsWith("contribution_1_bias");
  }

  private static Map<String, Double> contributions(double tenure, double plan) {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("tenure", tenure);
    m.put("plan", plan);
    return m;
  }
}

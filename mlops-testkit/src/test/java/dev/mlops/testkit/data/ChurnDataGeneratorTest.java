package dev.mlops.testkit.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.mlops.registry.DataType;
import dev.mlops.registry.FieldSpec;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;

class ChurnDataGeneratorTest {

  private static final int ROWS = 20_000;

  @Test
  void theSameSeedGivesTheSameRowsWhateverTheOrderOfCalls() {
    ChurnDataGenerator a = ChurnDataGenerator.builder().seed(7).drift(DriftKind.BOTH, 3, 0.5).build();
    ChurnDataGenerator b = ChurnDataGenerator.builder().seed(7).drift(DriftKind.BOTH, 3, 0.5).build();

    List<ChurnRow> week5First = b.week(5, 200);
    b.week(0, 1_000);

    assertThat(a.week(0, 100)).isEqualTo(b.week(0, 100));
    assertThat(a.week(5, 200)).isEqualTo(week5First);
    assertThat(a.week(2, 50, 3)).isEqualTo(b.week(2, 50, 3));
  }

  @Test
  void otherSeedsWeeksAndSamplesGiveOtherRows() {
    ChurnDataGenerator data = ChurnDataGenerator.builder().seed(7).build();

    assertThat(data.week(1, 100)).isNotEqualTo(ChurnDataGenerator.builder().seed(8).build().week(1, 100));
    assertThat(data.week(1, 100)).isNotEqualTo(data.week(2, 100));
    assertThat(data.week(1, 100, 0)).isNotEqualTo(data.week(1, 100, 1));
  }

  @Test
  void rowsHaveTheDeclaredFeaturesInOrderWithPlausibleValues() {
    List<FieldSpec> fields = ChurnDataGenerator.features();
    assertThat(fields).extracting(FieldSpec::name).containsExactly("tenure_months", "monthly_spend",
        "support_calls", "plan", "region", "app_sessions_per_week", "payment_failures");
    assertThat(ChurnDataGenerator.label().categories()).containsExactly("no", "yes");

    for (ChurnRow row : ChurnDataGenerator.builder().drift(DriftKind.BOTH, 0, 1).build().week(0, 2_000)) {
      assertThat(row.features().keySet()).containsExactlyElementsOf(
          fields.stream().map(FieldSpec::name).toList());
      for (FieldSpec f : fields) {
        Object value = row.features().get(f.name());
        if (f.type() == DataType.CATEGORICAL) {
          assertThat(f.categories()).contains((String) value);
        } else {
          assertThat(value).isInstanceOf(Double.class);
          assertThat((Double) value).isFinite().isNotNegative();
        }
      }
      assertThat(row.number("tenure_months")).isBetween(1.0, 120.0);
      assertThat(row.number("support_calls") % 1).isZero();
      assertThat(row.number("payment_failures") % 1).isZero();
      assertThat(row.number("tenure_months") % 1).isZero();
    }
  }

  @Test
  void aboutAFifthToAQuarterOfCustomersChurnBeforeDrift() {
    List<ChurnRow> rows = ChurnDataGenerator.builder().build().week(0, ROWS);

    double rate = rows.stream().filter(ChurnRow::isChurned).count() / (double) ROWS;

    assertThat(rate).isBetween(0.18, 0.30);
  }

  @Test
  void theTrueRuleIsRightForAboutFiveCustomersInSixBeforeDrift() {
    ChurnDataGenerator data = ChurnDataGenerator.builder().build();

    double accuracy = accuracyOfRule(data, data.week(1, ROWS), 1);

    assertThat(accuracy).isBetween(0.80, 0.90);
  }

  @Test
  void rowsBeforeTheOnsetAreThoseOfAGeneratorWithoutDrift() {
    ChurnDataGenerator drifting = ChurnDataGenerator.builder().seed(3).drift(DriftKind.BOTH, 4, 1).build();
    ChurnDataGenerator steady = ChurnDataGenerator.builder().seed(3).build();

    for (int week = 0; week < 4; week++) {
      assertThat(drifting.week(week, 500)).isEqualTo(steady.week(week, 500));
      assertThat(drifting.severityAt(week)).isZero();
    }
    assertThat(drifting.week(4, 500)).isNotEqualTo(steady.week(4, 500));
    assertThat(drifting.severityAt(4)).isEqualTo(1.0);
  }

  @Test
  void covariateDriftRaisesSupportCallsLowersAppUsageAndMovesCustomersToBasicFromTheOnset() {
    ChurnDataGenerator data = ChurnDataGenerator.builder().drift(DriftKind.COVARIATE, 6, 0.8).build();

    List<ChurnRow> before = data.week(5, ROWS);
    List<ChurnRow> after = data.week(6, ROWS);

    assertThat(mean(before, r -> r.number("support_calls"))).isCloseTo(1.0, within(0.05));
    assertThat(mean(after, r -> r.number("support_calls"))).isCloseTo(1.96, within(0.08));
    assertThat(mean(after, r -> r.number("app_sessions_per_week")))
        .isLessThan(0.75 * mean(before, r -> r.number("app_sessions_per_week")));
    assertThat(share(after, "basic")).isGreaterThan(share(before, "basic") + 0.1);
    assertThat(churnRate(after)).isGreaterThan(churnRate(before) + 0.1);
  }

  @Test
  void conceptDriftKeepsTheCustomersButBreaksTheOldRule() {
    ChurnDataGenerator data = ChurnDataGenerator.builder().drift(DriftKind.CONCEPT, 6, 0.8).build();
    ChurnDataGenerator steady = ChurnDataGenerator.builder().build();

    List<ChurnRow> after = data.week(6, ROWS);

    assertThat(after).extracting(ChurnRow::features)
        .isEqualTo(steady.week(6, ROWS).stream().map(ChurnRow::features).toList());
    double oldRule = accuracyOfRule(data, after, 0);
    double newRule = accuracyOfRule(data, after, 6);
    assertThat(oldRule).isLessThan(0.76);
    assertThat(newRule).isGreaterThan(oldRule + 0.05);
  }

  @Test
  void aRampMakesTheDriftGrowWeekByWeek() {
    ChurnDataGenerator data = ChurnDataGenerator.builder().drift(DriftKind.CONCEPT, 2, 0.8).rampWeeks(4).build();

    double[] expected = {0.0, 0.2, 0.4, 0.6, 0.8, 0.8};
    for (int week = 1; week <= 6; week++) {
      assertThat(data.severityAt(week)).as("week %d", week).isCloseTo(expected[week - 1], within(1e-12));
    }
  }

  @Test
  void theBuilderRejectsImpossibleSettings() {
    assertThatThrownBy(() -> ChurnDataGenerator.builder().drift(DriftKind.BOTH, 1, 1.5))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("severity").hasMessageContaining("1.5");
    assertThatThrownBy(() -> ChurnDataGenerator.builder().drift(DriftKind.BOTH, -1, 0.5))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("onsetWeek");
    assertThatThrownBy(() -> ChurnDataGenerator.builder().drift(DriftKind.BOTH, 1, 0.5)
        .drift(DriftKind.CONCEPT, 2, 0.5))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("already");
    assertThatThrownBy(() -> ChurnDataGenerator.builder().build().week(-1, 10))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("week");
  }

  private static double accuracyOfRule(ChurnDataGenerator data, List<ChurnRow> rows, int ruleWeek) {
    long right = rows.stream()
        .filter(r -> (data.churnProbability(r.features(), ruleWeek) >= 0.5) == r.isChurned())
        .count();
    return right / (double) rows.size();
  }

  private static double mean(List<ChurnRow> rows, ToDoubleFunction<ChurnRow> value) {
    return rows.stream().mapToDouble(value).average().orElseThrow();
  }

  private static double share(List<ChurnRow> rows, String plan) {
    return rows.stream().filter(r -> r.features().get("plan").equals(plan)).count() / (double) rows.size();
  }

  private static double churnRate(List<ChurnRow> rows) {
    return rows.stream().filter(ChurnRow::isChurned).count() / (double) rows.size();
  }
}

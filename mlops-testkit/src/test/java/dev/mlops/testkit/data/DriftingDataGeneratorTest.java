package dev.mlops.testkit.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.mlops.registry.FieldSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DriftingDataGeneratorTest {

  private static final Instant START = Instant.parse("2026-03-01T00:00:00Z");

  private static DriftingDataGenerator.Builder base() {
    return DriftingDataGenerator.builder().seed(11).numericFeatures(2).categoricalFeatures(1, 3)
        .start(START).rowInterval(Duration.ofMinutes(1));
  }

  @Test
  void aRowDependsOnlyOnTheSeedAndItsIndex() {
    DriftingDataGenerator a = base().build();
    DriftingDataGenerator b = base().build();

    assertThat(a.rows(0, 300)).isEqualTo(b.rows(0, 300));
    assertThat(a.row(250)).isEqualTo(b.rows(200, 100).get(50));
    assertThat(a.rows(0, 300)).isNotEqualTo(base().seed(12).build().rows(0, 300));
  }

  @Test
  void rowsCarryTheirTimeAndTheDeclaredFeatures() {
    DriftingDataGenerator data = base().build();

    DriftingRow row = data.row(90);

    assertThat(row.time()).isEqualTo(START.plus(Duration.ofMinutes(90)));
    assertThat(data.features()).extracting(FieldSpec::name).containsExactly("x0", "x1", "c0");
    assertThat(data.features().get(2).categories()).containsExactly("a", "b", "c");
    assertThat(row.features().keySet()).containsExactly("x0", "x1", "c0");
    assertThat(data.label().categories()).containsExactly("no", "yes");
    assertThat(row.drifted()).isFalse();
  }

  @Test
  void aMeanShiftAppearsAtItsFirstRowAndNotBeforeAndEndsWhenTheDataRecovers() {
    DriftingDataGenerator steady = base().build();
    DriftingDataGenerator data = base()
        .shift(FeatureShift.meanShift("x0", 2.0).fromRow(2_000).untilRow(4_000)).build();

    assertThat(data.rows(0, 2_000)).isEqualTo(steady.rows(0, 2_000));
    assertThat(mean(data.rows(0, 2_000), "x0")).isCloseTo(0.0, within(0.1));
    assertThat(mean(data.rows(2_000, 2_000), "x0")).isCloseTo(2.0, within(0.1));
    assertThat(mean(data.rows(4_000, 2_000), "x0")).isCloseTo(0.0, within(0.1));
    assertThat(data.row(1_999).drifted()).isFalse();
    assertThat(data.row(2_000).drifted()).isTrue();
    assertThat(data.row(4_000).drifted()).isFalse();
    assertThat((Double) data.row(2_000).features().get("x0"))
        .isCloseTo((Double) steady.row(2_000).features().get("x0") + 2.0, within(1e-12));
    assertThat(data.row(2_000).features().get("x1")).isEqualTo(steady.row(2_000).features().get("x1"));
  }

  @Test
  void aScaleShiftWidensTheSpreadAroundTheSameMean() {
    DriftingDataGenerator data = base().numeric("amount", 100, 10)
        .shift(FeatureShift.scale("amount", 3.0).fromRow(3_000)).build();

    List<DriftingRow> before = data.rows(0, 3_000);
    List<DriftingRow> after = data.rows(3_000, 3_000);

    assertThat(sd(before, "amount")).isCloseTo(10, within(0.6));
    assertThat(sd(after, "amount")).isCloseTo(30, within(1.8));
    assertThat(mean(after, "amount")).isCloseTo(100, within(2.0));
  }

  @Test
  void aCategoryMixCanStartAtAnInstant() {
    Instant onset = START.plus(Duration.ofDays(2));
    DriftingDataGenerator data = base()
        .shift(FeatureShift.categoryMix("c0", Map.of("a", 0.8, "b", 0.2)).from(onset)).build();
    long firstDrifted = Duration.ofDays(2).toMinutes();

    assertThat(data.row(firstDrifted - 1).drifted()).isFalse();
    assertThat(data.row(firstDrifted).drifted()).isTrue();
    assertThat(share(data.rows(0, (int) firstDrifted), "a")).isCloseTo(1.0 / 3, within(0.03));
    List<DriftingRow> after = data.rows(firstDrifted, 3_000);
    assertThat(share(after, "a")).isCloseTo(0.8, within(0.03));
    assertThat(share(after, "c")).isZero();
  }

  @Test
  void labelsFollowTheKnownRule() {
    DriftingDataGenerator data = base().labelWeight("x0", 2.0).labelWeight("c0", "b", 1.0)
        .labelIntercept(-1.0).build();

    List<DriftingRow> rows = data.rows(0, 20_000);
    double expected = rows.stream().mapToDouble(r -> data.labelProbability(r.features())).average().orElseThrow();
    double observed = rows.stream().filter(DriftingRow::isPositive).count() / 20_000.0;

    assertThat(observed).isCloseTo(expected, within(0.015));
    assertThat(data.labelProbability(Map.of("x0", 0.0, "x1", 5.0, "c0", "b"))).isCloseTo(0.5, within(1e-12));
  }

  @Test
  void aLabelFlipLowersTheRulesAccuracyByTheKnownAmount() {
    DriftingDataGenerator data = base().labelWeight("x0", 4.0)
        .shift(FeatureShift.labelFlip(0.3).fromRow(10_000)).build();

    double before = accuracyOfRule(data, data.rows(0, 10_000));
    double after = accuracyOfRule(data, data.rows(10_000, 10_000));

    assertThat(before).isGreaterThan(0.8);
    assertThat(after).isCloseTo(before * 0.7 + (1 - before) * 0.3, within(0.02));
  }

  @Test
  void theBuilderNamesWhatIsWrong() {
    assertThatThrownBy(() -> base().shift(FeatureShift.meanShift("nope", 1)).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'nope'");
    assertThatThrownBy(() -> base().shift(FeatureShift.meanShift("c0", 1)).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("numeric");
    assertThatThrownBy(() -> base().shift(FeatureShift.categoryMix("c0", Map.of("z", 1.0))).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'z'");
    assertThatThrownBy(() -> FeatureShift.scale("x0", 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("positive");
    assertThatThrownBy(() -> FeatureShift.labelFlip(1.2))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1.2");
    assertThatThrownBy(() -> base().numericFeatures(1).numeric("x2", 0, 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("already");
    assertThatThrownBy(() -> DriftingDataGenerator.builder().build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one feature");
  }

  private static double accuracyOfRule(DriftingDataGenerator data, List<DriftingRow> rows) {
    return rows.stream()
        .filter(r -> (data.labelProbability(r.features()) >= 0.5) == r.isPositive())
        .count() / (double) rows.size();
  }

  private static double mean(List<DriftingRow> rows, String feature) {
    return rows.stream().mapToDouble(r -> (Double) r.features().get(feature)).average().orElseThrow();
  }

  private static double sd(List<DriftingRow> rows, String feature) {
    double m = mean(rows, feature);
    double ss = rows.stream().mapToDouble(r -> Math.pow((Double) r.features().get(feature) - m, 2)).sum();
    return Math.sqrt(ss / (rows.size() - 1));
  }

  private static double share(List<DriftingRow> rows, String category) {
    return rows.stream().filter(r -> r.features().get("c0").equals(category)).count() / (double) rows.size();
  }
}

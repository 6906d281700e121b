package dev.mlops.core.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.mlops.core.drift.stats.HistogramBins;
import dev.mlops.drift.DriftReport;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Properties of profiles and of drift analysis that hold for any data. */
class DriftPropertiesTest {

  /** Numbers as they arrive in production: continuous, discrete, missing and invalid. */
  @Provide
  Arbitrary<List<Double>> column() {
    Arbitrary<Double> continuous = Arbitraries.doubles().between(-1e6, 1e6);
    Arbitrary<Double> discrete = Arbitraries.integers().between(-3, 3).map(Integer::doubleValue);
    Arbitrary<Double> special = Arbitraries.of(Double.NaN, Double.POSITIVE_INFINITY, -0.0);
    return Arbitraries.frequencyOf(
            Tuple.of(6, continuous),
            Tuple.of(3, discrete),
            Tuple.of(1, special))
        .list().ofMaxSize(2_500);
  }

  @Provide
  Arbitrary<List<String>> categories() {
    return Arbitraries.of("a", "b", "c", "d", "e").injectNull(0.1).list().ofMaxSize(500);
  }

  @Property(tries = 40)
  void mergingNumericProfilesEqualsProfilingTheConcatenation(
      @ForAll("column") List<Double> values, @ForAll @DoubleRange(min = 0, max = 1) double cut) {
    int split = (int) (cut * values.size());
    NumericProfile left = numeric(values.subList(0, split));
    NumericProfile whole = numeric(values);

    left.merge(numeric(values.subList(split, values.size())));

    assertThat(left.count()).isEqualTo(whole.count());
    assertThat(left.missing()).isEqualTo(whole.missing());
    assertThat(left.invalid()).isEqualTo(whole.invalid());
    assertThat(left.valueCounts()).isEqualTo(whole.valueCounts());
    if (whole.count() > 0) {
      assertThat(left.min()).isEqualTo(whole.min());
      assertThat(left.max()).isEqualTo(whole.max());
      assertThat(left.mean()).isCloseTo(whole.mean(), within(1e-9 * (1 + Math.abs(whole.max()))));
      assertThat(left.standardDeviation()).isCloseTo(whole.standardDeviation(),
          within(1e-6 * (1 + whole.standardDeviation())));
      assertThat(SketchStatistics.ksStatistic(left, whole))
          .isLessThanOrEqualTo(left.normalizedRankError() + whole.normalizedRankError());
    }
  }

  @Property(tries = 60)
  void mergingCategoricalProfilesEqualsProfilingTheConcatenation(
      @ForAll("categories") List<String> values, @ForAll @IntRange(min = 0, max = 500) int cut) {
    int split = Math.min(cut, values.size());
    CategoricalProfile left = categorical(values.subList(0, split));
    CategoricalProfile whole = categorical(values);

    left.merge(categorical(values.subList(split, values.size())));

    assertThat(left.counts()).isEqualTo(whole.counts());
    assertThat(left.count()).isEqualTo(whole.count());
    assertThat(left.missing()).isEqualTo(whole.missing());
  }

  @Property(tries = 40)
  void identicalDataNeverDrifts(
      @ForAll("column") List<Double> numbers, @ForAll("categories") List<String> labels) {
    int rows = Math.min(numbers.size(), labels.size());
    DataTable table = DataTable.builder()
        .numeric("x", numbers.subList(0, rows))
        .categorical("c", labels.subList(0, rows))
        .build();
    DatasetProfile profile = DatasetProfile.of(table);
    DriftAnalyzer analyzer = DriftAnalyzer.withDefaults();

    DriftReport exact = analyzer.analyze(table, table);
    DriftReport estimated = analyzer.analyze(profile, DatasetProfile.fromBytes(profile.toBytes()));

    for (DriftReport report : List.of(exact, estimated)) {
      assertThat(report.driftedFeatures()).isEmpty();
      assertThat(report.datasetDrifted()).isFalse();
      assertThat(report.features().size() + report.skipped().size()).isEqualTo(2);
    }
  }

  @Property(tries = 25)
  void profilesRoundTripThroughBytesAndJson(
      @ForAll("column") List<Double> numbers, @ForAll("categories") List<String> labels) {
    DatasetProfile profile = DatasetProfile.builder().numeric("x").categorical("c", 3).build();
    for (int i = 0; i < Math.max(numbers.size(), labels.size()); i++) {
      profile.update(Map.of(
          "x", i < numbers.size() ? numbers.get(i) : Double.NaN,
          "c", i < labels.size() && labels.get(i) != null ? labels.get(i) : "z"));
    }
    byte[] bytes = profile.toBytes();

    assertThat(DatasetProfile.fromBytes(bytes).toBytes()).isEqualTo(bytes);
    assertThat(DatasetProfile.fromJson(profile.toJson()).toBytes()).isEqualTo(bytes);
  }

  @Property(tries = 25)
  void reportsRoundTripThroughJson(
      @ForAll("column") List<Double> reference, @ForAll("column") List<Double> current) {
    DataTable ref = DataTable.builder().numeric("x", reference).build();
    DataTable cur = DataTable.builder().numeric("x", current).build();

    DriftReport report = DriftAnalyzer.withDefaults().analyze(ref, cur);

    assertThat(DriftReportJson.fromJson(DriftReportJson.toJson(report))).isEqualTo(report);
  }

  @Property(tries = 300)
  void binsFromTheExtremesAndCountAreTheBinsOfTheValues(
      @ForAll @Size(min = 1, max = 300) List<@DoubleRange(min = -1e9, max = 1e9) Double> a,
      @ForAll @Size(max = 300) List<@DoubleRange(min = -1e9, max = 1e9) Double> b) {
    double[] x = a.stream().mapToDouble(Double::doubleValue).toArray();
    double[] y = b.stream().mapToDouble(Double::doubleValue).toArray();
    double min = Math.min(Arrays.stream(x).min().orElseThrow(),
        Arrays.stream(y).min().orElse(Double.POSITIVE_INFINITY));
    double max = Math.max(Arrays.stream(x).max().orElseThrow(),
        Arrays.stream(y).max().orElse(Double.NEGATIVE_INFINITY));

    assertThat(Binning.sturgesEdges(min, max, x.length + y.length))
        .containsExactly(HistogramBins.sturgesEdges(x, y));
  }

  @Property(tries = 30)
  void theKsStatisticOfProfilesIsSymmetricAndInTheUnitInterval(
      @ForAll("column") List<Double> a, @ForAll("column") List<Double> b) {
    NumericProfile x = numeric(a);
    NumericProfile y = numeric(b);
    if (x.count() == 0 || y.count() == 0) {
      return;
    }

    double d = SketchStatistics.ksStatistic(x, y);

    assertThat(d).isBetween(0.0, 1.0).isEqualTo(SketchStatistics.ksStatistic(y, x));
  }

  private static NumericProfile numeric(List<Double> values) {
    NumericProfile profile = NumericProfile.create("x");
    values.forEach(profile::update);
    return profile;
  }

  private static CategoricalProfile categorical(List<String> values) {
    CategoricalProfile profile = CategoricalProfile.create("c");
    values.forEach(profile::update);
    return profile;
  }
}

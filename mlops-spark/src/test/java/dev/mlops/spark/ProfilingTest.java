package dev.mlops.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.mlops.core.drift.CategoricalProfile;
import dev.mlops.core.drift.DatasetProfile;
import dev.mlops.core.drift.DriftAnalyzer;
import dev.mlops.core.drift.DriftReportHtml;
import dev.mlops.core.drift.DriftReportJson;
import dev.mlops.core.drift.FeatureProfile;
import dev.mlops.core.drift.NumericProfile;
import dev.mlops.drift.DriftReport;
import dev.mlops.drift.FeatureDrift;
import dev.mlops.drift.FeatureKind;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class ProfilingTest {

  private static final List<String> FEATURES =
      List.of("age", "visits", "income", "plan", "premium");
  private static final StructType SCHEMA = new StructType()
      .add("age", DataTypes.DoubleType)
      .add("visits", DataTypes.IntegerType)
      .add("income", DataTypes.DoubleType)
      .add("plan", DataTypes.StringType)
      .add("premium", DataTypes.BooleanType);
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-01T00:00:00Z"),
      ZoneOffset.UTC);

  @Test
  void theMergedProfileEqualsTheSingleJvmProfileOfTheSameRows() {
    List<Row> rows = rows(20_000, 1, 0);

    DatasetProfile merged = MlopsSpark.profile(dataset(rows, 4), FEATURES.toArray(String[]::new));

    DatasetProfile single = singleJvmProfile(rows);
    assertThat(merged.rows()).isEqualTo(single.rows()).isEqualTo(20_000);
    assertThat(merged.features()).containsExactlyElementsOf(FEATURES);
    for (FeatureProfile feature : single.profiles()) {
      if (feature instanceof NumericProfile one) {
        assertSameNumericProfile(merged.numeric(one.feature()), one);
      } else {
        CategoricalProfile one = (CategoricalProfile) feature;
        CategoricalProfile spark = merged.categorical(one.feature());
        assertThat(spark.counts()).isEqualTo(one.counts());
        assertThat(spark.missing()).isEqualTo(one.missing());
        assertThat(spark.other()).isEqualTo(one.other());
      }
    }
  }

  @Test
  void driftOnDataWithinTheSketchesGivesTheSameReportJsonAndHtmlAsOneJvm() {
    List<Row> reference = rows(450, 2, 0);
    List<Row> current = rows(450, 3, 0.4);
    DriftAnalyzer analyzer = DriftAnalyzer.builder().clock(CLOCK).build();

    DriftReport spark = MlopsSpark.drift(dataset(reference, 3), dataset(current, 2), analyzer);

    DriftReport single = analyzer.analyze(singleJvmProfile(reference), singleJvmProfile(current));
    assertThat(spark.features()).isEqualTo(single.features());
    assertThat(spark.skipped()).isEqualTo(single.skipped());
    assertThat(spark.datasetDrifted()).isEqualTo(single.datasetDrifted()).isTrue();
    assertThat(DriftReportJson.toJson(withoutDuration(spark)))
        .isEqualTo(DriftReportJson.toJson(withoutDuration(single)));
    assertThat(DriftReportHtml.render(withoutDuration(spark), "drift"))
        .isEqualTo(DriftReportHtml.render(withoutDuration(single), "drift"));
  }

  @Test
  void driftOnLargeDataGivesTheSameTestsAndVerdictsAsOneJvmWithinTheSketchError() {
    List<Row> reference = rows(30_000, 4, 0);
    List<Row> current = rows(30_000, 5, 0.3);

    DriftReport spark = MlopsSpark.drift(dataset(reference, 4), dataset(current, 4));

    DriftReport single = DriftAnalyzer.withDefaults()
        .analyze(singleJvmProfile(reference), singleJvmProfile(current));
    assertThat(spark.approximate()).isTrue();
    assertThat(spark.features()).hasSameSizeAs(single.features());
    for (int i = 0; i < single.features().size(); i++) {
      FeatureDrift one = single.features().get(i);
      FeatureDrift cluster = spark.features().get(i);
      assertThat(cluster.feature()).isEqualTo(one.feature());
      assertThat(cluster.result().method()).isEqualTo(one.result().method());
      assertThat(cluster.result().drifted()).as(one.feature()).isEqualTo(one.result().drifted());
      assertThat(cluster.referenceCount()).isEqualTo(one.referenceCount());
      assertThat(cluster.currentMissing()).isEqualTo(one.currentMissing());
      // Exact for the count-based tests; the sketch-based Wasserstein distance within the
      // error docs/drift.md states for light-tailed features at k = 600.
      double tolerance = one.result().method().equals("wasserstein") ? 0.02 : 1e-12;
      assertThat(cluster.result().statistic()).as(one.feature())
          .isCloseTo(one.result().statistic(), within(tolerance));
    }
    assertThat(spark.datasetDrifted()).isEqualTo(single.datasetDrifted());
  }

  @Test
  void aSignatureProfilesItsInputsNumbersAsNumericTheRestAsCategories() {
    DatasetProfile profile = MlopsSpark.profile(ChurnData.dataset(ChurnData.rows(200, 6), 2),
        ChurnData.SIGNATURE);

    assertThat(profile.features()).containsExactlyElementsOf(ChurnData.FEATURES);
    assertThat(profile.feature("tenure_months").kind()).isEqualTo(FeatureKind.NUMERIC);
    assertThat(profile.feature("monthly_charges").kind()).isEqualTo(FeatureKind.NUMERIC);
    assertThat(profile.feature("contract").kind()).isEqualTo(FeatureKind.CATEGORICAL);
    assertThat(profile.categorical("has_support").counts().keySet())
        .containsExactlyInAnyOrder("true", "false");
    assertThat(profile.rows()).isEqualTo(200);
  }

  @Test
  void anEmptyProfileChoosesSketchSizesAndCategoryBoundsAndIsLeftUnchanged() {
    DatasetProfile empty = DatasetProfile.builder().numeric("income", 2400)
        .categorical("plan", 2).build();

    DatasetProfile profile = MlopsSpark.profile(dataset(rows(1_000, 7, 0), 2), empty);

    assertThat(profile.numeric("income").k()).isEqualTo(2400);
    assertThat(profile.categorical("plan").maxCategories()).isEqualTo(2);
    assertThat(profile.categorical("plan").other()).isPositive();
    assertThat(empty.rows()).isZero();
    assertThatThrownBy(() -> MlopsSpark.profile(dataset(rows(10, 8, 0), 1), profile))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must be empty but has 1000 rows");
  }

  @Test
  void columnsThatAreMissingOrCannotBeProfiledAreRejectedNamingThem() {
    Dataset<Row> data = dataset(rows(10, 9, 0), 1)
        .withColumn("seen", functions.current_timestamp());

    assertThatThrownBy(() -> MlopsSpark.profile(data, "age", "tenure"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no column 'tenure'");
    assertThatThrownBy(() -> MlopsSpark.profile(data, "seen"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Column 'seen' has Spark type timestamp");
    assertThatThrownBy(() -> MlopsSpark.profile(data,
        DatasetProfile.builder().numeric("plan").build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("feature 'plan' is numeric");
    assertThatThrownBy(() -> MlopsSpark.drift(data, data.drop("plan")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no column 'plan'");
  }

  /**
   * Seeded rows with every kind of value a profile counts: a normal feature (NaN and infinite
   * values included), an integer one with few values and nulls, a log-normal one, a category with
   * nulls and a boolean. {@code shift} moves the current data away from the reference.
   */
  private static List<Row> rows(int count, long seed, double shift) {
    SplittableRandom random = new SplittableRandom(seed);
    List<String> plans = List.of("free", "basic", "pro", "team");
    List<Row> rows = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      double age = 40 + 12 * (gaussian(random) + shift);
      if (i % 97 == 0) {
        age = Double.NaN;
      } else if (i % 389 == 0) {
        age = Double.POSITIVE_INFINITY;
      }
      Integer visits = i % 13 == 0 ? null : random.nextInt(0, 4 + (shift > 0 ? 1 : 0));
      double income = Math.exp(10 + 0.5 * gaussian(random) + shift / 4);
      int plan = Math.min(plans.size() - 1, (int) (random.nextDouble() * (4 - shift * 2)));
      rows.add(RowFactory.create(age, visits, income, i % 17 == 0 ? null : plans.get(plan),
          random.nextDouble() < 0.3 + shift / 2));
    }
    return rows;
  }

  private static double gaussian(SplittableRandom random) {
    return Math.sqrt(-2 * Math.log(1 - random.nextDouble()))
        * Math.cos(2 * Math.PI * random.nextDouble());
  }

  private static Dataset<Row> dataset(List<Row> rows, int partitions) {
    JavaSparkContext context = JavaSparkContext.fromSparkContext(
        LocalSpark.session().sparkContext());
    return LocalSpark.session().createDataFrame(context.parallelize(rows, partitions), SCHEMA);
  }

  /** What one JVM builds from the same rows, fed one row at a time as maps. */
  private static DatasetProfile singleJvmProfile(List<Row> rows) {
    DatasetProfile profile = DatasetProfile.builder().numeric("age").numeric("visits")
        .numeric("income").categorical("plan").categorical("premium").build();
    for (Row row : rows) {
      Map<String, Object> values = new HashMap<>();
      for (int i = 0; i < FEATURES.size(); i++) {
        if (!row.isNullAt(i)) {
          values.put(FEATURES.get(i), row.get(i));
        }
      }
      profile.update(values);
    }
    return profile;
  }

  private static void assertSameNumericProfile(NumericProfile spark, NumericProfile one) {
    assertThat(spark.count()).isEqualTo(one.count());
    assertThat(spark.missing()).isEqualTo(one.missing());
    assertThat(spark.invalid()).isEqualTo(one.invalid());
    assertThat(spark.min()).isEqualTo(one.min());
    assertThat(spark.max()).isEqualTo(one.max());
    assertThat(spark.mean()).isCloseTo(one.mean(), within(1e-9 * Math.abs(one.mean())));
    assertThat(spark.variance()).isCloseTo(one.variance(), within(1e-9 * one.variance()));
    assertThat(spark.valueCounts()).isEqualTo(one.valueCounts());
    double error = spark.normalizedRankError() + one.normalizedRankError();
    for (int i = 1; i < 100; i++) {
      double x = one.quantile(i / 100.0);
      assertThat(spark.cdf(x)).as("%s: CDF at the %d%% quantile", one.feature(), i)
          .isCloseTo(one.cdf(x), within(error));
    }
  }

  private static DriftReport withoutDuration(DriftReport r) {
    return new DriftReport(r.features(), r.skipped(), r.datasetDrifted(), r.driftedShare(),
        r.driftShareThreshold(), r.referenceRows(), r.currentRows(), r.approximate(),
        Duration.ZERO, r.timestamp());
  }
}

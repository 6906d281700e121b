package dev.mlops.samples.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.core.drift.DriftReportJson;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SparkScoringDemoTest {

  static SparkSession spark;

  @BeforeAll
  static void startSpark() {
    spark = SparkSession.builder().master("local[2]").appName("samples-spark-test")
        .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1").getOrCreate();
  }

  @AfterAll
  static void stopSpark() {
    spark.stop();
  }

  @Test
  void theJobScoresEveryCustomerWithTheProductionVersionAndReportsTheRiseInCharges(
      @TempDir Path dir) throws Exception {
    Path model = Path.of(System.getProperty("demo.model"));

    Path run = SparkScoringDemo.run(spark, model, dir, 3_000);

    Row[] scores = (Row[]) spark.read().parquet(run.resolve("scores.parquet").toString())
        .orderBy("customer_id").collect();
    assertThat(scores).hasSize(3_000);
    assertThat(scores[0].schema().fieldNames()).containsExactly("customer_id", "tenure_months",
        "monthly_charges", "contract", "has_support", "probabilities_stay",
        "probabilities_downgrade", "probabilities_churn", "model_version");
    for (Row row : scores) {
      double total = row.getDouble(5) + row.getDouble(6) + row.getDouble(7);
      assertThat(total).isBetween(0.999, 1.001);
      assertThat(row.getInt(8)).isEqualTo(1);
    }
    String json = Files.readString(run.resolve("report").resolve("drift.json"));
    assertThat(DriftReportJson.fromJson(json).driftedFeatures()).containsExactly("monthly_charges");
    assertThat(run.resolve("report").resolve("drift.html")).isNotEmptyFile();
  }
}

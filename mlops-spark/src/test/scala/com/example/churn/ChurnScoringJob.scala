package com.example.churn

import dev.mlops.spark.MlopsSpark
import org.apache.spark.sql.{DataFrame, SparkSession}
import org.apache.spark.sql.functions.{abs, col, max}

import scala.jdk.CollectionConverters._

/**
 * A Scala job on the SDK, as docs/spark.md shows it: scores customers with the production model,
 * writes the scores, counts rows per model version, profiles two columns and compares this week's
 * customers with last month's. ScalaUsageTest compiles this file with the Scala compiler of Spark's
 * Scala version and runs it on local[2]; what it returns is what the test asserts.
 */
object ChurnScoringJob {

  private val Contracts = Seq("monthly", "yearly", "two_year")

  def run(spark: SparkSession, registry: String, scoresDir: String): java.util.Map[String, AnyRef] = {
    import spark.implicits._

    val customers: DataFrame = (0 until 600).map { i =>
      (i.toLong, (i % 72).toDouble, 18.0 + (i * 37 % 1000) / 10.0, Contracts(i % 3), i % 2 == 0)
    }.toDF("id", "tenure_months", "monthly_charges", "contract", "has_support").repartition(3)

    val scored = MlopsSpark.score(customers, "models:/churn@production", registry)
    MlopsSpark.run(() => scored.write.parquet(scoresDir))

    val perVersion: Map[Int, Long] = MlopsSpark.call(() =>
      spark.read.parquet(scoresDir).groupBy("model_version").count().collect()
    ).map(row => row.getInt(0) -> row.getLong(1)).toMap

    val probabilities = Seq("stay", "downgrade", "churn").map(c => col(s"probabilities_$c"))
    val worstSum: Double = MlopsSpark.call(() =>
      scored.select(max(abs(probabilities.reduce(_ + _) - 1))).head().getDouble(0))

    val features = Seq("tenure_months", "contract")
    val profile = MlopsSpark.profile(customers, features: _*)

    val thisWeek = customers.withColumn("monthly_charges", $"monthly_charges" + 15)
    val report = MlopsSpark.drift(customers, thisWeek)

    Map[String, AnyRef](
      "columns" -> scored.columns.toSeq.asJava,
      "rowsPerVersion" -> perVersion.map { case (v, n) => Int.box(v) -> Long.box(n) }.asJava,
      "worstProbabilitySum" -> Double.box(worstSum),
      "profiledRows" -> Long.box(profile.rows()),
      "profiledFeatures" -> profile.features(),
      "drifted" -> report.driftedFeatures().asScala.toList.asJava
    ).asJava
  }
}

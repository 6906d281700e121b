package dev.mlops.spark;

import org.apache.spark.sql.SparkSession;

/**
 * The one Spark session the tests share: {@code local[2]}, two task threads in this JVM, no web
 * UI. Starting Spark takes seconds, so every test class uses this one and none stops it; it ends
 * with the test JVM.
 */
final class LocalSpark {

  private static SparkSession session;

  private LocalSpark() {}

  static synchronized SparkSession session() {
    if (session == null) {
      session = SparkSession.builder()
          .master("local[2]")
          .appName("mlops-spark-tests")
          .config("spark.ui.enabled", "false")
          .config("spark.sql.shuffle.partitions", "4")
          .config("spark.driver.host", "127.0.0.1")
          .config("spark.driver.bindAddress", "127.0.0.1")
          .getOrCreate();
    }
    return session;
  }
}

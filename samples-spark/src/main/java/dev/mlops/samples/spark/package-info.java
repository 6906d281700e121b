/**
 * A Spark job built on {@code mlops-spark}: {@link dev.mlops.samples.spark.SparkScoringJob}
 * scores a Parquet dataset with a registered model and reports its drift against a reference, on
 * any cluster; {@link dev.mlops.samples.spark.SparkScoringDemo} prepares a registry and data and
 * runs the job on {@code local[2]}.
 *
 * @since 0.1
 */
@NullMarked
package dev.mlops.samples.spark;

import org.jspecify.annotations.NullMarked;

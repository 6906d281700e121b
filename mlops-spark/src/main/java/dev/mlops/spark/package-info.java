/**
 * Apache Spark integration: {@link dev.mlops.spark.MlopsSpark} scores a {@code Dataset<Row>}
 * with a registered model version (resolved once per job on the driver, loaded once per executor
 * JVM) and builds mergeable drift profiles and drift reports of datasets too large for one JVM.
 * Spark itself is the application's (provided scope): Spark 4 on Scala 2.13.
 *
 * @since 0.1
 */
@Experimental
@NullMarked
package dev.mlops.spark;

import dev.mlops.Experimental;
import org.jspecify.annotations.NullMarked;

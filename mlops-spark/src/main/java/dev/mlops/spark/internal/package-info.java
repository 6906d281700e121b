/**
 * The implementation of {@link dev.mlops.spark.MlopsSpark}: the driver's planning, the functions
 * shipped to executors, and each executor JVM's registries and model caches. Not an API; may
 * change in any release.
 */
@NullMarked
package dev.mlops.spark.internal;

import org.jspecify.annotations.NullMarked;

/**
 * The monitoring store SPI: where the instances of a fleet put what their monitors observed, so
 * that monitoring sees the whole fleet's traffic. A {@link dev.mlops.monitor.spi.MonitorStore}
 * keeps each instance's window partials (opaque bytes that {@code mlops-core} writes and merges),
 * the sampled predictions waiting for their ground truth and the outcomes joined to them, and
 * small revisioned state records for fleet-wide decisions taken once; it also elects one leader per
 * key across the fleet. {@code mlops-core} ships an in-memory store for one JVM and
 * {@code mlops-jdbc} a PostgreSQL one.
 *
 * @since 0.1
 */
@Experimental
@NullMarked
package dev.mlops.monitor.spi;

import dev.mlops.Experimental;
import org.jspecify.annotations.NullMarked;

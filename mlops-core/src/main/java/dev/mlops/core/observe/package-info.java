/**
 * Observability shared by every module: {@link dev.mlops.core.observe.LatencyBuckets}, the bucket
 * layout of the latency histograms (so that percentiles aggregate across replicas in Prometheus);
 * {@link dev.mlops.core.observe.MlopsObservations}, the Micrometer observations around predict,
 * load, swap, drift report and lifecycle cycles, with model, version and outcome as low-cardinality
 * keys (spans, for an application with Micrometer Tracing or OpenTelemetry; nothing here depends on
 * either); and {@link dev.mlops.core.observe.ModelMdc}, the SLF4J MDC entries naming the model and
 * version during those calls. See {@code docs/observability.md}.
 *
 * @since 0.1
 */
@Experimental
@NullMarked
package dev.mlops.core.observe;

import dev.mlops.Experimental;
import org.jspecify.annotations.NullMarked;

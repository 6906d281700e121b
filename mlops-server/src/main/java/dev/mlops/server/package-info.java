/**
 * An embeddable model server: {@link dev.mlops.server.ModelServer} serves registered models over
 * HTTP with the Open Inference Protocol (KServe V2 REST: health, model metadata and readiness,
 * inference by tensors, also for fixed versions), a record endpoint in the KServe V1 / TensorFlow
 * Serving shape, and Prometheus metrics. A model served by alias follows it with zero failed
 * requests, through the deployments of {@code mlops-djl}. The server keeps to its limits (body
 * size, rows per request, a bounded worker pool and queue that answer 503 when full, a request
 * timeout), binds to the loopback address unless told otherwise, can require a bearer token,
 * stops gracefully, and never changes the registry. See {@code docs/server.md}.
 *
 * @since 0.1
 */
@NullMarked
package dev.mlops.server;

import org.jspecify.annotations.NullMarked;

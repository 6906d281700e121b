/**
 * The model server's implementation, free to change in any release: the routes of the Open
 * Inference Protocol and the record endpoint, the JSON codecs between tensors or records and
 * tabular rows, the served models, and the HTTP transport over Jetty 12 with its timeouts, limits
 * and bounded worker pool. Use {@link dev.mlops.server.ModelServer} instead.
 *
 * @since 0.1
 */
@NullMarked
package dev.mlops.server.internal;

import org.jspecify.annotations.NullMarked;

/**
 * A web console over a model registry: {@link dev.mlops.console.ModelConsole} serves
 * server-rendered pages of the registered models, their versions (status, format, metrics, tags,
 * lineage, signature, input example, artifact checksums with a verify action, reference
 * profile), aliases with their history from the audit log, training runs from a run log with a
 * side-by-side comparison, monitoring windows as charts ({@link dev.mlops.console.MonitorHistory})
 * and stored drift reports. It is read-only unless changes are allowed, binds to the loopback
 * address by default, can require a bearer token or basic authentication, escapes every value,
 * and protects its forms against cross-site requests. See {@code docs/console.md}.
 *
 * @since 0.1
 */
@Experimental
@NullMarked
package dev.mlops.console;

import dev.mlops.Experimental;
import org.jspecify.annotations.NullMarked;

/**
 * The web console's implementation, free to change in any release: the Jetty handler with its
 * authentication, CSRF and host checks and security headers, the pages (models, a model, a
 * version, training runs and their comparison, monitoring, drift reports), the changes a console
 * allows (alias moves, approvals and rejections), the HTML writer that escapes every value, and
 * the inline SVG charts. Use {@link dev.mlops.console.ModelConsole} instead.
 *
 * @since 0.1
 */
@NullMarked
package dev.mlops.console.internal;

import org.jspecify.annotations.NullMarked;

/**
 * Runnable end-to-end programs built on the SDK; the churn case study comes first.
 *
 * @since 0.1
 */
@NullMarked
package dev.mlops.samples;

import org.jspecify.annotations.NullMarked;

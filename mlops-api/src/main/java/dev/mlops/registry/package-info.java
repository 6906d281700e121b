/**
 * The model registry: versioned, immutable model artifacts with metadata, movable aliases such as
 * {@code production}, an audit log and change events.
 *
 * <p>Start with {@link dev.mlops.registry.ModelRegistries#open(String)}, which finds the
 * implementation for a location such as {@code file:/var/mlops} or {@code memory:test}. Models are
 * referred to with {@link dev.mlops.registry.ModelUri}s ({@code models:/churn/3},
 * {@code models:/churn@production}, {@code models:/churn/latest}).
 *
 * @since 0.1
 */
@NullMarked
package dev.mlops.registry;

import org.jspecify.annotations.NullMarked;

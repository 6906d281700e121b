/**
 * The embedded file-system model registry: {@link dev.mlops.core.registry.FileModelRegistry}, a
 * {@link dev.mlops.registry.ModelRegistry} kept in one directory that several processes may share,
 * and its {@code file:} provider for {@link dev.mlops.registry.ModelRegistries#open}. Everything
 * else in this package is package-private: the on-disk documents, the lock, the journal, the audit
 * log and the cache. The layout is documented in {@code docs/file-registry.md}.
 */
@NullMarked
package dev.mlops.core.registry;

import org.jspecify.annotations.NullMarked;

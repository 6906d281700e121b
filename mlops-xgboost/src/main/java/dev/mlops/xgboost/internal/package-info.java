/**
 * Native XGBoost models for the SDK: the {@link dev.mlops.djl.spi.TabularModelFormat} plug-in
 * that serves format {@code xgboost} through {@code mlops-djl}, and the registration check ({@link
 * dev.mlops.registry.spi.ArtifactInspector}). Both are found with {@link java.util.ServiceLoader};
 * applications only add the module to their class path (see {@code docs/models.md}). Everything
 * here may change in any release.
 *
 * @since 0.1
 */
@NullMarked
package dev.mlops.xgboost.internal;

import org.jspecify.annotations.NullMarked;

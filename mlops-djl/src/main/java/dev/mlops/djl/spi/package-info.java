/**
 * The plug-in point for model formats scored by an engine of their own rather than a DJL engine:
 * implement {@link dev.mlops.djl.spi.TabularModelFormat} and declare it in {@code
 * META-INF/services/dev.mlops.djl.spi.TabularModelFormat}; {@link dev.mlops.djl.DjlPredictors}
 * then serves that format with all its machinery (see {@code docs/predictors.md}, "Formats
 * plugged in"). Stable within a release line; the SDK's {@code mlops-xgboost} module is an
 * implementation.
 *
 * @since 0.1
 */
@NullMarked
package dev.mlops.djl.spi;

import org.jspecify.annotations.NullMarked;

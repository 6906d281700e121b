/**
 * The plug-in point for model formats scored by an engine of their own rather than a DJL engine:
 * implement {@link dev.mlops.djl.spi.TabularModelFormat} and declare it in {@code
 * META-INF/services/dev.mlops.djl.spi.TabularModelFormat}; {@link dev.mlops.djl.DjlPredictors}
 * then serves that format with all its machinery (see {@code docs/predictors.md}, "Formats
 * plugged in"). Experimental: it may change in a minor release; the SDK's {@code mlops-xgboost}
 * module is an implementation.
 *
 * @since 0.1
 */
@Experimental
@NullMarked
package dev.mlops.djl.spi;

import dev.mlops.Experimental;
import org.jspecify.annotations.NullMarked;

/**
 * Implementation of the DJL predictors and deployments: input validation and encoding, the DJL
 * translator, pooled native predictors with deterministic release, and alias following. Everything
 * here may change in any release; use {@link dev.mlops.djl.DjlPredictors} instead.
 *
 * @since 0.1
 */
@NullMarked
package dev.mlops.djl.internal;

import org.jspecify.annotations.NullMarked;

/**
 * Implementation details of drift analysis: statistics computed from sketches, test selection,
 * JSON mapping and HTML rendering. Not part of the API; anything here may change in any release.
 *
 * @since 0.1
 */
@NullMarked
package dev.mlops.core.drift.internal;

import org.jspecify.annotations.NullMarked;

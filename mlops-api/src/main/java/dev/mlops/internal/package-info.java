/**
 * Not API: helpers that the SDK's own modules share. Nothing here is covered by the compatibility
 * promise or the API check; applications and plugins must not use it.
 */
@NullMarked
package dev.mlops.internal;

import org.jspecify.annotations.NullMarked;

/**
 * The one JSON configuration of the documents the SDK stores (registry metadata, audit lines,
 * training run logs), shared by the file and the database registries so that both write the same
 * text for the same value.
 */
@Experimental
@NullMarked
package dev.mlops.core.json;

import dev.mlops.Experimental;
import org.jspecify.annotations.NullMarked;

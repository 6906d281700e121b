/**
 * Root of the mlops-java API: the exception hierarchy shared by every module.
 *
 * <p>Every error the SDK raises is an unchecked {@link dev.mlops.MlopsException}; its subtypes in
 * the feature packages say precisely what went wrong and name the model, version, feature or file
 * at fault.
 *
 * @since 0.1
 */
@NullMarked
package dev.mlops;

import org.jspecify.annotations.NullMarked;

/**
 * How the starter builds its beans from {@code mlops.*} properties; may change in any release.
 *
 * @since 0.1
 */
@NullMarked
package dev.mlops.spring.internal;

import org.jspecify.annotations.NullMarked;

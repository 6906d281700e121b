/**
 * Actuator support: a health indicator per deployment under {@code mlops} ({@link
 * dev.mlops.spring.actuate.DeploymentHealthIndicator}), the {@code mlops} endpoint ({@link
 * dev.mlops.spring.actuate.MlopsEndpoint}), and the {@code DEGRADED} status in the default
 * health order. See {@code docs/spring-boot.md}.
 *
 * @since 0.1
 */
@Experimental
@NullMarked
package dev.mlops.spring.actuate;

import dev.mlops.Experimental;
import org.jspecify.annotations.NullMarked;

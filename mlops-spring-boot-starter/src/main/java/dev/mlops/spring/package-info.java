/**
 * The Spring Boot starter: {@link dev.mlops.spring.MlopsAutoConfiguration} builds the registry and
 * one {@link dev.mlops.spring.ManagedDeployment} bean per {@code mlops.deployments.NAME} entry of
 * {@link dev.mlops.spring.MlopsProperties}, with its monitor, alert dispatcher and lifecycle
 * controller; Actuator health and the {@code mlops} endpoint are in {@code
 * dev.mlops.spring.actuate}, the Spring MVC and WebFlux inference routes in {@code
 * dev.mlops.spring.web}. See {@code docs/spring-boot.md}.
 *
 * @since 0.1
 */
@Experimental
@NullMarked
package dev.mlops.spring;

import dev.mlops.Experimental;
import org.jspecify.annotations.NullMarked;

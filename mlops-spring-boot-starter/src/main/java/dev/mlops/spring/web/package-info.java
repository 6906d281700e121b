/**
 * The inference routes of {@code mlops serve} inside a Spring application, under {@code
 * mlops.web.prefix}: Open Inference Protocol V2, the V1 record endpoint and the health probes, for
 * Spring MVC ({@link dev.mlops.spring.web.MlopsWebMvcAutoConfiguration}) and WebFlux ({@link
 * dev.mlops.spring.web.MlopsWebFluxAutoConfiguration}), answered by mlops-server's {@link
 * dev.mlops.server.InferenceRoutes}. Off unless {@code mlops.web.enabled=true}.
 *
 * @since 0.1
 */
@Experimental
@NullMarked
package dev.mlops.spring.web;

import dev.mlops.Experimental;
import org.jspecify.annotations.NullMarked;

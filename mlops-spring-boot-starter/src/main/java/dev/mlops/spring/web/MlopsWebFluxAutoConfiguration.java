package dev.mlops.spring.web;

import dev.mlops.server.InferenceRoutes;
import dev.mlops.spring.MlopsAutoConfiguration;
import dev.mlops.spring.MlopsProperties;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.util.UriUtils;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Serves every deployment bean under {@code mlops.web.prefix} with WebFlux, as {@link
 * MlopsWebMvcAutoConfiguration} does with Spring MVC. The body is gathered without blocking (at
 * most {@code mlops.web.max-body-bytes}); the model computes on Reactor's bounded elastic
 * scheduler, never on an event-loop thread.
 *
 * @since 0.1
 */
@AutoConfiguration(after = MlopsAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@ConditionalOnClass(name = {"dev.mlops.server.InferenceRoutes",
    "org.springframework.web.reactive.function.server.RouterFunction"})
@ConditionalOnProperty(name = "mlops.web.enabled", havingValue = "true")
@Import(InferenceRoutesConfiguration.class)
public class MlopsWebFluxAutoConfiguration {

  private static final byte[] NONE = new byte[0];

  /** Created by the context. */
  public MlopsWebFluxAutoConfiguration() {}

  /**
   * The router function mounting the routes under the prefix.
   *
   * @param properties the properties
   * @param routes the routes
   * @return the router function
   */
  @Bean
  @ConditionalOnMissingBean(name = "mlopsRouterFunction")
  public RouterFunction<ServerResponse> mlopsRouterFunction(MlopsProperties properties,
      InferenceRoutes routes) {
    String prefix = InferenceRoutesFactory.prefix(properties);
    // One byte over the limit lets the routes see, and answer 413 for, an oversized body.
    int limit = properties.getWeb().getMaxBodyBytes() + 1;
    return RouterFunctions.route(RequestPredicates.path(prefix + "/**"),
        request -> body(request, limit)
            .map(bytes -> answer(routes, prefix, request, bytes))
            .onErrorResume(DataBufferLimitException.class, e -> Mono.just(
                answer(routes, prefix, request, new byte[limit])))
            .subscribeOn(Schedulers.boundedElastic())
            .flatMap(r -> ServerResponse.status(r.status())
                .headers(h -> r.headers().forEach(h::set))
                .contentType(MediaType.parseMediaType(r.contentType()))
                .bodyValue(r.body())));
  }

  private static Mono<byte[]> body(ServerRequest request, int limit) {
    return DataBufferUtils.join(request.bodyToFlux(DataBuffer.class), limit)
        .map(buffer -> {
          byte[] bytes = new byte[buffer.readableByteCount()];
          buffer.read(bytes);
          DataBufferUtils.release(buffer);
          return bytes;
        })
        .defaultIfEmpty(NONE);
  }

  private static InferenceRoutes.Response answer(InferenceRoutes routes, String prefix,
      ServerRequest request, byte[] body) {
    String path = UriUtils.decode(request.requestPath().pathWithinApplication().value(),
        StandardCharsets.UTF_8).substring(prefix.length());
    String contentType = request.headers().contentType().map(MediaType::toString).orElse(null);
    return routes.handle(request.method().name(), path, contentType,
        new ByteArrayInputStream(body), body.length);
  }
}

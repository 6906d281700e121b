package dev.mlops.spring.web;

import dev.mlops.server.InferenceRoutes;
import dev.mlops.spring.MlopsAutoConfiguration;
import dev.mlops.spring.MlopsProperties;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.function.RequestPredicates;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;
import org.springframework.web.util.UriUtils;

/**
 * Serves every deployment bean under {@code mlops.web.prefix} with Spring MVC, with the routes,
 * codecs, validation and errors of {@code mlops serve} ({@link InferenceRoutes}): {@code
 * POST /mlops/v2/models/churn/infer}, {@code POST /mlops/v1/models/churn:predict}, {@code
 * GET /mlops/v2/health/ready}, ... On when {@code mlops.web.enabled=true} and mlops-server is on
 * the class path; the application's security filters apply to these paths as to any other.
 *
 * @since 0.1
 */
@AutoConfiguration(after = MlopsAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(name = {"dev.mlops.server.InferenceRoutes",
    "org.springframework.web.servlet.function.RouterFunction"})
@ConditionalOnProperty(name = "mlops.web.enabled", havingValue = "true")
@Import(InferenceRoutesConfiguration.class)
public class MlopsWebMvcAutoConfiguration {

  /** Created by the context. */
  public MlopsWebMvcAutoConfiguration() {}

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
    return RouterFunctions.route(RequestPredicates.path(prefix + "/**"),
        request -> answer(routes, prefix, request));
  }

  private static ServerResponse answer(InferenceRoutes routes, String prefix,
      ServerRequest request) throws IOException {
    HttpServletRequest servlet = request.servletRequest();
    String path = UriUtils.decode(request.requestPath().pathWithinApplication().value(),
        StandardCharsets.UTF_8).substring(prefix.length());
    InferenceRoutes.Response r = routes.handle(request.method().name(), path,
        servlet.getContentType(), servlet.getInputStream(), servlet.getContentLengthLong());
    return ServerResponse.status(r.status())
        .headers(h -> r.headers().forEach(h::set))
        .contentType(MediaType.parseMediaType(r.contentType()))
        .body(r.body());
  }
}

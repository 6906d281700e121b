package dev.mlops.console.internal;

import dev.mlops.registry.NameRules;
import java.util.List;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/** Which page or change answers which method and path. */
final class ConsoleRoutes {

  private final ConsoleSettings settings;
  private final ProfileSummaries profiles = new ProfileSummaries();
  private final @Nullable DriftReportFiles driftReports;

  /**
   * Creates the routes.
   *
   * @param settings the console's settings
   */
  ConsoleRoutes(ConsoleSettings settings) {
    this.settings = settings;
    this.driftReports = settings.driftReports() == null ? null
        : new DriftReportFiles(settings.driftReports());
  }

  ConsoleSettings settings() {
    return settings;
  }

  /**
   * Answers a request that passed the host, authentication and CSRF checks.
   *
   * @param exchange the request
   * @return the answer
   * @throws HttpProblem for an unknown path, a wrong method or a bad request
   * @throws dev.mlops.MlopsException from the registry, the run log or the stored files
   */
  Answer route(Exchange exchange) {
    List<String> s = exchange.segments();
    String first = s.isEmpty() ? "" : s.get(0);
    return switch (first) {
      case "" -> Answer.seeOther("/models");
      case "models" -> models(exchange, s);
      case "runs" -> runs(exchange, s);
      case "monitoring" -> monitoring(exchange, s);
      case "drift" -> drift(exchange, s);
      default -> throw notFound(exchange);
    };
  }

  private Answer models(Exchange exchange, List<String> s) {
    if (s.size() == 1) {
      return page(exchange, () -> ModelsPage.render(exchange, settings));
    }
    String model = modelName(s.get(1));
    if (s.size() == 2) {
      return page(exchange, () -> ModelPage.render(exchange, settings, model));
    }
    if (s.get(2).equals("aliases") && s.size() <= 4) {
      requirePost(exchange);
      return s.size() == 3 ? Changes.newAlias(exchange, settings, model)
          : Changes.moveAlias(exchange, settings, model, s.get(3));
    }
    if (!s.get(2).equals("versions") || s.size() < 4 || s.size() > 5) {
      throw notFound(exchange);
    }
    int version = pathVersion(model, s.get(3));
    if (s.size() == 4) {
      return page(exchange, () -> VersionPage.render(exchange, settings, profiles, model, version, null));
    }
    return switch (s.get(4)) {
      case "verify" -> {
        requirePost(exchange);
        Verification result = Verification.of(settings.registry(), model, version);
        yield Answer.html(200, VersionPage.render(exchange, settings, profiles, model, version, result));
      }
      case "approve" -> {
        requirePost(exchange);
        yield Changes.approve(exchange, settings, model, version);
      }
      case "reject" -> {
        requirePost(exchange);
        yield Changes.reject(exchange, settings, model, version);
      }
      default -> throw notFound(exchange);
    };
  }

  private Answer runs(Exchange exchange, List<String> s) {
    if (s.size() == 1) {
      return page(exchange, () -> RunsPage.render(exchange, settings));
    }
    if (s.size() == 2 && s.get(1).equals("compare")) {
      return page(exchange, () -> RunComparison.render(exchange, settings));
    }
    throw notFound(exchange);
  }

  private Answer monitoring(Exchange exchange, List<String> s) {
    if (s.size() == 1) {
      return page(exchange, () -> MonitoringPage.models(exchange, settings));
    }
    if (s.size() == 2) {
      String model = modelName(s.get(1));
      return page(exchange, () -> MonitoringPage.model(exchange, settings, model));
    }
    throw notFound(exchange);
  }

  private Answer drift(Exchange exchange, List<String> s) {
    return switch (s.size()) {
      case 1 -> page(exchange, () -> DriftPages.models(exchange, settings, driftReports));
      case 2 -> {
        String model = modelName(s.get(1));
        yield page(exchange, () -> DriftPages.reports(exchange, settings, driftReports, model));
      }
      case 3 -> {
        String model = modelName(s.get(1));
        yield page(exchange, () -> DriftPages.report(exchange, settings, driftReports, model, s.get(2)));
      }
      default -> throw notFound(exchange);
    };
  }

  private static Answer page(Exchange exchange, Supplier<String> html) {
    if (!exchange.method().equals("GET") && !exchange.method().equals("HEAD")) {
      throw HttpProblem.methodNotAllowed("GET, HEAD");
    }
    return Answer.html(200, html.get());
  }

  private static void requirePost(Exchange exchange) {
    if (!exchange.method().equals("POST")) {
      throw HttpProblem.methodNotAllowed("POST");
    }
  }

  private static String modelName(String segment) {
    if (!NameRules.NAME_PATTERN.matcher(segment).matches()) {
      throw HttpProblem.notFound("'" + Pages.excerpt(segment) + "' is not a model name");
    }
    return segment;
  }

  private static int pathVersion(String model, String segment) {
    if (!segment.matches("[1-9][0-9]{0,8}")) {
      throw HttpProblem.notFound("'" + Pages.excerpt(segment) + "' is not a version of model '"
          + model + "'");
    }
    return Integer.parseInt(segment);
  }

  private static HttpProblem notFound(Exchange exchange) {
    return HttpProblem.notFound("There is no page at /" + Pages.excerpt(String.join("/", exchange.segments())));
  }
}

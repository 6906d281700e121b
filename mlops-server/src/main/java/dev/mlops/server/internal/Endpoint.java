package dev.mlops.server.internal;

import org.jspecify.annotations.Nullable;

/**
 * The server's endpoints: each with its method and its path template, which is also the
 * {@code endpoint} tag of the request metrics (never the raw path, whose model names and versions
 * would make the tag values unbounded).
 */
enum Endpoint {
  SERVER_METADATA("GET", "/v2"),
  LIVE("GET", "/v2/health/live"),
  READY("GET", "/v2/health/ready"),
  METRICS("GET", "/metrics"),
  MODEL_METADATA("GET", "/v2/models/{name}"),
  MODEL_READY("GET", "/v2/models/{name}/ready"),
  INFER("POST", "/v2/models/{name}/infer"),
  OUTCOMES("POST", "/v2/models/{name}/outcomes"),
  VERSION_METADATA("GET", "/v2/models/{name}/versions/{version}"),
  VERSION_READY("GET", "/v2/models/{name}/versions/{version}/ready"),
  VERSION_INFER("POST", "/v2/models/{name}/versions/{version}/infer"),
  PREDICT("POST", "/v1/models/{name}:predict"),
  EXPLAIN("POST", "/v1/models/{name}:explain");

  final String method;
  final String template;

  Endpoint(String method, String template) {
    this.method = method;
    this.template = template;
  }

  /**
   * Whether it is a health probe: answered without a bearer token, and at once on the server's own
   * threads, never waiting for a worker.
   */
  boolean isProbe() {
    return this == LIVE || this == READY;
  }

  /** Whether its requests carry a JSON body. */
  boolean takesBody() {
    return method.equals("POST");
  }

  /** A path matched to an endpoint, with the model name and version it names (or null). */
  record Match(Endpoint endpoint, @Nullable String model, @Nullable String version) {}

  /** Matches a path, or returns null if no endpoint has it. */
  static @Nullable Match match(String path) {
    String[] p = path.split("/", -1);
    // p[0] is the empty string before the leading slash.
    if (p.length < 2 || !p[0].isEmpty()) {
      return null;
    }
    if (p.length == 2) {
      return p[1].equals("v2") ? new Match(SERVER_METADATA, null, null)
          : p[1].equals("metrics") ? new Match(METRICS, null, null) : null;
    }
    if (p[1].equals("v1")) {
      if (p.length != 4 || !p[2].equals("models")) {
        return null;
      }
      for (Endpoint verb : new Endpoint[] {PREDICT, EXPLAIN}) {
        String suffix = verb.template.substring(verb.template.lastIndexOf(':'));
        if (p[3].endsWith(suffix) && p[3].length() > suffix.length()) {
          return new Match(verb, p[3].substring(0, p[3].length() - suffix.length()), null);
        }
      }
      return null;
    }
    if (!p[1].equals("v2")) {
      return null;
    }
    if (p.length == 4 && p[2].equals("health")) {
      return p[3].equals("live") ? new Match(LIVE, null, null)
          : p[3].equals("ready") ? new Match(READY, null, null) : null;
    }
    if (p.length < 4 || !p[2].equals("models") || p[3].isEmpty()) {
      return null;
    }
    String model = p[3];
    if (p.length >= 6 && p[4].equals("versions") && !p[5].isEmpty()) {
      String version = p[5];
      return switch (p.length) {
        case 6 -> new Match(VERSION_METADATA, model, version);
        case 7 -> p[6].equals("ready") ? new Match(VERSION_READY, model, version)
            : p[6].equals("infer") ? new Match(VERSION_INFER, model, version) : null;
        default -> null;
      };
    }
    return switch (p.length) {
      case 4 -> new Match(MODEL_METADATA, model, null);
      case 5 -> p[4].equals("ready") ? new Match(MODEL_READY, model, null)
          : p[4].equals("infer") ? new Match(INFER, model, null)
          : p[4].equals("outcomes") ? new Match(OUTCOMES, model, null) : null;
      default -> null;
    };
  }
}

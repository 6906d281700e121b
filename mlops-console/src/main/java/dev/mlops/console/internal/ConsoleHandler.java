package dev.mlops.console.internal;

import dev.mlops.MlopsException;
import dev.mlops.registry.InvalidNameException;
import dev.mlops.registry.ModelNotFoundException;
import dev.mlops.registry.ModelStateException;
import dev.mlops.registry.VersionConflictException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.eclipse.jetty.http.HttpCookie;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.FormFields;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every request of the console passes here, in this order: the method; the {@code Host} header
 * (a console bound to the loopback address answers only to loopback names, so that a web page
 * whose domain was re-bound to 127.0.0.1 cannot read it); the static files; the credentials
 * ({@link Access}); for a form, its origin and CSRF token ({@link CsrfGuard}); then the page or
 * change ({@link ConsoleRoutes}). Every answer carries the security headers: a content security
 * policy that allows only the console's own script and style sheet and no framing, {@code
 * X-Content-Type-Options}, {@code X-Frame-Options}, {@code Referrer-Policy} and {@code
 * Cache-Control: no-store} for pages.
 */
final class ConsoleHandler extends Handler.Abstract {

  /** The content security policy of every answer. */
  static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; "
      + "style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; "
      + "base-uri 'none'";

  private static final Logger LOG = LoggerFactory.getLogger(ConsoleHandler.class);
  private static final Set<String> LOOPBACK_NAMES = Set.of("localhost", "127.0.0.1", "[::1]");
  private static final int MAX_FORM_FIELDS = 64;
  private static final int MAX_FORM_BYTES = 64 * 1024;

  private final ConsoleRoutes routes;
  private final Access access;
  private final CsrfGuard csrf = new CsrfGuard();
  private final StaticFiles statics = new StaticFiles();
  private final boolean loopbackOnly;

  /**
   * Creates the handler.
   *
   * @param routes the pages and changes
   * @param access who may use the console
   * @param loopbackOnly whether the console is bound to a loopback address, so that only loopback
   *     host names are answered
   */
  ConsoleHandler(ConsoleRoutes routes, Access access, boolean loopbackOnly) {
    this.routes = routes;
    this.access = access;
    this.loopbackOnly = loopbackOnly;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    Answer answer;
    try {
      answer = answer(request);
    } catch (RuntimeException e) {
      LOG.error("Console request {} {} failed", request.getMethod(), request.getHttpURI().getPath(), e);
      answer = ErrorPage.bare(500, "The console failed to answer this request; its log has the details.");
    }
    send(response, answer, callback, request.getMethod().equals("HEAD"));
    return true;
  }

  private Answer answer(Request request) {
    String method = request.getMethod();
    if (!method.equals("GET") && !method.equals("HEAD") && !method.equals("POST")) {
      return ErrorPage.bare(405, "The console answers GET and POST only")
          .withHeader("Allow", "GET, HEAD, POST");
    }
    HttpFields headers = request.getHeaders();
    String host = headers.get(HttpHeader.HOST);
    if (host == null || (loopbackOnly && !LOOPBACK_NAMES.contains(hostName(host)))) {
      return ErrorPage.bare(403, "This console is bound to the loopback address and answers only"
          + " requests to localhost, 127.0.0.1 or [::1]");
    }
    List<String> segments;
    try {
      segments = segments(request.getHttpURI().getPath());
    } catch (IllegalArgumentException e) {
      return ErrorPage.bare(400, "The path is not valid percent-encoded UTF-8");
    }
    if (segments.size() == 2 && segments.get(0).equals("static")) {
      return method.equals("POST") ? ErrorPage.bare(405, "Static files answer GET only")
          .withHeader("Allow", "GET, HEAD") : statics.answer(segments.get(1));
    }
    Map<String, String> cookies = cookies(request);
    String authorization = headers.get(HttpHeader.AUTHORIZATION);
    Principal principal = principal(segments, authorization, cookies);
    if (principal == null) {
      return unauthenticated(request, authorization != null);
    }
    String cookie = cookies.get(CsrfGuard.COOKIE);
    boolean newCookie = !CsrfGuard.wellFormed(cookie);
    String csrfValue = cookie != null && !newCookie ? cookie : Secrets.randomToken();


    Answer answer;
    try {
      Map<String, List<String>> form = Map.of();
      if (method.equals("POST")) {
        form = form(request);
        csrf.check(cookie, first(form.get(CsrfGuard.FIELD)), principal, headers.get(HttpHeader.ORIGIN),
            headers.get(HttpHeader.REFERER), headers.get("Sec-Fetch-Site"), host);
      }
      Exchange exchange = new Exchange(method, segments, query(request), form, principal,
          csrf.token(csrfValue, principal));
      answer = routeOrError(exchange, cookies);
    } catch (HttpProblem e) {
      answer = ErrorPage.bare(e.status(), e.getMessage());
    }
    return newCookie ? answer.withCookie(CsrfGuard.cookie(csrfValue)) : answer;
  }

  /**
   * Who asks: the principal of the credentials sent (a header wins over a session cookie), or
   * {@link Principal#ANONYMOUS} where none are required or on the sign-in page.
   *
   * @return the principal, or null if the request must authenticate first
   */
  private @Nullable Principal principal(List<String> segments, @Nullable String authorization,
      Map<String, String> cookies) {
    if (!access.required()) {
      return Principal.ANONYMOUS;
    }
    String session = cookies.get(Access.SESSION_COOKIE);
    Principal known = authorization != null ? access.fromHeader(authorization)
        : session != null ? access.fromSession(session) : null;
    if (known == null && authorization == null && segments.equals(List.of("login"))) {
      return Principal.ANONYMOUS;
    }
    return known;
  }

  /** The message for the page: an SDK or argument exception's own, which it always has. */
  private static String messageOf(Exception e) {
    return Objects.toString(e.getMessage(), e.toString());
  }

  private Answer routeOrError(Exchange exchange, Map<String, String> cookies) {

    try {
      if (exchange.segments().equals(List.of("login"))) {
        return login(exchange);
      }
      if (exchange.segments().equals(List.of("logout"))) {
        if (!exchange.method().equals("POST")) {
          throw HttpProblem.methodNotAllowed("POST");
        }
        String session = cookies.get(Access.SESSION_COOKIE);
        if (session != null) {
          access.signOut(session);
        }
        return Answer.seeOther(access.tokenSignIn() ? "/login" : "/models")
            .withCookie(Access.sessionCookie(""));
      }
      return routes.route(exchange);
    } catch (HttpProblem e) {
      Answer page = ErrorPage.of(exchange, routes.settings(), e.status(), e.getMessage());
      return e.allow() == null ? page : page.withHeader("Allow", e.allow());
    } catch (ModelNotFoundException e) {
      return ErrorPage.of(exchange, routes.settings(), 404, messageOf(e));
    } catch (InvalidNameException | IllegalArgumentException e) {
      return ErrorPage.of(exchange, routes.settings(), 400, messageOf(e));
    } catch (VersionConflictException | ModelStateException e) {
      return ErrorPage.of(exchange, routes.settings(), 409, messageOf(e));
    } catch (MlopsException e) {
      LOG.warn("Console page /{} failed: {}", String.join("/", exchange.segments()), e.toString());
      return ErrorPage.of(exchange, routes.settings(), 500, messageOf(e));
    }
  }

  private Answer login(Exchange exchange) {
    if (!access.tokenSignIn()) {
      throw HttpProblem.notFound(access.required() ? "This console signs in with your browser's"
          + " own sign-in dialog (basic authentication), not a token" : "This console needs no sign-in");
    }
    ConsoleSettings settings = routes.settings();
    if (!exchange.method().equals("POST")) {
      return Answer.html(200, LoginPage.render(exchange, settings, exchange.query("next"), null));
    }
    String token = exchange.form("token");
    String session = token == null ? null : access.signIn(token, exchange.form("name"));
    if (session == null) {
      return Answer.html(401, LoginPage.render(exchange, settings, exchange.form("next"),
          "That token is not this console's token."));
    }
    LOG.info("Console sign-in as {}", exchange.form("name") == null ? "token" : exchange.form("name"));
    return Answer.seeOther(LoginPage.safeNext(exchange.form("next")))
        .withCookie(Access.sessionCookie(session));
  }

  private Answer unauthenticated(Request request, boolean wrongCredentials) {
    if (!wrongCredentials && request.getMethod().equals("GET") && access.tokenSignIn() && !access.basic()) {
      String path = request.getHttpURI().getPathQuery();
      return Answer.seeOther(Urls.withQuery("/login", "next", LoginPage.safeNext(path)));
    }
    Answer answer = ErrorPage.bare(401, wrongCredentials ? "These credentials are not valid for this console."
        : "This console needs you to sign in" + (access.tokenSignIn() ? ": open /login" : "."));
    if (access.basic()) {
      answer = answer.withHeader("WWW-Authenticate", "Basic realm=\"mlops console\", charset=\"UTF-8\"");
    } else {
      answer = answer.withHeader("WWW-Authenticate", "Bearer realm=\"mlops console\"");
    }
    return answer;
  }

  private static Map<String, List<String>> form(Request request) {
    String type = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
    if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
      throw new HttpProblem(415, "A form must be sent as application/x-www-form-urlencoded");
    }
    try {
      return fields(FormFields.getFields(request, MAX_FORM_FIELDS, MAX_FORM_BYTES));
    } catch (RuntimeException e) {
      throw HttpProblem.badRequest("The form cannot be read: it must have at most "
          + MAX_FORM_FIELDS + " fields and " + MAX_FORM_BYTES + " bytes");
    }
  }

  private static Map<String, List<String>> query(Request request) {
    try {
      return fields(Request.extractQueryParameters(request, StandardCharsets.UTF_8));
    } catch (RuntimeException e) {
      throw HttpProblem.badRequest("The query string is not valid percent-encoded UTF-8");
    }
  }

  private static Map<String, List<String>> fields(Fields fields) {
    Map<String, List<String>> map = new LinkedHashMap<>();
    for (Fields.Field field : fields) {
      map.put(field.getName(), List.copyOf(field.getValues()));
    }
    return map;
  }

  private static Map<String, String> cookies(Request request) {
    Map<String, String> cookies = new HashMap<>();
    for (HttpCookie cookie : Request.getCookies(request)) {
      cookies.putIfAbsent(cookie.getName(), cookie.getValue());
    }
    return cookies;
  }

  private static @Nullable String first(@Nullable List<String> values) {
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  /**
   * The host name of a {@code Host} header, without its port, in lower case.
   *
   * @param host such as {@code 127.0.0.1:8090} or {@code [::1]:8090}
   * @return such as {@code 127.0.0.1} or {@code [::1]}
   */
  static String hostName(String host) {
    String h = host.toLowerCase(Locale.ROOT).strip();
    if (h.startsWith("[")) {
      int end = h.indexOf(']');
      return end < 0 ? h : h.substring(0, end + 1);
    }
    int colon = h.indexOf(':');
    return colon < 0 ? h : h.substring(0, colon);
  }

  /**
   * The segments of a raw path, each percent-decoded on its own.
   *
   * @param rawPath such as {@code /models/churn/versions/3}
   * @return the segments, empty ones left out
   * @throws IllegalArgumentException if a segment is not valid percent-encoded UTF-8
   */
  static List<String> segments(@Nullable String rawPath) {
    List<String> segments = new ArrayList<>();
    if (rawPath == null) {
      return segments;
    }
    for (String raw : rawPath.split("/")) {
      if (!raw.isEmpty()) {
        segments.add(percentDecode(raw));
      }
    }
    return segments;
  }

  private static String percentDecode(String raw) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '%') {
        if (i + 2 >= raw.length()) {
          throw new IllegalArgumentException("Truncated percent escape in '" + raw + "'");
        }
        bytes.write(Integer.parseInt(raw.substring(i + 1, i + 3), 16));
        i += 2;
      } else if (c < 0x80) {
        bytes.write(c);
      } else {
        byte[] utf8 = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        bytes.write(utf8, 0, utf8.length);
      }
    }
    try {
      return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException("Not UTF-8: '" + raw + "'", e);
    }
  }

  /**
   * Writes an answer with the security headers.
   *
   * @param response the response
   * @param answer the answer
   * @param callback completes the exchange
   * @param head whether to leave the body out
   */
  static void send(Response response, Answer answer, Callback callback, boolean head) {
    response.setStatus(answer.status());
    HttpFields.Mutable headers = response.getHeaders();
    headers.put(HttpHeader.CONTENT_TYPE, answer.contentType());
    securityHeaders(headers);
    answer.headers().forEach(headers::put);
    answer.cookies().forEach(c -> headers.add(HttpHeader.SET_COOKIE, c));
    response.write(true, head ? ByteBuffer.allocate(0) : ByteBuffer.wrap(answer.body()), callback);
  }

  /**
   * Adds the headers every answer carries.
   *
   * @param headers the response headers
   */
  static void securityHeaders(HttpFields.Mutable headers) {
    headers.put("Content-Security-Policy", CONTENT_SECURITY_POLICY);
    headers.put("X-Content-Type-Options", "nosniff");
    headers.put("X-Frame-Options", "DENY");
    headers.put("Referrer-Policy", "same-origin");
    headers.put("Cross-Origin-Opener-Policy", "same-origin");
    headers.put("Cross-Origin-Resource-Policy", "same-origin");
    headers.put(HttpHeader.CACHE_CONTROL, "no-store");
  }
}

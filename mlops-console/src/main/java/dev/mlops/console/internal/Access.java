package dev.mlops.console.internal;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Who may use the console: an optional bearer token (sent as {@code Authorization: Bearer}, or
 * typed once on the sign-in page, which starts a session held in an HttpOnly cookie) and optional
 * basic-authentication users. Every comparison is of SHA-256 digests with
 * {@link java.security.MessageDigest#isEqual}, so its time tells nothing about the secret.
 *
 * @since 0.1
 */
public final class Access {

  /** The session cookie's name. */
  static final String SESSION_COOKIE = "mlops_console_session";

  /** What a name typed at sign-in may hold: it goes into the audit log. */
  static final Pattern SIGN_IN_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}");

  private static final int MAX_SESSIONS = 10_000;
  private static final byte[] NO_USER = Secrets.sha256(Secrets.randomToken());

  private final byte @Nullable [] tokenDigest;
  private final Map<String, byte[]> users;
  private final Clock clock;
  private final Duration sessionLifetime;
  private final Map<String, Session> sessions = new ConcurrentHashMap<>();

  private record Session(Principal principal, Instant expires) {}

  /**
   * Creates the access rules.
   *
   * @param token the bearer token, or null for none
   * @param users basic-authentication user names and passwords; may be empty
   * @param clock the clock sessions expire by
   * @param sessionLifetime how long a sign-in lasts
   */
  public Access(@Nullable String token, Map<String, String> users, Clock clock,
      Duration sessionLifetime) {
    this.tokenDigest = token == null ? null : Secrets.sha256(token);
    Map<String, byte[]> digests = new LinkedHashMap<>();
    users.forEach((name, password) -> digests.put(name, Secrets.sha256(password)));
    this.users = Map.copyOf(digests);
    this.clock = clock;
    this.sessionLifetime = sessionLifetime;
  }

  /**
   * Whether any credentials are configured; without, everyone is {@link Principal#ANONYMOUS}.
   *
   * @return true if requests must authenticate
   */
  public boolean required() {
    return tokenDigest != null || !users.isEmpty();
  }

  /**
   * Whether browsers sign in with the token on the sign-in page.
   *
   * @return true if a token is configured
   */
  boolean tokenSignIn() {
    return tokenDigest != null;
  }

  /**
   * Whether basic authentication is offered.
   *
   * @return true if users are configured
   */
  boolean basic() {
    return !users.isEmpty();
  }

  /**
   * The principal an {@code Authorization} header names.
   *
   * @param authorization the header
   * @return the principal, or null if the credentials are wrong or of an unknown scheme
   */
  @Nullable Principal fromHeader(String authorization) {
    int space = authorization.indexOf(' ');
    if (space < 0) {
      return null;
    }
    String scheme = authorization.substring(0, space).toLowerCase(Locale.ROOT);
    String credentials = authorization.substring(space + 1).strip();
    if (scheme.equals("bearer") && tokenDigest != null) {
      return Secrets.matches(credentials, tokenDigest) ? new Principal("token", "bearer", false)
          : null;
    }
    if (scheme.equals("basic") && !users.isEmpty()) {
      String decoded;
      try {
        decoded = new String(Base64.getDecoder().decode(credentials), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        return null;
      }
      int colon = decoded.indexOf(':');
      if (colon < 0) {
        return null;
      }
      String user = decoded.substring(0, colon);
      // An unknown user costs the same comparison as a known one.
      byte[] expected = users.getOrDefault(user, NO_USER);
      boolean match = Secrets.matches(decoded.substring(colon + 1), expected);
      return match && users.containsKey(user) ? new Principal(user, "basic:" + user, false) : null;
    }
    return null;
  }

  /**
   * The principal of a session cookie.
   *
   * @param sessionId the cookie's value
   * @return the principal, or null if there is no such session or it expired
   */
  @Nullable Principal fromSession(String sessionId) {
    Session session = sessions.get(sessionId);
    if (session == null) {
      return null;
    }
    if (!clock.instant().isBefore(session.expires())) {
      sessions.remove(sessionId);
      return null;
    }
    return session.principal();
  }

  /**
   * Signs a browser in with the token.
   *
   * @param token what was typed
   * @param name the name to record as the actor, or null
   * @return the new session's id, or null if the token is wrong
   * @throws HttpProblem 400 if the name is not a valid name
   */
  @Nullable String signIn(String token, @Nullable String name) {
    if (name != null && !SIGN_IN_NAME.matcher(name).matches()) {
      throw HttpProblem.badRequest("A name is 1 to 64 letters, digits, '.', '_', '@' or '-',"
          + " starting with a letter or digit: it is recorded in the audit log");
    }
    if (tokenDigest == null || !Secrets.matches(token, tokenDigest)) {
      return null;
    }
    Instant now = clock.instant();
    sessions.values().removeIf(s -> !now.isBefore(s.expires()));
    while (sessions.size() >= MAX_SESSIONS) {
      sessions.entrySet().stream().min(Comparator.comparing(e -> e.getValue().expires()))
          .ifPresent(e -> sessions.remove(e.getKey()));
    }
    String id = Secrets.randomToken();
    sessions.put(id, new Session(new Principal(name == null ? "token" : name, "session:" + id, true),
        now.plus(sessionLifetime)));
    return id;
  }

  /**
   * Ends a session.
   *
   * @param sessionId the session's id
   */
  void signOut(String sessionId) {
    sessions.remove(sessionId);
  }

  /**
   * The session cookie, HttpOnly and same-site only.
   *
   * @param sessionId the id, or empty to delete the cookie
   * @return the {@code Set-Cookie} value
   */
  static String sessionCookie(String sessionId) {
    return SESSION_COOKIE + "=" + sessionId + "; Path=/; HttpOnly; SameSite=Strict"
        + (sessionId.isEmpty() ? "; Max-Age=0" : "");
  }
}

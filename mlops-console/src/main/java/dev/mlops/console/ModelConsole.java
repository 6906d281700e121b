package dev.mlops.console;

import dev.mlops.console.internal.Access;
import dev.mlops.console.internal.ConsoleServer;
import dev.mlops.console.internal.ConsoleSettings;
import dev.mlops.core.lifecycle.Promotions;
import dev.mlops.core.training.TrainingRunLog;
import dev.mlops.internal.SetOnce;
import dev.mlops.registry.ModelRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A web console over a model registry, embedded in an application or run by {@code mlops ui}:
 * server-rendered pages, a style sheet and a small script, nothing loaded from anywhere else.
 *
 * <pre>{@code
 * try (ModelConsole console = ModelConsole.builder()
 *     .registry(registry)                                   // required
 *     .runLog(TrainingRunLog.jsonLines(runs))               // optional: training runs
 *     .driftReports(Path.of("/var/mlops/drift-reports"))    // optional: stored drift reports
 *     .monitorHistory(MonitorHistory.of(monitor))           // optional: monitoring windows
 *     .port(8090)                                           // 0 = any free port
 *     .start()) {
 *   System.out.println("Console at " + console.uri());
 *   console.awaitClosed();
 * }
 * }</pre>
 *
 * <p>Pages: the models (searched by name and tag), a model (versions, aliases and their history
 * from the audit log, the version awaiting approval), a version (everything stored, artifact
 * checksums with a verify action, the reference profile), training runs (filtered, compared side
 * by side), monitoring (windows over time as charts, alerts) and drift reports (sorted by drift
 * share, filtered, per-feature statistics and distributions).
 *
 * <p><b>Safe by default.</b> It binds to 127.0.0.1 and then answers only requests addressed to a
 * loopback name (no DNS rebinding); it is read-only unless {@link Builder#allowChanges()} is
 * given, which requires a {@link Builder#bearerToken token} or {@link Builder#basicAuthUser
 * users}; every value is HTML-escaped; every form carries a CSRF token bound to the signed-in
 * user and is accepted only from the console's own origin; responses forbid framing and inline
 * scripts (content security policy); requests name models, versions and report files, never a
 * path of the file system. Allowed changes (moving an alias with compare-and-set against the
 * version the page showed, approving or rejecting the version awaiting approval) are recorded in
 * the registry's audit log with the console user in the reason. See {@code docs/console.md}.
 *
 * @since 0.1
 */
public final class ModelConsole implements AutoCloseable {

  /** The port of {@link Builder#port} unless set. */
  public static final int DEFAULT_PORT = 8090;

  /** The bind address unless set: this machine only. */
  public static final String DEFAULT_HOST = "127.0.0.1";

  /** The shortest bearer token accepted. */
  public static final int MIN_TOKEN_LENGTH = 16;

  private final ConsoleServer server;
  private final String host;

  private ModelConsole(ConsoleServer server, String host) {
    this.server = server;
    this.host = host;
  }

  /**
   * A builder.
   *
   * @return a new builder
   * @since 0.1
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The bound port.
   *
   * @return the port, the one picked if 0 was asked for
   * @since 0.1
   */
  public int port() {
    return server.port();
  }

  /**
   * Where the console answers.
   *
   * @return such as {@code http://127.0.0.1:8090/}
   * @since 0.1
   */
  public URI uri() {
    String shown = host.contains(":") ? "[" + host + "]" : host;
    return URI.create("http://" + shown + ":" + port() + "/");
  }

  /**
   * Waits until the console is closed (from another thread, or a shutdown hook).
   *
   * @throws InterruptedException if interrupted while waiting
   * @since 0.1
   */
  public void awaitClosed() throws InterruptedException {
    server.join();
  }

  /**
   * Stops serving. The registry, run log and monitors are the caller's and stay open.
   *
   * @since 0.1
   */
  @Override
  public void close() {
    server.close();
  }

  /**
   * Settings of a console. Each setting may be given once.
   *
   * @since 0.1
   */
  public static final class Builder {
    private @Nullable ModelRegistry registry;
    private @Nullable String host;
    private @Nullable Integer port;
    private boolean allowChanges;
    private @Nullable String token;
    private final Map<String, String> users = new LinkedHashMap<>();
    private @Nullable TrainingRunLog runLog;
    private @Nullable Path driftReports;
    private @Nullable MonitorHistory monitorHistory;
    private @Nullable Promotions promotions;
    private @Nullable Duration sessionLifetime;
    private @Nullable Clock clock;

    private Builder() {}

    /**
     * The registry to show. Required. The console never closes it.
     *
     * @param value the registry
     * @return this builder
     * @throws IllegalStateException if already set
     * @since 0.1
     */
    public Builder registry(ModelRegistry value) {
      registry = SetOnce.value("registry", registry, value);
      return this;
    }

    /**
     * The address to bind. The default is {@value ModelConsole#DEFAULT_HOST}, this machine only;
     * a console bound to a loopback address answers only requests addressed to a loopback name.
     *
     * @param value a host name or address, such as {@code 0.0.0.0} in a container
     * @return this builder
     * @throws IllegalArgumentException if blank
     * @throws IllegalStateException if already set
     * @since 0.1
     */
    public Builder host(String value) {
      if (value == null || value.isBlank()) {
        throw new IllegalArgumentException("host must not be blank but was '" + value + "'");
      }
      host = SetOnce.value("host", host, value);
      return this;
    }

    /**
     * The port. The default is {@value ModelConsole#DEFAULT_PORT}; 0 picks a free one.
     *
     * @param value 0 to 65535
     * @return this builder
     * @throws IllegalArgumentException if out of range
     * @throws IllegalStateException if already set
     * @since 0.1
     */
    public Builder port(int value) {
      if (value < 0 || value > 65535) {
        throw new IllegalArgumentException("port must be between 0 and 65535 but was " + value);
      }
      port = SetOnce.value("port", port, value);
      return this;
    }

    /**
     * Allows the changes a console makes: moving and setting aliases (compare-and-set against the
     * version the page showed), approving and rejecting the version awaiting approval. Requires a
     * bearer token or basic-authentication users. By default the console is read-only.
     *
     * @return this builder
     * @throws IllegalStateException if already set
     * @since 0.1
     */
    public Builder allowChanges() {
      allowChanges = SetOnce.value("allowChanges", allowChanges ? true : null, true);
      return this;
    }

    /**
     * A bearer token every request must carry: scripts send {@code Authorization: Bearer TOKEN};
     * browsers sign in once on the console's sign-in page, which starts a session held in an
     * HttpOnly, same-site cookie. Compared in constant time.
     *
     * @param value at least {@value ModelConsole#MIN_TOKEN_LENGTH} characters, no white space
     * @return this builder
     * @throws IllegalArgumentException if shorter or holding white space
     * @throws IllegalStateException if already set
     * @since 0.1
     */
    public Builder bearerToken(String value) {
      Objects.requireNonNull(value, "bearerToken");
      if (value.length() < MIN_TOKEN_LENGTH || !value.chars().noneMatch(Character::isWhitespace)) {
        throw new IllegalArgumentException("bearerToken must have at least " + MIN_TOKEN_LENGTH
            + " characters and no white space, but has " + value.length()
            + " characters; use a long random value such as from 'openssl rand -hex 24'");
      }
      token = SetOnce.secret("bearerToken", token, value);
      return this;
    }

    /**
     * A user of basic authentication (the browser's own sign-in dialog); may be given for
     * several users. The user name is recorded as the actor of the user's changes. Passwords are
     * kept only as SHA-256 digests and compared in constant time.
     *
     * @param user the user name: no colon, no control characters
     * @param password a non-empty password
     * @return this builder
     * @throws IllegalArgumentException if the name or password is not valid
     * @throws IllegalStateException if the user was already added
     * @since 0.1
     */
    public Builder basicAuthUser(String user, String password) {
      Objects.requireNonNull(user, "user");
      Objects.requireNonNull(password, "password");
      if (user.isEmpty() || user.contains(":") || user.chars().anyMatch(Character::isISOControl)) {
        throw new IllegalArgumentException("A basic-authentication user name must be non-empty, with"
            + " no colon and no control characters, but was '" + user + "'");
      }
      if (password.isEmpty()) {
        throw new IllegalArgumentException("The password of user '" + user + "' must not be empty");
      }
      if (users.putIfAbsent(user, password) != null) {
        throw new IllegalStateException("basicAuthUser '" + user + "' was already added");
      }
      return this;
    }

    /**
     * The training run log the runs pages read, such as
     * {@code TrainingRunLog.jsonLines(Path.of("/var/mlops/training-runs.jsonl"))}. Without it,
     * those pages say none is configured.
     *
     * @param value the log
     * @return this builder
     * @throws IllegalStateException if already set
     * @since 0.1
     */
    public Builder runLog(TrainingRunLog value) {
      runLog = SetOnce.value("runLog", runLog, value);
      return this;
    }

    /**
     * The directory of stored drift reports: one sub-directory per model, named after it, holding
     * {@code mlops.drift-report} JSON documents ({@code DriftReportJson}, {@code mlops drift
     * --json}) as {@code NAME.json}. Without it, the drift pages say none is configured.
     *
     * @param value the directory (it may not exist yet)
     * @return this builder
     * @throws IllegalStateException if already set
     * @since 0.1
     */
    public Builder driftReports(Path value) {
      driftReports = SetOnce.value("driftReports", driftReports, value);
      return this;
    }

    /**
     * Where the monitoring pages find the monitors' windows and alerts. Without it, those pages
     * say no monitor store is configured.
     *
     * @param value the history
     * @return this builder
     * @throws IllegalStateException if already set
     * @since 0.1
     */
    public Builder monitorHistory(MonitorHistory value) {
      monitorHistory = SetOnce.value("monitorHistory", monitorHistory,
          Objects.requireNonNull(value, "monitorHistory"));
      return this;
    }

    /**
     * The aliases of approvals: the champion's (default {@value Promotions#PRODUCTION}) and that
     * of a version awaiting approval (default {@value Promotions#STAGING}), as
     * {@code mlops approve --alias --staging-alias} take them.
     *
     * @param production the champion's alias
     * @param staging the alias of a version awaiting approval
     * @return this builder
     * @throws dev.mlops.registry.InvalidNameException if an alias is invalid
     * @throws IllegalArgumentException if both are the same
     * @throws IllegalStateException if already set or no registry was set before
     * @since 0.1
     */
    public Builder approvalAliases(String production, String staging) {
      if (registry == null) {
        throw new IllegalStateException("Set the registry before the approval aliases");
      }
      promotions = SetOnce.value("approvalAliases", promotions,
          Promotions.of(registry, production, staging));
      return this;
    }

    /**
     * How long a browser's sign-in with the token lasts. The default is 12 hours.
     *
     * @param value positive
     * @return this builder
     * @throws IllegalArgumentException if not positive
     * @throws IllegalStateException if already set
     * @since 0.1
     */
    public Builder sessionLifetime(Duration value) {
      if (value == null || value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException("sessionLifetime must be positive but was " + value);
      }
      sessionLifetime = SetOnce.value("sessionLifetime", sessionLifetime, value);
      return this;
    }

    /**
     * The clock sessions expire by. The default is the system clock in UTC.
     *
     * @param value the clock
     * @return this builder
     * @throws IllegalStateException if already set
     * @since 0.1
     */
    public Builder clock(Clock value) {
      clock = SetOnce.value("clock", clock, value);
      return this;
    }

    /**
     * Binds the address and starts serving.
     *
     * @return the running console; close it to stop
     * @throws NullPointerException if no registry was set
     * @throws IllegalStateException if changes are allowed without a token or users
     * @throws ConsoleStartException if the address cannot be bound
     * @since 0.1
     */
    public ModelConsole start() {
      ModelRegistry r = Objects.requireNonNull(registry, "registry is required: call registry(...)");
      Access access = new Access(token, users, clock == null ? Clock.systemUTC() : clock,
          sessionLifetime == null ? Duration.ofHours(12) : sessionLifetime);
      if (allowChanges && !access.required()) {
        throw new IllegalStateException("allowChanges needs a bearerToken or basicAuthUser: changes"
            + " are recorded with the actor who made them, and an open console must not change the"
            + " registry");
      }
      String h = host == null ? DEFAULT_HOST : host;
      int p = port == null ? DEFAULT_PORT : port;
      ConsoleSettings settings = new ConsoleSettings(r, runLog, driftReports, monitorHistory,
          allowChanges, promotions == null ? Promotions.of(r) : promotions);
      try {
        return new ModelConsole(ConsoleServer.start(new InetSocketAddress(h, p), settings, access), h);
      } catch (IOException e) {
        throw new ConsoleStartException("The console cannot listen on " + h + ":" + p + ": "
            + e.getMessage() + ". Choose another port (0 picks a free one) or stop what uses it.", e);
      }
    }
  }
}

package dev.mlops.testkit.postgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Assumptions;

/**
 * A throwaway PostgreSQL cluster for tests: initdb into a temporary directory, started on a free
 * local port, stopped and deleted when the test JVM ends. Runs the server as the {@code postgres}
 * user when the tests run as root (PostgreSQL refuses to run as root). The server's programs come
 * from Debian's {@code postgresql} package ({@code /usr/lib/postgresql/VERSION/bin}) or the
 * directory {@code MLOPS_TEST_PG_BINDIR} names; {@link #sharedOrSkip()} skips the calling test
 * with a reason when neither has them.
 *
 * @since 0.1
 */
public final class PostgresServer {

  private static final Object LOCK = new Object();
  private static @Nullable PostgresServer shared;
  private static final AtomicInteger SCHEMAS = new AtomicInteger();

  private final Path binDir;
  private final Path baseDir;
  private final Path dataDir;
  private final int port;

  private PostgresServer(Path binDir) throws IOException, InterruptedException {
    this.binDir = binDir;
    this.baseDir = Files.createTempDirectory("mlops-pg-");
    this.dataDir = baseDir.resolve("data");
    this.port = freePort();
    if (isRoot()) {
      run(List.of("chown", "-R", "postgres:postgres", baseDir.toString()));
    }
    run(asPostgres(binDir.resolve("initdb").toString(), "-D", dataDir.toString(), "-U", "postgres",
        "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync"));
    requireAuthenticationOfTwoRoles();
    start();
  }

  /**
   * The role that must give its password (SCRAM) to connect over TCP; every other role is
   * trusted. Tests create it when they need it.
   */
  public static final String PASSWORD_ROLE = "mlops_password";

  /** The role whose TCP connections {@code pg_hba.conf} rejects outright (SQL state 28000). */
  public static final String REJECTED_ROLE = "mlops_rejected";

  /** Puts two lines before the cluster's "trust everyone" ones; the first matching line decides. */
  private void requireAuthenticationOfTwoRoles() throws IOException {
    Path hba = dataDir.resolve("pg_hba.conf");
    Files.writeString(hba, "host all " + PASSWORD_ROLE + " 127.0.0.1/32 scram-sha-256\n"
        + "host all " + REJECTED_ROLE + " 127.0.0.1/32 reject\n" + Files.readString(hba));
  }

  /** Why tests that need PostgreSQL are skipped when its programs are missing. */
  public static final String MISSING = "PostgreSQL is not installed (no initdb under"
      + " /usr/lib/postgresql/*/bin and MLOPS_TEST_PG_BINDIR unset): skipping the tests that need a"
      + " real database. Install Debian's postgresql package to run them.";

  /**
   * Where PostgreSQL's server programs are, if installed.
   *
   * @return the bin directory holding initdb and pg_ctl
   */
  public static Optional<Path> findBinDir() {
    String env = System.getenv("MLOPS_TEST_PG_BINDIR");
    if (env != null && Files.isExecutable(Path.of(env, "initdb"))) {
      return Optional.of(Path.of(env));
    }
    Path root = Path.of("/usr/lib/postgresql");
    if (!Files.isDirectory(root)) {
      return Optional.empty();
    }
    try (Stream<Path> versions = Files.list(root)) {
      return versions.map(v -> v.resolve("bin"))
          .filter(b -> Files.isExecutable(b.resolve("initdb")))
          .max(Comparator.comparingInt(PostgresServer::majorVersion));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static int majorVersion(Path bin) {
    try {
      Path parent = bin.getParent();
      return Integer.parseInt(String.valueOf(parent == null ? null : parent.getFileName()));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /**
   * The cluster shared by every test in this JVM, started on first use; skips the calling test
   * (a JUnit assumption) when PostgreSQL is not installed.
   *
   * @return the running cluster
   */
  public static PostgresServer sharedOrSkip() {
    Optional<Path> bin = findBinDir();
    Assumptions.assumeTrue(bin.isPresent(), MISSING);
    return shared(bin.get());
  }

  /**
   * The cluster shared by every test in this JVM, started on first use.
   *
   * @param binDir PostgreSQL's bin directory
   * @return the running cluster
   */
  public static PostgresServer shared(Path binDir) {
    synchronized (LOCK) {
      if (shared == null) {
        try {
          shared = new PostgresServer(binDir);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(e);
        }
        PostgresServer cluster = shared;
        Runtime.getRuntime().addShutdownHook(new Thread(cluster::destroy, "postgres-test-cluster"));
      }
      return shared;
    }
  }

  /**
   * The JDBC URL of the {@code postgres} database.
   *
   * @return such as {@code jdbc:postgresql://127.0.0.1:5433/postgres}
   */
  public String jdbcUrl() {
    return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
  }

  /**
   * A schema name no other test uses.
   *
   * @param prefix a lower-case identifier
   * @return the prefix, this JVM's process id and a counter
   */
  public static String newSchema(String prefix) {
    return prefix + "_" + ProcessHandle.current().pid() + "_" + SCHEMAS.incrementAndGet();
  }

  /**
   * Opens a superuser connection.
   *
   * @return the connection; the caller closes it
   * @throws SQLException if the server cannot be reached
   */
  public Connection connect() throws SQLException {
    return DriverManager.getConnection(jdbcUrl() + "?user=postgres&ApplicationName=mlops-test");
  }

  /**
   * Runs statements as superuser.
   *
   * @param sql the statements
   * @throws SQLException if one fails
   */
  public void execute(String... sql) throws SQLException {
    try (Connection c = connect(); Statement s = c.createStatement()) {
      for (String q : sql) {
        s.execute(q);
      }
    }
  }

  /**
   * Starts the server and waits until it accepts connections.
   *
   * @throws IOException if pg_ctl cannot be run
   * @throws InterruptedException if interrupted while waiting
   */
  public void start() throws IOException, InterruptedException {
    run(asPostgres(binDir.resolve("pg_ctl").toString(), "-D", dataDir.toString(), "-l",
        baseDir.resolve("server.log").toString(), "-w", "-t", "60", "-o",
        "-p " + port + " -k " + baseDir + " -c listen_addresses=127.0.0.1 -c fsync=off"
            + " -c synchronous_commit=off -c full_page_writes=off -c max_connections=300",
        "start"));
  }

  /**
   * Stops the server (fast shutdown: open sessions are terminated).
   *
   * @throws IOException if pg_ctl cannot be run
   * @throws InterruptedException if interrupted while waiting
   */
  public void stop() throws IOException, InterruptedException {
    run(asPostgres(binDir.resolve("pg_ctl").toString(), "-D", dataDir.toString(), "-m", "fast",
        "-w", "-t", "60", "stop"));
  }

  private void destroy() {
    try {
      stop();
    } catch (IOException | InterruptedException | RuntimeException e) {
      // Already stopped, or the JVM is going down: nothing more to do.
    }
    try (Stream<Path> all = Files.walk(baseDir)) {
      all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // Best effort: the directory is under the system temp directory.
    }
  }

  private static List<String> asPostgres(String... command) {
    List<String> result = new ArrayList<>();
    if (isRoot()) {
      result.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    result.addAll(List.of(command));
    return result;
  }

  private static boolean isRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  private void run(List<String> command) throws IOException, InterruptedException {
    Path log = Files.createTempFile("mlops-pg-cmd-", ".log");
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(log.toFile()).start();
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException("Timed out: " + command + "\n" + Files.readString(log));
      }
      if (p.exitValue() != 0) {
        String server = Files.exists(baseDir.resolve("server.log"))
            ? "\nserver log:\n" + Files.readString(baseDir.resolve("server.log")) : "";
        throw new IllegalStateException("Failed (" + p.exitValue() + "): " + command + "\n"
            + Files.readString(log) + server);
      }
    } finally {
      Files.deleteIfExists(log);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}

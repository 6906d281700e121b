package dev.mlops.jdbc;

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

/**
 * A throwaway PostgreSQL cluster for tests: initdb into a temporary directory, started on a free
 * local port, stopped and deleted when the test JVM ends. Runs the server as the {@code postgres}
 * user when the tests run as root (PostgreSQL refuses to run as root).
 */
final class PostgresCluster {

  private static final Object LOCK = new Object();
  private static PostgresCluster shared;
  private static final AtomicInteger SCHEMAS = new AtomicInteger();

  private final Path binDir;
  private final Path baseDir;
  private final Path dataDir;
  private final int port;

  private PostgresCluster(Path binDir) throws IOException, InterruptedException {
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

  /** The role that must give its password (SCRAM) to connect over TCP; every other role is trusted. */
  static final String PASSWORD_ROLE = "mlops_password";
  /** The role whose TCP connections pg_hba.conf rejects outright (SQL state 28000). */
  static final String REJECTED_ROLE = "mlops_rejected";

  /** Puts two lines before the cluster's "trust everyone" ones; the first matching line decides. */
  private void requireAuthenticationOfTwoRoles() throws IOException {
    Path hba = dataDir.resolve("pg_hba.conf");
    Files.writeString(hba, "host all " + PASSWORD_ROLE + " 127.0.0.1/32 scram-sha-256\n"
        + "host all " + REJECTED_ROLE + " 127.0.0.1/32 reject\n" + Files.readString(hba));
  }

  /**
   * Where PostgreSQL's server programs are, if installed.
   *
   * @return the bin directory holding initdb and pg_ctl
   */
  static Optional<Path> findBinDir() {
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
          .max(Comparator.comparingInt(PostgresCluster::majorVersion));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static int majorVersion(Path bin) {
    try {
      return Integer.parseInt(bin.getParent().getFileName().toString());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /**
   * The cluster shared by every test in this JVM, started on first use.
   *
   * @param binDir PostgreSQL's bin directory
   * @return the running cluster
   */
  static PostgresCluster shared(Path binDir) {
    synchronized (LOCK) {
      if (shared == null) {
        try {
          shared = new PostgresCluster(binDir);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(e);
        }
        PostgresCluster cluster = shared;
        Runtime.getRuntime().addShutdownHook(new Thread(cluster::destroy, "postgres-test-cluster"));
      }
      return shared;
    }
  }

  /** The JDBC URL of the {@code postgres} database. */
  String jdbcUrl() {
    return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
  }

  /** A schema name no other test uses. */
  static String newSchema(String prefix) {
    return prefix + "_" + ProcessHandle.current().pid() + "_" + SCHEMAS.incrementAndGet();
  }

  /** A builder for a registry in the given schema, polling quickly, as user postgres. */
  JdbcModelRegistry.Builder registry(String schema) {
    return JdbcModelRegistry.builder(jdbcUrl()).user("postgres").schema(schema).poolSize(4)
        .pollInterval(java.time.Duration.ofMillis(300));
  }

  /** Opens a superuser connection. */
  Connection connect() throws SQLException {
    return DriverManager.getConnection(jdbcUrl() + "?user=postgres&ApplicationName=mlops-test");
  }

  /** Runs statements as superuser. */
  void execute(String... sql) throws SQLException {
    try (Connection c = connect(); Statement s = c.createStatement()) {
      for (String q : sql) {
        s.execute(q);
      }
    }
  }

  /** Starts the server and waits until it accepts connections. */
  void start() throws IOException, InterruptedException {
    run(asPostgres(binDir.resolve("pg_ctl").toString(), "-D", dataDir.toString(), "-l",
        baseDir.resolve("server.log").toString(), "-w", "-t", "60", "-o",
        "-p " + port + " -k " + baseDir + " -c listen_addresses=127.0.0.1 -c fsync=off"
            + " -c synchronous_commit=off -c full_page_writes=off -c max_connections=300",
        "start"));
  }

  /** Stops the server (fast shutdown: open sessions are terminated). */
  void stop() throws IOException, InterruptedException {
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

package dev.mlops.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.registry.ModelRegistries;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.RegistryAuthenticationException;
import dev.mlops.registry.RegistryUnavailableException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringWriter;
import java.io.PrintWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * Credentials against a real PostgreSQL: a refused login is reported as such (not as an outage),
 * and a password never shows in a message, a location, a {@code toString} or the log, wherever it
 * was given (option, user-info of the URI, {@code password=} parameter).
 */
@RequiresPostgres
class CredentialsTest {

  private static final String RIGHT = "right-horse-battery";
  private static final String WRONG = "wrong-staple-0451";

  @TempDir Path tmp;

  @BeforeAll
  static void createRoles() throws Exception {
    PostgresCluster pg = PostgresExtension.cluster();
    pg.execute("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '"
        + PostgresCluster.PASSWORD_ROLE + "') THEN CREATE ROLE " + PostgresCluster.PASSWORD_ROLE
        + " LOGIN PASSWORD '" + RIGHT + "'; END IF; END $$",
        "GRANT CREATE ON DATABASE postgres TO " + PostgresCluster.PASSWORD_ROLE,
        "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '"
        + PostgresCluster.REJECTED_ROLE + "') THEN CREATE ROLE " + PostgresCluster.REJECTED_ROLE
        + " LOGIN; END IF; END $$");
  }

  private static String hostPortDb(PostgresCluster pg) {
    return pg.jdbcUrl().substring("jdbc:postgresql://".length());
  }

  /** Every message and {@code toString} of an exception, its causes and suppressed ones. */
  private static String everything(Throwable e) {
    StringWriter out = new StringWriter();
    e.printStackTrace(new PrintWriter(out));
    return out.toString();
  }

  /** Runs code, returning what it wrote to the log (slf4j-simple writes to System.err). */
  private static String logOf(Executable code) throws Throwable {
    PrintStream saved = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      code.execute();
    } finally {
      System.setErr(saved);
    }
    return captured.toString(StandardCharsets.UTF_8);
  }

  @Test
  void theRightPasswordOpensTheRegistry(PostgresCluster pg) {
    try (JdbcModelRegistry registry = JdbcModelRegistry.builder(pg.jdbcUrl())
        .user(PostgresCluster.PASSWORD_ROLE).password(RIGHT).schema(PostgresCluster.newSchema("pw")).open()) {
      registry.register(Artifacts.request("m", Artifacts.file(tmp, "w")));
      assertThat(registry.toString()).doesNotContain(RIGHT);
      assertThat(registry.location().toString()).doesNotContain(RIGHT);
    }
  }

  @Test
  void aWrongPasswordIsReportedAsAnAuthenticationFailureNamingTheUserNotTheSecret(PostgresCluster pg)
      throws Throwable {
    String log = logOf(() -> assertThatThrownBy(() -> JdbcModelRegistry.builder(pg.jdbcUrl())
        .user(PostgresCluster.PASSWORD_ROLE).password(WRONG).schema(PostgresCluster.newSchema("pw")).open())
        .isInstanceOf(RegistryAuthenticationException.class)
        .isNotInstanceOf(RegistryUnavailableException.class)
        .hasMessageContaining(PostgresCluster.PASSWORD_ROLE).hasMessageContaining("127.0.0.1")
        .hasMessageContaining("authentication failed").hasMessageNotContaining("unreachable")
        .hasMessageNotContaining("timed out")
        .satisfies(e -> assertThat(everything(e)).doesNotContain(WRONG)));
    assertThat(log).doesNotContain(WRONG);
  }

  @Test
  void aPasswordChangedWhileTheRegistryIsOpenIsReportedAsRefusedNotAsAnOutage(PostgresCluster pg)
      throws Exception {
    try (JdbcModelRegistry registry = JdbcModelRegistry.builder(pg.jdbcUrl()).user(PostgresCluster.PASSWORD_ROLE)
        .password(RIGHT).schema(PostgresCluster.newSchema("pw")).poolSize(1).open()) {
      registry.register(Artifacts.request("m", Artifacts.file(tmp, "w")));
      try {
        pg.execute("ALTER ROLE " + PostgresCluster.PASSWORD_ROLE + " PASSWORD '" + WRONG + "'",
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = '"
                + PostgresCluster.PASSWORD_ROLE + "'");
        assertThatThrownBy(() -> registry.getModel("m")).isInstanceOf(RegistryAuthenticationException.class)
            .hasMessageContaining("password authentication failed");
      } finally {
        pg.execute("ALTER ROLE " + PostgresCluster.PASSWORD_ROLE + " PASSWORD '" + RIGHT + "'");
      }
      Awaiting.until(() -> {
        try {
          return registry.getModel("m").latestVersion() == 1;
        } catch (RegistryAuthenticationException e) {
          return false;
        }
      }, 30_000);
    }
  }

  @Test
  void aConnectionTheServerRejectsForThisUserIsAnAuthenticationFailureToo(PostgresCluster pg) {
    assertThatThrownBy(() -> JdbcModelRegistry.builder(pg.jdbcUrl()).user(PostgresCluster.REJECTED_ROLE)
        .schema(PostgresCluster.newSchema("pw")).open())
        .isInstanceOf(RegistryAuthenticationException.class)
        .hasMessageContaining(PostgresCluster.REJECTED_ROLE).hasMessageContaining("pg_hba.conf");
  }

  @Test
  void aPasswordInTheUserInfoOfTheUriIsUsedAndNeverShown(PostgresCluster pg) throws Throwable {
    String schema = PostgresCluster.newSchema("pw");
    URI right = URI.create("jdbc:postgresql://" + PostgresCluster.PASSWORD_ROLE + ":" + RIGHT + "@" + hostPortDb(pg));
    String log = logOf(() -> {
      try (ModelRegistry registry = ModelRegistries.open(right, Map.of("schema", schema))) {
        registry.register(Artifacts.request("m", Artifacts.file(tmp, "w")));
        assertThat(registry.location().toString()).doesNotContain(RIGHT)
            .startsWith("jdbc:postgresql://").contains(PostgresCluster.PASSWORD_ROLE);
        assertThat(registry.toString()).doesNotContain(RIGHT);
      }
    });
    URI wrong = URI.create("jdbc:postgresql://" + PostgresCluster.PASSWORD_ROLE + ":" + WRONG + "@" + hostPortDb(pg));
    log += logOf(() -> assertThatThrownBy(() -> ModelRegistries.open(wrong, Map.of("schema", schema)))
        .isInstanceOf(RegistryAuthenticationException.class)
        .satisfies(e -> assertThat(everything(e)).doesNotContain(WRONG)));
    assertThat(log).doesNotContain(RIGHT).doesNotContain(WRONG);
  }

  @Test
  void aPasswordParameterInTheUriIsUsedAndNeverShown(PostgresCluster pg) throws Throwable {
    String schema = PostgresCluster.newSchema("pw");
    String log = logOf(() -> {
      try (ModelRegistry registry = ModelRegistries.open(URI.create(pg.jdbcUrl() + "?user="
          + PostgresCluster.PASSWORD_ROLE + "&password=" + RIGHT + "&ApplicationName=test"), Map.of("schema", schema))) {
        registry.register(Artifacts.request("m", Artifacts.file(tmp, "w")));
        assertThat(registry.location().toString()).doesNotContain(RIGHT);
        assertThat(registry.toString()).doesNotContain(RIGHT);
      }
      assertThatThrownBy(() -> ModelRegistries.open(URI.create(pg.jdbcUrl() + "?password=" + WRONG + "&user="
          + PostgresCluster.PASSWORD_ROLE), Map.of("schema", schema)))
          .isInstanceOf(RegistryAuthenticationException.class)
          .satisfies(e -> assertThat(everything(e)).doesNotContain(WRONG));
    });
    assertThat(log).doesNotContain(RIGHT).doesNotContain(WRONG);
  }

  @Test
  void anUnreachableDatabaseIsStillAnOutageAndItsMessageHidesThePassword() throws Throwable {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    URI location = URI.create("jdbc:postgresql://someone:" + WRONG + "@127.0.0.1:" + closedPort + "/db?password=" + WRONG);
    String log = logOf(() -> assertThatThrownBy(() -> ModelRegistries.open(location, Map.of()))
        .isInstanceOf(RegistryUnavailableException.class)
        .satisfies(e -> assertThat(everything(e)).doesNotContain(WRONG)));
    assertThat(log).doesNotContain(WRONG);
  }

  @Test
  void aLocationThatIsNotAUriOrNotPostgresIsRefusedWithoutEchoingThePassword() {
    for (Executable open : new Executable[] {
        () -> ModelRegistries.open("jdbc:postgresql://someone:" + WRONG + " x@127.0.0.1/db"),
        () -> JdbcModelRegistry.builder("jdbc:postgresql://someone:" + WRONG + " x@127.0.0.1/db"),
        () -> ModelRegistries.open("jdbc:mysql://someone:" + WRONG + "@127.0.0.1/db"),
        () -> ModelRegistries.open("jdbc:mysql://127.0.0.1/db?user=someone&password=" + WRONG),
        () -> ModelRegistries.open(URI.create("jdbc:postgresql://someone:" + WRONG + "@127.0.0.1/db"),
            Map.of("colour", "red")),
        () -> ModelRegistries.open(URI.create("jdbc:postgresql://someone:" + WRONG + "@127.0.0.1/db"),
            Map.of("password", "another"))}) {
      assertThatThrownBy(open::execute).isInstanceOf(IllegalArgumentException.class)
          .satisfies(e -> assertThat(everything(e)).doesNotContain(WRONG));
    }
  }
}

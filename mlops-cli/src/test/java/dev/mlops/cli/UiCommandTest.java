package dev.mlops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mlops ui}'s refusals, before it opens anything. */
class UiCommandTest {

  @TempDir Path dir;

  @Test
  void allowingChangesWithoutCredentialsIsAUsageError() {
    InProcess.Result r = InProcess.run("--registry", dir.toString(), "ui", "--allow-changes");
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
    assertThat(r.err()).contains("--allow-changes needs --token-file or --users-file");
  }

  @Test
  void aUsersFileMustNameUsersAsUserColonPassword() throws Exception {
    Path users = Files.writeString(dir.resolve("users"), "# console users\nalice\n");
    InProcess.Result r = InProcess.run("--registry", dir.toString(), "ui", "--users-file", users.toString());
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
    assertThat(r.err()).contains("--users-file " + users + ", line 2: expected USER:PASSWORD");
  }

  @Test
  void aShortTokenIsRefusedNamingTheRule() throws Exception {
    Path token = Files.writeString(dir.resolve("token"), "short\n");
    InProcess.Result r = InProcess.run("--registry", dir.toString(), "ui", "--token-file", token.toString());
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
    assertThat(r.err()).contains("bearerToken must have at least 16 characters");
  }

  @Test
  void theFleetsMonitoringNeedsTheSharedStoreOfAJdbcRegistry() {
    InProcess.Result r = InProcess.run("--registry", dir.toString(), "ui", "--port", "0", "--monitor");
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
    assertThat(r.err()).contains("Fleet monitoring needs a shared store").contains("jdbc:");
  }

  @Test
  void theRegistryMayAlsoFollowTheCommand() {
    InProcess.Result r = InProcess.run("ui", "--registry", dir.toString(), "--port", "0", "--monitor");
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
    assertThat(r.err()).contains("Fleet monitoring needs a shared store, and the registry file:")
        .contains(dir.toString()); // not the default ./mlops-registry
  }

  @Test
  void theFleetsMonitoringAndAWindowsFileAreOneSourceTooMany() {
    InProcess.Result r = InProcess.run("--registry", dir.toString(), "ui", "--monitor",
        "--monitor-windows", "windows.jsonl");
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
    assertThat(r.err()).contains("--monitor and --monitor-windows are two sources");
    InProcess.Result zero = InProcess.run("--registry", dir.toString(), "ui", "--monitor",
        "--monitor-span", "PT0S");
    assertThat(zero.exitCode()).as(zero.toString()).isEqualTo(2);
    assertThat(zero.err()).contains("--monitor-span must be positive but was PT0S");
  }
}

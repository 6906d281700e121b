package dev.mlops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mlops serve}'s refusals, before it opens anything. */
class ServeCommandTest {

  @TempDir Path dir;

  @Test
  void aDecisionThresholdWithoutMonitoringIsRefused() {
    InProcess.Result r = InProcess.run("--registry", dir.toString(), "serve",
        "models:/churn@production", "--port", "0", "--decision-threshold", "0.3");

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(Main.EXIT_USER_ERROR);
    assertThat(r.err()).contains("--decision-threshold applies with --monitor");
    assertThat(r.out()).doesNotContain("Listening");
  }
}

package dev.mlops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.core.drift.DriftMethod;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** {@code mlops drift}'s help says the analyzer's own defaults, which {@link DriftMethod} holds. */
class DriftCommandTest {

  @Test
  void theThresholdHelpGivesEachTestsDefaultFromDriftMethod() {
    InProcess.Result r = InProcess.run("drift", "--help");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out().replaceAll("\\s+", " "))
        .contains("the distance threshold otherwise (default: ks, chisquare, z "
            + DriftMethod.KS.defaultThreshold() + "; psi, jensenshannon, wasserstein "
            + DriftMethod.PSI.defaultThreshold() + ").");
  }

  @Test
  void theRedescribedThresholdOptionStillSetsTheCommandsThreshold() {
    CommandLine cli = Main.commandLine();

    cli.parseArgs("drift", "--reference", "ref.csv", "--current", "cur.csv", "--threshold", "0.2");

    OptionSpec threshold = cli.getSubcommands().get("drift").getCommandSpec()
        .findOption("--threshold");
    assertThat(threshold.<Double>getValue()).isEqualTo(0.2);
    assertThat(cli.getSubcommands().get("drift").getCommandSpec().options())
        .filteredOn(o -> o.longestName().equals("--threshold")).hasSize(1);
  }
}

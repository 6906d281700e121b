package dev.mlops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Every command of the tree answers {@code --help} and {@code mlops help ...} with its usage. */
class CommandTreeTest {

  @Test
  void everyCommandAndSubcommandPrintsItsUsageWithHelpAndExitsZero() {
    List<List<String>> paths = commandPaths(Main.commandLine(), new ArrayList<>());
    assertThat(paths).as("the walk reaches the subcommands of models")
        .contains(List.of("models", "register"), List.of("models", "list"), List.of("drift"));

    for (List<String> path : paths) {
      for (String flag : new String[] {"--help", "-h"}) {
        List<String> args = new ArrayList<>(path);
        args.add(flag);
        InProcess.Result r = InProcess.run(args.toArray(String[]::new));
        assertThat(r.exitCode()).as("mlops %s\n%s", String.join(" ", args), r).isZero();
        assertThat(r.out()).as("mlops %s", String.join(" ", args))
            .startsWith("Usage: " + String.join(" ", qualified(path)));
        assertThat(r.err()).isEmpty();
      }
    }
  }

  @Test
  void theHelpCommandPrintsTheUsageOfACommandOrSubcommand() {
    for (List<String> path : commandPaths(Main.commandLine(), new ArrayList<>())) {
      List<String> args = new ArrayList<>(List.of("help"));
      args.addAll(path);
      InProcess.Result r = InProcess.run(args.toArray(String[]::new));
      assertThat(r.exitCode()).as("mlops %s\n%s", String.join(" ", args), r).isZero();
      assertThat(r.out()).startsWith("Usage: " + String.join(" ", qualified(path)));
    }
  }

  @Test
  void helpForAnUnknownCommandIsAUsageErrorNamingTheKnownOnes() {
    InProcess.Result r = InProcess.run("help", "models", "frobnicate");

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(Main.EXIT_USAGE);
    assertThat(r.err()).contains("'mlops models' has no command 'frobnicate'").contains("register");
  }

  /** Every path from the root to a command, such as [] for mlops and [models, register]. */
  private static List<List<String>> commandPaths(CommandLine command, List<String> path) {
    List<List<String>> paths = new ArrayList<>();
    paths.add(List.copyOf(path));
    command.getSubcommands().forEach((name, sub) -> {
      List<String> deeper = new ArrayList<>(path);
      deeper.add(name);
      paths.addAll(commandPaths(sub, deeper));
    });
    return paths;
  }

  private static List<String> qualified(List<String> path) {
    List<String> names = new ArrayList<>(List.of("mlops"));
    names.addAll(path);
    return names;
  }
}

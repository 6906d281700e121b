package dev.mlops.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code mlops help [COMMAND [SUBCOMMAND]]}: prints the usage of {@code mlops}, of a command or of a
 * subcommand, as {@code --help} does. (Picocli's own help command takes one command name only.)
 *
 * @since 0.1
 */
@Command(name = "help", helpCommand = true, mixinStandardHelpOptions = true,
    description = "Print the usage of mlops, of a command, or of a subcommand (mlops help models register).")
public final class HelpCommand implements Callable<Integer> {
  @Spec
  private @Nullable CommandSpec spec;

  @Parameters(paramLabel = "COMMAND", arity = "0..*",
      description = "The command, and the subcommand, to describe.")
  private List<String> path = new ArrayList<>();

  /** Creates the command; picocli sets its arguments. */
  public HelpCommand() {}

  /**
   * Prints the usage.
   *
   * @return the exit code
   * @throws ParameterException if a name is not a command there (a usage error)
   */
  @Override
  public Integer call() {
    CommandLine self = Objects.requireNonNull(spec, "spec").commandLine();
    CommandLine command = Objects.requireNonNull(self.getParent(), "the help command has a parent");
    for (String name : path) {
      CommandLine sub = command.getSubcommands().get(name);
      if (sub == null) {
        throw new ParameterException(self, "'" + command.getCommandSpec().qualifiedName() + "' has no command '"
            + name + "'; it has " + String.join(", ", command.getSubcommands().keySet()));
      }
      command = sub;
    }
    command.usage(self.getOut());
    return Main.EXIT_OK;
  }
}

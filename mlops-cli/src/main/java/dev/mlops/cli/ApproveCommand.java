package dev.mlops.cli;

import dev.mlops.core.lifecycle.PromotionResult;
import dev.mlops.core.lifecycle.Promotions;
import dev.mlops.registry.ModelRegistry;
import java.util.Objects;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code mlops approve MODEL VERSION}: approves the challenger that the lifecycle staged for a
 * person's approval, through {@link Promotions#approve}: the production alias moves to it
 * (compare-and-set), it is tagged {@code approval=approved} with the actor and reason, and the
 * staging alias is removed. A version that is not staged is refused; {@code mlops models approve}
 * moves the alias to any version.
 *
 * @since 0.1
 */
@Command(name = "approve", mixinStandardHelpOptions = true,
    description = "Approve the staged challenger: promote it to production and remove the staging alias.")
public final class ApproveCommand implements Callable<Integer> {
  @ParentCommand
  private @Nullable MlopsCommand root;

  @Spec
  private @Nullable CommandSpec spec;

  @Parameters(index = "0", paramLabel = "MODEL", description = "The model name.")
  private String model = "";

  @Parameters(index = "1", paramLabel = "VERSION", description = "The staged version.")
  private int version;

  @Option(names = "--reason", paramLabel = "TEXT", description = "Why, for the audit log.")
  private @Nullable String reason;

  @Option(names = "--actor", paramLabel = "NAME",
      description = "Who approves (default: the operating-system user).")
  private @Nullable String actor;

  @Option(names = "--alias", paramLabel = "ALIAS", defaultValue = Promotions.PRODUCTION,
      description = "The production alias (default: ${DEFAULT-VALUE}).")
  private String alias = Promotions.PRODUCTION;

  @Option(names = "--staging-alias", paramLabel = "ALIAS", defaultValue = Promotions.STAGING,
      description = "The alias of the staged challenger (default: ${DEFAULT-VALUE}).")
  private String stagingAlias = Promotions.STAGING;

  /** Creates the command; picocli sets its options. */
  public ApproveCommand() {}

  /**
   * Approves the version.
   *
   * @return the exit code
   */
  @Override
  public Integer call() {
    try (ModelRegistry registry = Objects.requireNonNull(root, "root").openRegistry()) {
      PromotionResult result = Promotions.of(registry, alias, stagingAlias)
          .approve(model, version, actor == null ? Actors.current() : actor, reason);
      if (!result.promoted()) {
        throw new CliException("Version " + version + " of model '" + model + "' was " + result.reason()
            + "; check the alias with 'mlops models show models:/" + model + "@" + alias + "' and decide again");
      }
      Objects.requireNonNull(spec, "spec").commandLine().getOut().println("Approved models:/" + model + "/"
          + version + ": models:/" + model + "@" + alias + " -> " + version + " (was "
          + (result.actualChampion() == null ? "unset" : result.actualChampion()) + ")");
    }
    return Main.EXIT_OK;
  }
}

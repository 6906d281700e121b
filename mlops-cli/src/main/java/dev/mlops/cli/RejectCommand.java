package dev.mlops.cli;

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
 * {@code mlops reject MODEL VERSION --reason TEXT}: rejects the challenger that the lifecycle
 * staged for a person's approval, through {@link Promotions#reject}: it is tagged
 * {@code approval=rejected} with the actor and reason, and the staging alias is removed. The
 * production alias does not move.
 *
 * @since 0.1
 */
@Command(name = "reject", mixinStandardHelpOptions = true,
    description = "Reject the staged challenger: record why and remove the staging alias.")
public final class RejectCommand implements Callable<Integer> {
  @ParentCommand
  private @Nullable MlopsCommand root;

  @Spec
  private @Nullable CommandSpec spec;

  @Parameters(index = "0", paramLabel = "MODEL", description = "The model name.")
  private String model = "";

  @Parameters(index = "1", paramLabel = "VERSION", description = "The staged version.")
  private int version;

  @Option(names = "--reason", paramLabel = "TEXT", required = true, description = "Why, for the audit log.")
  private String reason = "";

  @Option(names = "--actor", paramLabel = "NAME",
      description = "Who rejects (default: the operating-system user).")
  private @Nullable String actor;

  @Option(names = "--alias", paramLabel = "ALIAS", defaultValue = Promotions.PRODUCTION,
      description = "The production alias, which does not move (default: ${DEFAULT-VALUE}).")
  private String alias = Promotions.PRODUCTION;

  @Option(names = "--staging-alias", paramLabel = "ALIAS", defaultValue = Promotions.STAGING,
      description = "The alias of the staged challenger (default: ${DEFAULT-VALUE}).")
  private String stagingAlias = Promotions.STAGING;

  /** Creates the command; picocli sets its options. */
  public RejectCommand() {}

  /**
   * Rejects the version.
   *
   * @return the exit code
   */
  @Override
  public Integer call() {
    try (ModelRegistry registry = Objects.requireNonNull(root, "root").openRegistry()) {
      Promotions.of(registry, alias, stagingAlias)
          .reject(model, version, actor == null ? Actors.current() : actor, reason);
      Objects.requireNonNull(spec, "spec").commandLine().getOut()
          .println("Rejected models:/" + model + "/" + version + ": " + reason);
    }
    return Main.EXIT_OK;
  }
}

package dev.mlops.cli;

import dev.mlops.registry.AliasPrecondition;
import dev.mlops.registry.ModelNotFoundException;
import dev.mlops.registry.ModelRegistries;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelUri;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.NameRules;
import dev.mlops.registry.VersionConflictException;
import java.util.Objects;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code mlops models copy MODEL_URI --to REGISTRY_URI [--alias ALIAS]}: copies a version from the
 * {@code --registry} into another registry (such as from staging to production) with
 * {@link ModelRegistries#copy}: artifacts verified on arrival, metadata, lineage and the copy
 * recorded in both audit logs; then, with {@code --alias}, points the alias at the copy,
 * compare-and-set.
 *
 * @since 0.1
 */
@Command(name = "copy",
    description = "Copy a version, with its artifacts and metadata, into another registry.")
public final class CopyCommand implements Callable<Integer> {
  @Spec
  private @Nullable CommandSpec spec;

  @Parameters(index = "0", paramLabel = "MODEL_URI",
      description = "models:/NAME/VERSION, models:/NAME@ALIAS or models:/NAME/latest in --registry.")
  private String uri = "";

  @Option(names = "--to", required = true, paramLabel = "REGISTRY_URI",
      description = "The registry to copy into: file:PATH, jdbc:postgresql://... or a directory"
          + " (a new file registry is created there if there is none).")
  private String to = "";

  @Option(names = "--alias", paramLabel = "ALIAS", description = "Point this alias of the copied model at the copy.")
  private @Nullable String alias;

  @Option(names = "--expect", paramLabel = "VERSION|none",
      description = "With --alias: only if the alias points to this version of the target now ('none': is"
          + " unset). Default: where it pointed before the copy started.")
  private @Nullable String expect;

  /** Creates the command; picocli sets its arguments. */
  public CopyCommand() {}

  /**
   * Copies the version.
   *
   * @return the exit code
   */
  @Override
  public Integer call() {
    CommandSpec command = Objects.requireNonNull(spec, "spec");
    if (expect != null && alias == null) {
      throw new ParameterException(command.commandLine(), "--expect applies to --alias; give both or neither");
    }
    MlopsCommand root = MlopsCommand.of(command);
    ModelUri source = ModelUri.parse(uri);
    if (alias != null) {
      NameRules.checkAlias(alias);
    }
    try (ModelRegistry from = root.openRegistry(); ModelRegistry into = root.openOrCreateRegistry(to)) {
      String targetName = ModelRegistries.redact(into.location());
      if (from.location().equals(into.location())) {
        throw new CliException("--to names the --registry itself (" + targetName + "); copy into another registry");
      }
      ModelVersion copy = alias == null ? ModelRegistries.copy(from, source, into) : copyAndAlias(from, source, into, alias);
      command.commandLine().getOut().println("Copied "
          + copy.lineage().properties().get(ModelRegistries.LINEAGE_COPIED_FROM_VERSION) + " to " + targetName
          + " as " + copy.uri() + (alias == null ? "" : ": models:/" + copy.name() + "@" + alias + " -> "
          + copy.version()));
    }
    return Main.EXIT_OK;
  }

  private ModelVersion copyAndAlias(ModelRegistry from, ModelUri source, ModelRegistry into, String aliasName) {
    AliasPrecondition expected = expect != null ? ModelsCommand.precondition(expect) : current(into, source.name(), aliasName);
    try {
      return ModelRegistries.copy(from, source, into, aliasName, expected);
    } catch (VersionConflictException e) {
      throw new CliException(e.getMessage() + " The version was copied to " + ModelRegistries.redact(into.location())
          + "; only the alias did not move.", e);
    }
  }

  /** Where the alias points in the target now: the copy moves it only if nobody moves it meanwhile. */
  private static AliasPrecondition current(ModelRegistry registry, String model, String aliasName) {
    try {
      return AliasPrecondition.of(registry.getModel(model).aliases().get(aliasName));
    } catch (ModelNotFoundException e) {
      return AliasPrecondition.absent();
    }
  }
}

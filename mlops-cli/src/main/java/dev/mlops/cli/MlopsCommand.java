package dev.mlops.cli;

import dev.mlops.registry.ModelRegistries;
import dev.mlops.registry.ModelRegistry;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The root {@code mlops} command: the global options, and the subcommands.
 *
 * @since 0.1
 */
@Command(
    name = "mlops",
    mixinStandardHelpOptions = true,
    version = "mlops 0.1.0",
    description = "Model registry operations, drift reports and streaming drift detection.",
    subcommands = {
        ModelsCommand.class,
        AuditCommand.class,
        DriftCommand.class,
        DriftStreamCommand.class,
        PredictCommand.class,
        ServeCommand.class,
        ApproveCommand.class,
        RejectCommand.class
    })
public final class MlopsCommand {

  @Option(
      names = "--registry",
      paramLabel = "URI",
      defaultValue = "${env:MLOPS_REGISTRY:-file:./mlops-registry}",
      description = "The registry: file:PATH, jdbc:postgresql://... or a bare directory path"
          + " (default: $MLOPS_REGISTRY, else ${DEFAULT-VALUE}).")
  private String registry = "file:./mlops-registry";

  @Option(names = "--verbose", description = "Log debug messages and print stack traces of errors.")
  private boolean verbose;

  /** Creates the command; picocli sets its options. */
  public MlopsCommand() {}

  /**
   * Whether {@code --verbose} was given.
   *
   * @return true for verbose output
   */
  boolean verbose() {
    return verbose;
  }

  /**
   * Opens the registry {@code --registry} names; a value without a scheme is a directory of a file
   * registry.
   *
   * @return the open registry; the caller closes it
   */
  ModelRegistry openRegistry() {
    return ModelRegistries.open(toUri(registry), Map.of(ModelRegistries.OPTION_ACTOR, actor()));
  }

  private static URI toUri(String location) {
    // A scheme has at least two characters, so a Windows drive letter is a path too.
    if (location.matches("[A-Za-z][A-Za-z0-9+.-]+:.*")) {
      try {
        return new URI(location);
      } catch (URISyntaxException e) {
        // Neither e's message nor e itself: both quote the location, password and all.
        throw new IllegalArgumentException("--registry '" + ModelRegistries.redact(location)
            + "' is not a URI: " + e.getReason() + " at index " + e.getIndex());
      }
    }
    return Path.of(location).toAbsolutePath().toUri();
  }

  private static String actor() {
    String user = System.getProperty("user.name", "unknown");
    return "cli:" + (user.isBlank() ? "unknown" : user);
  }
}

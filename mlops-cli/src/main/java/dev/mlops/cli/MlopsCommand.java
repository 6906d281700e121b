package dev.mlops.cli;

import dev.mlops.core.registry.FileModelRegistryProvider;
import dev.mlops.jdbc.JdbcMonitorStore;
import dev.mlops.monitor.spi.MonitorStore;
import dev.mlops.registry.ModelRegistries;
import dev.mlops.registry.ModelRegistry;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;

/**
 * The root {@code mlops} command: the global options, and the subcommands. Every command and
 * subcommand inherits {@code --help} (and {@code --version}); {@code mlops help [COMMAND [SUB]]}
 * prints the usage too.
 *
 * @since 0.1
 */
@Command(
    name = "mlops",
    scope = ScopeType.INHERIT,
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
        UiCommand.class,
        ApproveCommand.class,
        RejectCommand.class,
        EstimateCommand.class,
        HelpCommand.class,
        MonitorCommand.class
    })
public final class MlopsCommand {

  // Inherited: each command also takes them after its name (mlops ui --registry URI); picocli
  // sets the value here, on the root, wherever it was given.
  @Option(
      names = "--registry",
      paramLabel = "URI",
      scope = ScopeType.INHERIT,
      defaultValue = "${env:MLOPS_REGISTRY:-file:./mlops-registry}",
      description = "The registry: file:PATH, jdbc:postgresql://... or a bare directory path"
          + " (default: $MLOPS_REGISTRY, else ${DEFAULT-VALUE}).")
  private String registry = "file:./mlops-registry";

  @Option(
      names = "--verbose",
      scope = ScopeType.INHERIT,
      description = "Log debug messages and print stack traces of errors.")
  private boolean verbose;

  /** Where the opened {@code --registry} really is (a file registry's absolute path), once opened. */
  private @Nullable URI opened;

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
   * Refuses a {@code --registry} given both before a command and after it (or after a command
   * and after its subcommand): picocli refuses it given twice in one place only, and one of two
   * registries would otherwise be used silently.
   *
   * @param parsed the parsed command line
   * @throws ParameterException naming the commands it was given to
   */
  static void requireRegistryOnce(ParseResult parsed) {
    List<String> givenTo = new ArrayList<>();
    CommandLine last = parsed.commandSpec().commandLine();
    for (ParseResult p = parsed; p != null; p = p.subcommand()) {
      last = p.commandSpec().commandLine();
      if (p.hasMatchedOption("--registry")) {
        givenTo.add("'" + p.commandSpec().qualifiedName() + "'");
      }
    }
    if (givenTo.size() > 1) {
      throw new ParameterException(last, "--registry was given " + givenTo.size() + " times, to "
          + String.join(" and to ", givenTo) + ": give it once, before or after the command");
    }
  }

  /**
   * The root command of the command line a subcommand belongs to.
   *
   * @param spec the subcommand's spec
   * @return the root command with the global options
   */
  static MlopsCommand of(CommandSpec spec) {
    return (MlopsCommand) spec.root().userObject();
  }

  /**
   * The registry {@code --registry} names, fit for messages.
   *
   * @return its location (as the registry reports it, once opened) with any password masked
   */
  String registryForDisplay() {
    return ModelRegistries.redact(opened != null ? opened : toUri(registry));
  }

  /**
   * Opens the existing registry {@code --registry} names; a value without a scheme is a directory
   * of a file registry. Only {@code register} creates a registry: every other command reports a
   * mistyped location instead of creating an empty registry there.
   *
   * @return the open registry; the caller closes it
   * @throws dev.mlops.registry.RegistryNotFoundException if no file registry exists there
   */
  ModelRegistry openRegistry() {
    ModelRegistry r = open(toUri(registry), false);
    opened = r.location();
    return r;
  }

  /**
   * Opens the registry {@code --registry} names, creating a file registry if there is none.
   *
   * @return the open registry; the caller closes it
   */
  ModelRegistry openOrCreateRegistry() {
    ModelRegistry r = open(toUri(registry), true);
    opened = r.location();
    return r;
  }

  /**
   * Opens the monitoring store the fleet shares with the registry: the registry's PostgreSQL
   * database (same URL, schema {@code mlops}).
   *
   * @return the open store; the caller closes it
   * @throws CliException if the registry is not a shared database (file: or memory:)
   */
  MonitorStore openMonitorStore() {
    URI location = toUri(registry);
    if (!"jdbc".equals(location.getScheme())) {
      throw new CliException("Fleet monitoring needs a shared store, and the registry "
          + location + " has none: with a file: or memory: registry each server monitors in its"
          + " own memory. Use a PostgreSQL registry (--registry jdbc:postgresql://HOST/DB), whose"
          + " database the servers' monitors share (docs/monitoring.md).");
    }
    return JdbcMonitorStore.builder(location).open();
  }

  /**
   * Opens another registry, such as the target of a copy, creating a file registry if there is
   * none.
   *
   * @param location a URI or a bare directory path, as {@code --registry} takes
   * @return the open registry; the caller closes it
   */
  ModelRegistry openOrCreateRegistry(String location) {
    return open(toUri(location), true);
  }

  /**
   * Reads a registry location as {@code --registry} does.
   *
   * @param location a URI, or a bare directory path for a file registry
   * @return the URI
   */
  static URI toUri(String location) {
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

  private static ModelRegistry open(URI location, boolean create) {
    Map<String, String> options = new HashMap<>(Map.of(ModelRegistries.OPTION_ACTOR, actor()));
    if (FileModelRegistryProvider.SCHEME.equals(location.getScheme().toLowerCase(Locale.ROOT))) {
      options.put(FileModelRegistryProvider.OPTION_CREATE, Boolean.toString(create));
    }
    return ModelRegistries.open(location, options);
  }

  private static String actor() {
    String user = System.getProperty("user.name", "unknown");
    return "cli:" + (user.isBlank() ? "unknown" : user);
  }
}

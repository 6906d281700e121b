package dev.mlops.cli;

import dev.mlops.console.ModelConsole;
import dev.mlops.console.MonitorHistory;
import dev.mlops.core.training.TrainingRunLog;
import dev.mlops.registry.ModelRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code mlops ui}: the web console ({@link ModelConsole}) over the registry, until the process
 * is stopped. Read-only unless {@code --allow-changes} with a token or users. See docs/console.md.
 *
 * @since 0.1
 */
@Command(name = "ui", mixinStandardHelpOptions = true,
    description = "Open the web console on the registry: models, versions, runs, monitoring, drift reports.")
public final class UiCommand implements Callable<Integer> {
  @ParentCommand
  private @Nullable MlopsCommand root;

  @Spec
  private @Nullable CommandSpec spec;

  @Option(names = "--port", paramLabel = "N", defaultValue = "8090",
      description = "The port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
  private int port = ModelConsole.DEFAULT_PORT;

  @Option(names = "--host", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
      description = "The address to bind; 0.0.0.0 for every interface (default: ${DEFAULT-VALUE}).")
  private String host = ModelConsole.DEFAULT_HOST;

  @Option(names = "--allow-changes",
      description = "Allow moving aliases and approving or rejecting versions; needs --token-file or --users-file.")
  private boolean allowChanges;

  @Option(names = "--token-file", paramLabel = "FILE",
      description = "Require this token (one line, 16 characters or more): browsers sign in with it, scripts send 'Authorization: Bearer TOKEN'.")
  private @Nullable Path tokenFile;

  @Option(names = "--users-file", paramLabel = "FILE",
      description = "Require basic authentication by these users: one USER:PASSWORD a line.")
  private @Nullable Path usersFile;

  @Option(names = "--runs", paramLabel = "FILE",
      description = "The training run log (JSON Lines, as TrainingRunLog.jsonLines writes it).")
  private @Nullable Path runs;

  @Option(names = "--drift-reports", paramLabel = "DIR",
      description = "Stored drift reports: DIR/MODEL/NAME.json (mlops.drift-report documents).")
  private @Nullable Path driftReports;

  @Option(names = "--monitor-windows", paramLabel = "FILE",
      description = "Monitor windows: JSON Lines of mlops.monitor-snapshot documents.")
  private @Nullable Path monitorWindows;

  /** Creates the command; picocli sets its options. */
  public UiCommand() {}

  /**
   * Serves the console until the process is stopped.
   *
   * @return the exit code, when the console was closed without a signal
   * @throws IOException if the token or users file cannot be read
   * @throws InterruptedException if interrupted while serving
   */
  @Override
  public Integer call() throws IOException, InterruptedException {
    CommandSpec command = Objects.requireNonNull(spec, "spec");
    if (allowChanges && tokenFile == null && usersFile == null) {
      throw new ParameterException(command.commandLine(), "--allow-changes needs --token-file or"
          + " --users-file: changes are recorded with who made them, and an open console must not"
          + " change the registry");
    }
    ModelConsole.Builder builder = ModelConsole.builder().host(host).port(port);
    if (tokenFile != null) {
      builder.bearerToken(TokenFiles.read(tokenFile, "--token-file"));
    }
    if (usersFile != null) {
      readUsers(usersFile, builder);
    }
    if (allowChanges) {
      builder.allowChanges();
    }
    if (runs != null) {
      builder.runLog(TrainingRunLog.jsonLines(runs));
    }
    if (driftReports != null) {
      builder.driftReports(driftReports);
    }
    if (monitorWindows != null) {
      builder.monitorHistory(MonitorHistory.jsonLines(monitorWindows));
    }
    ModelRegistry registry = Objects.requireNonNull(root, "root").openRegistry();
    ModelConsole console;
    try {
      console = builder.registry(registry).start();
    } catch (RuntimeException e) {
      registry.close();
      throw e;
    }
    PrintWriter out = command.commandLine().getOut();
    PrintWriter err = command.commandLine().getErr();
    // SIGTERM and Ctrl-C run this; the JVM then exits with 143 or 130.
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      console.close();
      registry.close();
      err.println("mlops: stopped");
      err.flush();
    }, "mlops-ui-shutdown"));
    out.println("Console at " + console.uri() + " (" + (allowChanges ? "changes allowed" : "read-only")
        + ") on " + root.registryForDisplay());
    out.flush();
    console.awaitClosed();
    return Main.EXIT_OK;
  }

  private static void readUsers(Path file, ModelConsole.Builder builder) throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    int users = 0;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int colon = line.indexOf(':');
      if (colon < 1 || colon == line.length() - 1) {
        throw new CliException("--users-file " + file + ", line " + (i + 1)
            + ": expected USER:PASSWORD");
      }
      builder.basicAuthUser(line.substring(0, colon), line.substring(colon + 1));
      users++;
    }
    if (users == 0) {
      throw new CliException("--users-file " + file + " names no user (one USER:PASSWORD a line)");
    }
  }
}

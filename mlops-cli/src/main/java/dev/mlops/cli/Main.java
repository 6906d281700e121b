package dev.mlops.cli;

import java.util.Objects;
import picocli.CommandLine;

/**
 * The entry point of the {@code mlops} command.
 *
 * <p>Exit codes: {@value #EXIT_OK} on success, {@value #EXIT_USER_ERROR} on a user error (a
 * message on stderr, a stack trace only with {@code --verbose}), {@value #EXIT_USAGE} on a usage
 * error (unknown command or flag, missing argument), {@value #EXIT_DRIFT} when {@code mlops drift
 * --fail-on-drift} found drift.
 *
 * @since 0.1
 */
public final class Main {
  /** The exit code of a successful command. */
  public static final int EXIT_OK = 0;

  /** The exit code of a user error: a missing file, an unknown model, malformed input. */
  public static final int EXIT_USER_ERROR = 1;

  /** The exit code of a usage error: an unknown command or flag, a missing argument. */
  public static final int EXIT_USAGE = 2;

  /** The exit code of {@code mlops drift --fail-on-drift} when a column drifted. */
  public static final int EXIT_DRIFT = 3;

  private Main() {}

  /**
   * Runs the command and exits the JVM with its exit code.
   *
   * @param args the command line
   */
  public static void main(String[] args) {
    // Memory that runs out on another thread (a scoring or engine thread) ends the command too:
    // after an OutOfMemoryError nothing can be trusted to finish, so say so and stop at once.
    Thread.setDefaultUncaughtExceptionHandler((thread, e) -> {
      if (e instanceof OutOfMemoryError oom) {
        System.err.println(ErrorReporter.outOfMemory(oom));
        System.err.flush();
        Runtime.getRuntime().halt(EXIT_USER_ERROR);
      }
      System.err.println("Exception in thread \"" + thread.getName() + "\" " + e);
      e.printStackTrace();
    });
    System.exit(run(args));
  }

  /**
   * Runs the command without exiting the JVM.
   *
   * @param args the command line
   * @return the exit code
   */
  public static int run(String... args) {
    if (java.util.Arrays.asList(args).contains("--verbose")) {
      // Before any logger exists: SLF4J simple reads its level once, when it starts.
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "debug");
    }
    CommandLine cli = commandLine();
    try {
      return cli.execute(args);
    } catch (OutOfMemoryError e) {
      // picocli hands only Exceptions to the ErrorReporter; an Error propagates to here.
      cli.getErr().println(ErrorReporter.outOfMemory(e));
      cli.getErr().flush();
      return EXIT_USER_ERROR;
    }
  }

  /**
   * Builds the configured command line, with the error handling that maps exceptions to exit
   * codes.
   *
   * @return the command line
   */
  static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new MlopsCommand());
    DriftCommand.describeDefaultThresholds(
        Objects.requireNonNull(cli.getSubcommands().get("drift"), "drift").getCommandSpec());
    cli.setExecutionExceptionHandler(new ErrorReporter());
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    cli.setExecutionStrategy(parsed -> {
      MlopsCommand.requireRegistryOnce(parsed);
      return new CommandLine.RunLast().execute(parsed);
    });
    return cli;
  }
}

package dev.mlops.cli;

import dev.mlops.registry.ModelNotFoundException;
import dev.mlops.registry.RegistryNotFoundException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns an exception thrown by a command into a one-line message on stderr and exit code
 * {@link Main#EXIT_USER_ERROR}; the stack trace follows only with {@code --verbose}, or for an
 * unexpected failure (a bug), which is labelled as such. A model, version or alias that does not
 * exist is reported with the registry it was looked up in (any password masked).
 */
final class ErrorReporter implements IExecutionExceptionHandler {

  @Override
  public int handleExecutionException(Exception e, CommandLine cli, ParseResult parsed) {
    PrintWriter err = cli.getErr();
    MlopsCommand root = MlopsCommand.of(cli.getCommandSpec());
    boolean expected = isUserError(e);
    err.println("mlops: " + (expected ? "" : "internal error: ") + describe(e) + where(e, root));
    if (root.verbose() || !expected) {
      e.printStackTrace(err);
    }
    err.flush();
    return Main.EXIT_USER_ERROR;
  }

  private static boolean isUserError(Throwable e) {
    return e instanceof dev.mlops.MlopsException
        || e instanceof IllegalArgumentException
        || e instanceof IllegalStateException
        || e instanceof IOException
        || e instanceof UncheckedIOException;
  }

  /**
   * The message for memory that ran out, whatever the command.
   *
   * @param e the error
   * @return a line for stderr
   */
  static String outOfMemory(OutOfMemoryError e) {
    return "mlops: out of memory (" + e.getMessage() + "); give the JVM more with"
        + " MLOPS_JAVA_OPTS, such as MLOPS_JAVA_OPTS=-Xmx4g";
  }

  private static String where(Throwable e, MlopsCommand root) {
    if (e instanceof ModelNotFoundException) {
      return " (registry " + root.registryForDisplay() + ")";
    }
    if (e instanceof RegistryNotFoundException) {
      return " Choose the registry with --registry URI or $MLOPS_REGISTRY.";
    }
    return "";
  }

  private static String describe(Throwable e) {
    Throwable unwrapped = e instanceof UncheckedIOException u ? u.getCause() : null;
    Throwable cause = unwrapped != null ? unwrapped : e;

    if (cause instanceof NoSuchFileException missing) {
      return "file not found: " + missing.getFile();
    }
    if (cause instanceof AccessDeniedException denied) {
      return "permission denied: " + denied.getFile();
    }
    if (cause instanceof FileSystemException fs) {
      return "cannot read or write " + fs.getFile()
          + (fs.getReason() == null ? "" : ": " + fs.getReason());
    }
    if (cause instanceof IOException io) {
      return "cannot read or write a file: " + (io.getMessage() == null ? io : io.getMessage());
    }
    String message = cause.getMessage();
    return message == null ? cause.toString() : message;
  }
}

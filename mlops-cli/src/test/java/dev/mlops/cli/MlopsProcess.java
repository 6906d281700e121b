package dev.mlops.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real command as users do, through the {@code bin/mlops} launcher over the runnable jar
 * ({@code mlops.jar}, built in {@code package}), as a separate process in a working directory, and
 * captures its exit code, stdout and stderr.
 */
final class MlopsProcess {
  private static final long TIMEOUT_SECONDS = 120;

  private final Path workDir;

  MlopsProcess(Path workDir) {
    this.workDir = workDir;
  }

  /** What one run printed and returned. */
  record Result(int exitCode, String out, String err) {
    @Override
    public String toString() {
      return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
  }

  Result run(String... args) throws IOException, InterruptedException {
    return run(Map.of(), args);
  }

  /** Runs the command with extra environment variables, such as {@code MLOPS_JAVA_OPTS}. */
  Result run(Map<String, String> environment, String... args)
      throws IOException, InterruptedException {
    return run(environment, List.of("bash"), args);
  }

  /**
   * Runs the command in a process that may write no file larger than {@code kib} KiB (the
   * shell's {@code ulimit -f}): a write past it fails with "File too large", as on a full disk.
   */
  Result runWithFileSizeLimit(long kib, Map<String, String> environment, String... args)
      throws IOException, InterruptedException {
    return run(environment,
        List.of("bash", "-c", "ulimit -f " + kib + " && exec bash \"$0\" \"$@\""), args);
  }

  private Result run(Map<String, String> environment, List<String> shell, String... args)
      throws IOException, InterruptedException {
    Path out = Files.createTempFile(workDir, "stdout", ".txt");
    Path err = Files.createTempFile(workDir, "stderr", ".txt");
    Process process = start(out, err, environment, shell, args);
    if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException("mlops " + String.join(" ", args) + " did not finish in "
          + TIMEOUT_SECONDS + " s");
    }
    Result result = new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
    Files.delete(out);
    Files.delete(err);
    return result;
  }

  /**
   * Starts the command without waiting for it, its stdout and stderr going to the given files;
   * for long-running commands such as {@code serve}.
   */
  Process start(Path out, Path err, String... args) throws IOException {
    return start(out, err, Map.of(), List.of("bash"), args);
  }

  /** Starts {@code shell launcher args...}, where the shell is bash, maybe with a script. */
  private Process start(Path out, Path err, Map<String, String> environment, List<String> shell,
      String... args) throws IOException {
    String jar = System.getProperty("mlops.cli.jar");
    String launcher = System.getProperty("mlops.launcher");
    if (jar == null || !Files.isRegularFile(Path.of(jar)) || launcher == null) {
      throw new IllegalStateException("System properties mlops.cli.jar and mlops.launcher must name the"
          + " built jar and bin/mlops, but are " + jar + " and " + launcher
          + "; run the tests with 'mvn verify' (failsafe sets them)");
    }
    List<String> command = new ArrayList<>(shell);
    command.add(launcher);
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
        .redirectOutput(out.toFile()).redirectError(err.toFile());
    builder.environment().remove("MLOPS_REGISTRY");
    builder.environment().put("MLOPS_JAVA_OPTS", "-XX:TieredStopAtLevel=1 -Xshare:auto");
    builder.environment().put("PATH", Path.of(System.getProperty("java.home"), "bin") + ":"
        + System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
    builder.environment().putAll(environment);
    return builder.start();
  }
}

package dev.mlops.jdbc;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A {@link FleetMember} (or another test main class) running in its own JVM, with its output lines queued for the test. */
final class ChildJvm implements AutoCloseable {

  private final Process process;
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
  private final List<String> all = new ArrayList<>();
  private final Thread reader;

  private ChildJvm(Process process) {
    this.process = process;
    reader = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(
          new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = r.readLine()) != null; ) {
          synchronized (all) {
            all.add(line);
          }
          lines.add(line);
        }
      } catch (IOException e) {
        lines.add("READ FAILED " + e);
      }
    }, "child-jvm-output");
    reader.setDaemon(true);
    reader.start();
  }

  static ChildJvm start(List<String> jvmOptions, String... args) throws IOException {
    return start(FleetMember.class, jvmOptions, args);
  }

  /** Runs {@code mainClass} from the test class path in a new JVM. */
  static ChildJvm start(Class<?> mainClass, List<String> jvmOptions, String... args)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
    command.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
    command.add(mainClass.getName());
    command.addAll(List.of(args));
    return new ChildJvm(new ProcessBuilder(command).redirectErrorStream(true).start());
  }

  /** The next line starting with {@code prefix}, waiting up to {@code seconds}; null on timeout. */
  String awaitLine(String prefix, long seconds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (true) {
      long left = deadline - System.nanoTime();
      String line = lines.poll(Math.max(0, left), TimeUnit.NANOSECONDS);
      if (line == null) {
        return null;
      }
      if (line.startsWith(prefix)) {
        return line;
      }
    }
  }

  /** Sends a line to the process's input. */
  void send(String line) throws IOException {
    process.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
    process.getOutputStream().flush();
  }

  /** Kills the process with SIGKILL, as a crash would end it, and waits for it to be gone. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  /** Closes the process's input, which tells a member that waits on it to finish. */
  void closeInput() throws IOException {
    process.getOutputStream().close();
  }

  /** Waits for the process to end and returns its exit code. */
  int await(long seconds) throws InterruptedException {
    if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      return -1;
    }
    reader.join(10_000);
    return process.exitValue();
  }

  List<String> output() {
    synchronized (all) {
      return List.copyOf(all);
    }
  }

  @Override
  public void close() throws IOException {
    if (!process.isAlive()) {
      return;
    }
    process.getOutputStream().close();
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}

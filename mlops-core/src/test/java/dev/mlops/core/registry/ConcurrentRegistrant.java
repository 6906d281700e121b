package dev.mlops.core.registry;

import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.RegistrationRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Child process of {@link MultiProcessRegistrationTest}: several threads register versions of one
 * model into a shared registry as fast as they can, printing {@code registered VERSION LABEL} for
 * each. Arguments: root, process label, threads, registrations per thread, go-file. It prints
 * {@code ready} and waits for the go-file, so that all processes start at once.
 */
public final class ConcurrentRegistrant {

  private ConcurrentRegistrant() {}

  /**
   * Runs the registrations.
   *
   * @param args root, label, threads, per thread, go-file
   * @throws Exception on any failure (the exit code is then non-zero)
   */
  public static void main(String[] args) throws Exception {
    Path root = Path.of(args[0]);
    String label = args[1];
    int threads = Integer.parseInt(args[2]);
    int perThread = Integer.parseInt(args[3]);
    Path go = Path.of(args[4]);
    Path sources = Files.createDirectories(root.getParent().resolve("sources-" + label));
    try (FileModelRegistry registry = FileModelRegistry.builder().root(root).actor(label)
        .pollInterval(Duration.ZERO).open()) {
      System.out.println("ready");
      System.out.flush();
      while (!Files.exists(go)) {
        Thread.sleep(2);
      }
      List<Thread> workers = new ArrayList<>();
      List<Throwable> failures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        String thread = label + "-t" + t;
        Thread w = new Thread(() -> {
          try {
            for (int i = 0; i < perThread; i++) {
              String content = thread + "-i" + i;
              Path file = Files.writeString(Files.createDirectories(sources.resolve(content)).resolve("model.onnx"), content);
              ModelVersion v = registry.register(RegistrationRequest.builder("shared").artifact(file)
                  .format(Artifacts.OPAQUE).tag("writer", content).build());
              synchronized (System.out) {
                System.out.println("registered " + v.version() + " " + content);
              }
            }
          } catch (Throwable e) {
            synchronized (failures) {
              failures.add(e);
            }
            e.printStackTrace();
          }
        }, thread);
        workers.add(w);
        w.start();
      }
      for (Thread w : workers) {
        w.join();
      }
      System.out.flush();
      if (!failures.isEmpty()) {
        System.exit(1);
      }
    }
  }
}

package dev.mlops.bench;

import dev.mlops.djl.DjlPredictors;
import dev.mlops.predict.Deployment;
import dev.mlops.predict.DeploymentListener;
import dev.mlops.predict.Prediction;
import dev.mlops.predict.Predictor;
import dev.mlops.registry.AliasPrecondition;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelUri;
import dev.mlops.registry.ModelVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Native memory under load: the resident set size (VmRSS from {@code /proc/self/status}, after a
 * full GC) before and after a million single-row predictions through a pooled SDK predictor, and
 * before and after 100 hot swaps of a deployment (each waited for, with 1,000 predictions in
 * between). The heap in use and committed is printed beside each figure, so that a rise of RSS
 * can be told apart from heap growth; run it with a fixed, pre-touched heap ({@code -Xms512m
 * -Xmx512m -XX:+AlwaysPreTouch}, as run.sh does) so that every heap page is resident from the
 * start and any rise of RSS is native memory. Linux only.
 *
 * <p>Arguments: the number of predictions (default 1,000,000) and of swaps (default 100).
 */
public final class NativeMemoryProgram {

  private static final int SAMPLES = 10;

  private NativeMemoryProgram() {}

  /**
   * Runs the measurement and prints the figures.
   *
   * @param args predictions and swaps, optional
   * @throws Exception if a load, a prediction or a swap fails
   */
  public static void main(String[] args) throws Exception {
    long predictions = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
    int swaps = args.length > 1 ? Integer.parseInt(args[1]) : 100;
    Path dir = ChurnModel.tempDirectory("native-memory");
    try (ModelRegistry registry = ChurnModel.openRegistry(dir.resolve("registry"))) {
      ModelVersion v1 = ChurnModel.register(registry, "churn",
          ChurnModel.copyModel("churn-v1.onnx", dir));
      ModelVersion v2 = ChurnModel.register(registry, "churn",
          ChurnModel.copyModel("churn-v2.onnx", dir));
      registry.setAlias("churn", "production", v1.version(), AliasPrecondition.absent(), "bench");
      DjlPredictors predictors = DjlPredictors.builder().registry(registry).build();
      System.out.println("native memory (RSS after a full GC)");
      print("before loading the model", 0);
      try (Predictor<Map<String, Object>, Prediction> predictor = predictors.load(v1.uri())) {
        predict(predictor, 10_000);
        print("loaded, after 10,000 warm-up predictions", 0);
        long start = System.nanoTime();
        for (int s = 1; s <= SAMPLES; s++) {
          predict(predictor, predictions / SAMPLES);
          print(String.format("after %,d predictions", predictions / SAMPLES * s),
              System.nanoTime() - start);
        }
      }
      print("predictor closed", 0);
      swap(registry, predictors, v1, v2, swaps);
    } finally {
      ChurnModel.deleteTree(dir);
    }
  }

  private static void swap(ModelRegistry registry, DjlPredictors predictors, ModelVersion v1,
      ModelVersion v2, int swaps) throws InterruptedException {
    try (Deployment<Map<String, Object>, Prediction> deployment =
        predictors.deploy(ModelUri.parse("models:/churn@production"))) {
      Semaphore swapped = new Semaphore(0);
      AtomicLong failedLoads = new AtomicLong();
      deployment.addListener(new DeploymentListener() {
        @Override
        public void onSwapped(ModelVersion from, ModelVersion to) {
          swapped.release();
        }

        @Override
        public void onFailed(ModelUri attempted, RuntimeException cause) {
          failedLoads.incrementAndGet();
          swapped.release();
        }
      });
      predict(deployment, 10_000);
      print("deployment started, after 10,000 predictions", 0);
      long start = System.nanoTime();
      for (int s = 1; s <= swaps; s++) {
        int target = s % 2 == 1 ? v2.version() : v1.version();
        registry.setAlias("churn", "production", target, AliasPrecondition.any(), "swap " + s);
        if (!swapped.tryAcquire(60, TimeUnit.SECONDS)) {
          throw new IllegalStateException("swap " + s + " did not happen within 60 s");
        }
        predict(deployment, 1_000);
        if (s % Math.max(1, swaps / 4) == 0 || s == swaps) {
          // Retired versions close once their in-flight calls finish; give that a moment.
          Thread.sleep(200);
          print(String.format("after %d swaps", s), System.nanoTime() - start);
        }
      }
      if (failedLoads.get() > 0) {
        throw new IllegalStateException(failedLoads.get() + " swaps failed to load");
      }
    }
  }

  private static void predict(Predictor<Map<String, Object>, Prediction> predictor, long count)
      throws InterruptedException {
    List<Map<String, Object>> rows = ChurnModel.rows();
    int threads = Runtime.getRuntime().availableProcessors();
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      long share = count / threads + (t < count % threads ? 1 : 0);
      int offset = t;
      Thread worker = new Thread(() -> {
        for (long i = 0; i < share; i++) {
          predictor.predict(rows.get((int) ((i + offset) % rows.size())));
        }
      });
      workers.add(worker);
      worker.start();
    }
    for (Thread worker : workers) {
      worker.join();
    }
  }

  private static void print(String when, long elapsedNanos) {
    System.gc();
    Runtime runtime = Runtime.getRuntime();
    long heapMb = (runtime.totalMemory() - runtime.freeMemory()) >> 20;
    System.out.printf("  %-48s RSS %,6d MB  (heap %,4d MB used, %,5d MB committed)%s%n", when,
        residentSetKb() >> 10, heapMb, runtime.totalMemory() >> 20,
        elapsedNanos == 0 ? "" : String.format("  %.1f s", elapsedNanos / 1e9));
  }

  private static long residentSetKb() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
      throw new IllegalStateException("/proc/self/status has no VmRSS line");
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read /proc/self/status (Linux only)", e);
    }
  }
}

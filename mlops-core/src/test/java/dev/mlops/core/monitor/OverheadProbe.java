package dev.mlops.core.monitor;

import dev.mlops.predict.Prediction;
import dev.mlops.predict.Predictor;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A rough, single-threaded measure of the monitor's cost per prediction (not a test: timings on a
 * shared machine prove nothing; the JMH benchmark in mlops-bench is the real measure). Run with
 * {@code java -cp <test class path> dev.mlops.core.monitor.OverheadProbe}.
 */
final class OverheadProbe {

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private OverheadProbe() {}

  public static void main(String[] args) {
    int rows = args.length > 0 ? Integer.parseInt(args[0]) : 2_000_000;
    boolean withReference = args.length < 2 || Boolean.parseBoolean(args[1]);
    Random random = new Random(1);
    List<Map<String, Object>> inputs = new java.util.ArrayList<>();
    for (int i = 0; i < 4096; i++) {
      inputs.add(DriftAndMemoryTest.row(random, 0));
    }
    ScriptedDeployment bare = new ScriptedDeployment(Models.classifier(1));
    ModelMonitor.Builder builder = ModelMonitor.builder().clock(Clock.systemUTC());
    if (withReference) {
      builder.referenceProfile(1, DriftAndMemoryTest.reference(random));
    }
    ModelMonitor monitor = builder.build();
    Predictor<Map<String, Object>, Prediction> monitored = monitor.wrap(bare);
    for (int round = 0; round < 5; round++) {
      long bareNanos = time(bare, inputs, rows);
      long monitoredNanos = time(monitored, inputs, rows);
      monitor.snapshot();
      System.out.printf("round %d (thread CPU time): bare %.0f ns/prediction, monitored %.0f ns/prediction,"
          + " overhead %.0f ns%n", round, (double) bareNanos / rows,
          (double) monitoredNanos / rows, (double) (monitoredNanos - bareNanos) / rows);
    }
    // Batches of 64 rows: the monitor records one record per call and folds the rows later.
    List<List<Map<String, Object>>> batches = new java.util.ArrayList<>();
    for (int b = 0; b < 64; b++) {
      batches.add(List.copyOf(inputs.subList(b * 64, b * 64 + 64)));
    }
    for (int round = 0; round < 5; round++) {
      long bareNanos = timeBatches(bare, batches, rows);
      long monitoredNanos = timeBatches(monitored, batches, rows);
      monitor.snapshot();
      System.out.printf("round %d (thread CPU time): batches of 64, bare %.0f ns/row, monitored"
          + " %.0f ns/row, overhead %.0f ns/row%n", round, (double) bareNanos / rows,
          (double) monitoredNanos / rows, (double) (monitoredNanos - bareNanos) / rows);
    }
    // The monitor's own work alone: record ready-made predictions (distinct ids) without a model.
    List<Prediction> ready = new java.util.ArrayList<>();
    for (int i = 0; i < rows; i++) {
      ready.add(bare.predict(inputs.get(i & 4095)));
    }
    for (int round = 0; round < 3; round++) {
      long start = THREADS.getCurrentThreadCpuTime();
      for (int i = 0; i < rows; i++) {
        monitor.recordPrediction(inputs.get(i & 4095), ready.get(i));
      }
      monitor.snapshot();
      System.out.printf("round %d (thread CPU time): recording alone %.0f ns/prediction%n", round,
          (double) (THREADS.getCurrentThreadCpuTime() - start) / rows);
    }
    monitor.close();
  }

  private static long timeBatches(Predictor<Map<String, Object>, Prediction> predictor,
      List<List<Map<String, Object>>> batches, int rows) {
    long start = THREADS.getCurrentThreadCpuTime();
    long sink = 0;
    for (int i = 0; i < rows / 64; i++) {
      sink += predictor.predictBatch(batches.get(i & 63)).size();
    }
    if (sink == 42) {
      System.out.println();
    }
    return THREADS.getCurrentThreadCpuTime() - start;
  }

  private static long time(Predictor<Map<String, Object>, Prediction> predictor,
      List<Map<String, Object>> inputs, int rows) {
    // Thread CPU time, not wall time: on a shared, loaded machine waiting for a core is not cost.
    long start = THREADS.getCurrentThreadCpuTime();
    long sink = 0;
    for (int i = 0; i < rows; i++) {
      sink += predictor.predict(inputs.get(i & 4095)).predictionId().length();
    }
    if (sink == 42) {
      System.out.println();
    }
    return THREADS.getCurrentThreadCpuTime() - start;
  }
}

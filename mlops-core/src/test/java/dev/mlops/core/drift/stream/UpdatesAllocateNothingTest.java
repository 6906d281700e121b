package dev.mlops.core.drift.stream;

import static dev.mlops.core.drift.stream.SyntheticStreams.errors;
import static dev.mlops.core.drift.stream.SyntheticStreams.normal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.mlops.drift.DetectorState;
import dev.mlops.drift.StreamDriftDetector;
import java.lang.management.ManagementFactory;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Once warmed up, updates allocate nothing, including those that detect a drift and reset
 * statistics. Measured with the JVM's per-thread allocation counter, not with timings.
 */
class UpdatesAllocateNothingTest {

  private static final int LENGTH = 50_000;

  /**
   * Room for what the measuring itself may allocate; 50,000 updates allocating even one object
   * each would need 800 kB.
   */
  private static final long SLACK_BYTES = 1024;

  // Levels alternate every 5,000 elements so that drifts, and the resets after them, are measured.
  private static final double[] ERRORS = errors(1, LENGTH, i -> (i / 5000) % 2 == 0 ? 0.1 : 0.4);
  private static final double[] SCORES = normal(2, LENGTH, i -> (i / 5000) % 2 == 0 ? 0.2 : 0.6, 0.1);

  static Stream<Arguments> detectors() {
    return Stream.of(
        detector(Adwin::withDefaults, SCORES),
        detector(() -> Adwin.builder().clock(1).direction(ChangeDirection.BOTH).build(), SCORES),
        detector(Ddm::withDefaults, ERRORS),
        detector(Eddm::withDefaults, ERRORS),
        detector(() -> PageHinkley.builder().direction(ChangeDirection.BOTH).build(), SCORES),
        detector(Kswin::withDefaults, SCORES),
        detector(() -> HddmA.builder().direction(ChangeDirection.BOTH).build(), ERRORS));
  }

  private static Arguments detector(Supplier<StreamDriftDetector> factory, double[] values) {
    return Arguments.of(factory.get().toString(), factory, values);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("detectors")
  void steadyStateUpdatesAllocateNothing(
      String description, Supplier<StreamDriftDetector> factory, double[] values) {
    com.sun.management.ThreadMXBean threads = threadBean();
    StreamDriftDetector detector = factory.get();
    for (int warmUp = 0; warmUp < 2; warmUp++) {
      feed(detector, values);
      detector.reset();
    }

    long before = threads.getCurrentThreadAllocatedBytes();
    int drifts = feed(detector, values);
    long allocated = threads.getCurrentThreadAllocatedBytes() - before;

    System.out.printf(
        "%s: %d bytes allocated over %d updates (%d drifts)%n",
        description, allocated, values.length, drifts);
    assertThat(drifts).as("drifts among the measured updates").isPositive();
    assertThat(allocated).as("bytes allocated by %d updates", values.length).isLessThan(SLACK_BYTES);
  }

  private static int feed(StreamDriftDetector detector, double[] values) {
    int drifts = 0;
    for (double value : values) {
      if (detector.update(value) == DetectorState.DRIFT) {
        drifts++;
      }
    }
    return drifts;
  }

  private static com.sun.management.ThreadMXBean threadBean() {
    java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
    assumeTrue(
        bean instanceof com.sun.management.ThreadMXBean,
        "this JVM does not count allocated bytes per thread");
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) bean;
    assumeTrue(threads.isThreadAllocatedMemorySupported(), "allocation counting unsupported");
    threads.setThreadAllocatedMemoryEnabled(true);
    return threads;
  }
}

package dev.mlops.bench;

import dev.mlops.core.drift.stream.Adwin;
import dev.mlops.core.drift.stream.Ddm;
import dev.mlops.core.drift.stream.Eddm;
import dev.mlops.core.drift.stream.HddmA;
import dev.mlops.core.drift.stream.Kswin;
import dev.mlops.core.drift.stream.PageHinkley;
import dev.mlops.drift.DetectorState;
import dev.mlops.drift.StreamDriftDetector;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Nanoseconds per update of each streaming detector with its default settings, on a stationary
 * stream: error indicators (Bernoulli, 15% errors) for DDM, EDDM and HDDM-A, uniform values in
 * [0, 1) for ADWIN, Page-Hinkley and KSWIN. Run with {@code -prof gc} for the bytes allocated per
 * update ({@code gc.alloc.rate.norm}); the target is none.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
@State(Scope.Thread)
public class StreamDetectorBenchmark {

  private static final int VALUES = 1 << 16;

  /** The detector. */
  @Param({"ADWIN", "DDM", "EDDM", "PAGE_HINKLEY", "KSWIN", "HDDM_A"})
  public String detector;

  private StreamDriftDetector instance;
  private double[] values;
  private int next;

  /** Creates the detector and its input stream. */
  @Setup(Level.Trial)
  public void create() {
    boolean errorIndicators = switch (detector) {
      case "DDM", "EDDM", "HDDM_A" -> true;
      default -> false;
    };
    instance = switch (detector) {
      case "ADWIN" -> Adwin.withDefaults();
      case "DDM" -> Ddm.withDefaults();
      case "EDDM" -> Eddm.withDefaults();
      case "PAGE_HINKLEY" -> PageHinkley.withDefaults();
      case "KSWIN" -> Kswin.withDefaults();
      case "HDDM_A" -> HddmA.withDefaults();
      default -> throw new IllegalArgumentException("unknown detector " + detector);
    };
    SplittableRandom random = new SplittableRandom(7);
    values = new double[VALUES];
    for (int i = 0; i < VALUES; i++) {
      values[i] = errorIndicators ? (random.nextDouble() < 0.15 ? 1 : 0) : random.nextDouble();
    }
  }

  /**
   * Feeds one value.
   *
   * @return the detector's state after it
   */
  @Benchmark
  public DetectorState update() {
    DetectorState state = instance.update(values[next]);
    next = (next + 1) & (VALUES - 1);
    return state;
  }
}

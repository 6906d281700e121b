package dev.mlops.core.drift.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.drift.DetectorState;
import dev.mlops.drift.StreamDriftDetector;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * What every {@link StreamDriftDetector} promises; each detector's test extends this with a factory
 * and streams suited to it.
 */
abstract class StreamDriftDetectorContract {

  /** How many values after the change a detection may come (every detector here needs under 150). */
  static final int MAX_DELAY = 500;

  /** A detector with the defaults. */
  abstract StreamDriftDetector newDetector();

  /** A stream the detector accepts, with a change it detects; {@code seed} varies it. */
  abstract double[] streamWithChange(long seed);

  /** Where the change in {@link #streamWithChange} begins: the index of its first changed value. */
  abstract int changeAt();

  /** Values the detector must refuse. */
  abstract double[] invalidValues();

  static DetectorState[] run(StreamDriftDetector detector, double[] values) {
    DetectorState[] states = new DetectorState[values.length];
    for (int i = 0; i < values.length; i++) {
      states[i] = detector.update(values[i]);
    }
    return states;
  }

  static int firstDriftAtOrAfter(DetectorState[] states, int from) {
    for (int i = from; i < states.length; i++) {
      if (states[i] == DetectorState.DRIFT) {
        return i;
      }
    }
    return -1;
  }

  static long drifts(DetectorState[] states) {
    return Arrays.stream(states).filter(s -> s == DetectorState.DRIFT).count();
  }

  @Test
  void aNewDetectorIsStableAndHasSeenNothing() {
    StreamDriftDetector detector = newDetector();

    assertThat(detector.state()).isEqualTo(DetectorState.STABLE);
    assertThat(detector.count()).isZero();
    assertThat(detector.name()).isNotBlank().isLowerCase();
  }

  @Test
  void countsEveryValueAndKeepsTheLatestState() {
    StreamDriftDetector detector = newDetector();
    double[] values = streamWithChange(1);

    for (int i = 0; i < values.length; i++) {
      DetectorState returned = detector.update(values[i]);
      assertThat(detector.state()).isEqualTo(returned);
    }

    assertThat(detector.count()).isEqualTo(values.length);
  }

  @Test
  void detectsTheChangeInAStreamWithOneSoonAfterItBegins() {
    // A drift signalled before the change is a false alarm, not this detection (DetectionDelayTest
    // measures how often each detector raises those).
    DetectorState[] states = run(newDetector(), streamWithChange(1));
    int detected = firstDriftAtOrAfter(states, changeAt());
    System.out.println(newDetector().name() + ": change at " + changeAt() + ", first drift after it at " + detected);
    assertThat(detected).as("the first drift at or after the change at %d (-1: none)", changeAt())
        .isBetween(changeAt(), changeAt() + MAX_DELAY - 1);
  }

  @Test
  void resetForgetsEverythingSeen() {
    StreamDriftDetector reused = newDetector();
    run(reused, streamWithChange(2));
    reused.reset();

    assertThat(reused.state()).isEqualTo(DetectorState.STABLE);
    assertThat(reused.count()).isZero();
    assertThat(run(reused, streamWithChange(3))).isEqualTo(run(newDetector(), streamWithChange(3)));
  }

  @Test
  void detectorsFedTheSameStreamSignalAlike() {
    assertThat(run(newDetector(), streamWithChange(4)))
        .isEqualTo(run(newDetector(), streamWithChange(4)));
  }

  @Test
  void refusesInvalidValuesNamingThemAndIgnoresThem() {
    double[] values = streamWithChange(5);
    StreamDriftDetector detector = newDetector();
    int half = values.length / 2;
    run(detector, Arrays.copyOf(values, half));

    for (double invalid : invalidValues()) {
      assertThatThrownBy(() -> detector.update(invalid))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(detector.name())
          .hasMessageContaining(String.valueOf(invalid));
    }

    assertThat(detector.count()).isEqualTo(half);
    DetectorState[] rest = run(detector, Arrays.copyOfRange(values, half, values.length));
    DetectorState[] uninterrupted = run(newDetector(), values);
    assertThat(rest).isEqualTo(Arrays.copyOfRange(uninterrupted, half, values.length));
  }
}

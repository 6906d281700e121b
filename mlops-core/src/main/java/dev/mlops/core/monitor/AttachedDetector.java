package dev.mlops.core.monitor;

import dev.mlops.drift.StreamDriftDetector;
import dev.mlops.monitor.StreamDetection;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A streaming detector attached to a monitor under a name: the factory makes one detector per
 * monitored version.
 *
 * @param name the name its detections carry
 * @param source the stream it is fed
 * @param factory makes a fresh detector
 */
record AttachedDetector(String name, StreamDetection.Source source,
    Supplier<StreamDriftDetector> factory) {

  /** A new detector from the factory, failing with the attached name if there is none. */
  StreamDriftDetector create() {
    return Objects.requireNonNull(factory.get(),
        () -> "The factory of stream detector '" + name + "' returned null");
  }
}

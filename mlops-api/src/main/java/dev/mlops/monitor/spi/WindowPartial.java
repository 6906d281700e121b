package dev.mlops.monitor.spi;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * What one instance observed of one model version during one pane of time, as opaque bytes: the
 * store keeps the latest partial per key ({@link #model}, {@link #version}, {@link #paneStart},
 * {@link #paneLength}, {@link #instance}) and hands them back for merging; only {@code mlops-core}
 * reads the bytes. An instance rewrites its partial of a pane as the pane fills, so a partial
 * always holds everything the instance observed in the pane up to {@link #writtenAt}.
 *
 * @param model the model name
 * @param version the model version
 * @param paneStart the start of the pane
 * @param paneLength the length of a pane (the window step)
 * @param windowLength the length of a window (a whole number of panes)
 * @param instance the instance that observed it, unique per monitor run
 * @param writtenAt when the instance wrote this state
 * @param data the encoded partial; copied in and out
 * @since 0.1
 */
public record WindowPartial(
    String model,
    int version,
    Instant paneStart,
    Duration paneLength,
    Duration windowLength,
    String instance,
    Instant writtenAt,
    byte[] data) {

  /**
   * Validates and copies the components.
   *
   * @param model the model name
   * @param version the model version
   * @param paneStart the start of the pane
   * @param paneLength the length of a pane
   * @param windowLength the length of a window
   * @param instance the instance that observed it
   * @param writtenAt when it was written
   * @param data the encoded partial
   * @throws IllegalArgumentException if the version or a length is not positive, or the window is
   *     not a whole number of panes
   */
  public WindowPartial {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(paneStart, "paneStart");
    Objects.requireNonNull(instance, "instance");
    Objects.requireNonNull(writtenAt, "writtenAt");
    if (version < 1) {
      throw new IllegalArgumentException("version must be positive but was " + version);
    }
    if (paneLength.toMillis() < 1 || windowLength.toMillis() % paneLength.toMillis() != 0
        || windowLength.compareTo(paneLength) < 0) {
      throw new IllegalArgumentException("The window length " + windowLength
          + " must be a positive whole number of panes of " + paneLength);
    }
    data = data.clone();
  }

  /**
   * The encoded partial.
   *
   * @return a copy of the bytes
   */
  @Override
  public byte[] data() {
    return data.clone();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof WindowPartial p && model.equals(p.model) && version == p.version
        && paneStart.equals(p.paneStart) && paneLength.equals(p.paneLength)
        && windowLength.equals(p.windowLength) && instance.equals(p.instance)
        && writtenAt.equals(p.writtenAt) && Arrays.equals(data, p.data);
  }

  @Override
  public int hashCode() {
    return Objects.hash(model, version, paneStart, paneLength, instance, writtenAt)
        * 31 + Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    return "WindowPartial[" + model + " v" + version + " pane " + paneStart + "/" + paneLength
        + " from " + instance + " at " + writtenAt + ", " + data.length + " bytes]";
  }
}

package dev.mlops.core.monitor;

import dev.mlops.core.drift.DatasetProfile;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What one instance observed of one version in one pane, in the form the fleet stores and merges:
 * traffic, errors and sampled-row counts, outcome counts seen on this instance (unknown and
 * duplicate outcomes), the latency sketch and the input profile. Every part merges exactly: counts
 * add, and a merged sketch or profile is the one a single instance fed all the values would hold
 * as long as the sketches have not compacted (see {@code docs/monitoring.md}).
 *
 * <p>The bytes are sections, so that later versions can add accumulators (score sketches, expected
 * confusion sums) that older readers skip:
 *
 * <pre>
 * magic "MLPP" (int), format 1 (short), section count (int), then per section:
 *   id (short), length (int), that many bytes
 * section 1, counts:  predictions, errors, sampled rows, unknown, duplicates (long each)
 * section 2, latency: {@link LatencySketch#toBytes()}
 * section 3, profile: {@link DatasetProfile#toBytes()}, absent without a reference profile
 * section 4, estimates: {@link dev.mlops.core.estimation.BinaryEstimateAccumulator#toBytes()}
 *   for a binary classifier,
 *   {@link dev.mlops.core.estimation.MulticlassEstimateAccumulator#toBytes()} for one of more
 *   classes, {@link dev.mlops.core.estimation.RegressionEstimateAccumulator#toBytes()} for a
 *   regression model with a direct loss estimator (each starts with its own magic number),
 *   absent without a performance estimator (kept as bytes here: reading them needs the
 *   version's estimator, which the reader of the merged window has; partials written before
 *   multi-class or regression estimates read as before)
 * section 5, scores: the profile of the sampled predictions' outputs ({@link OutputProfiles}),
 *   absent without reference scores
 * </pre>
 *
 * Not thread-safe.
 */
final class PanePartial {

  private static final int MAGIC = 0x4D4C5050; // "MLPP"
  private static final short FORMAT = 1;
  private static final short COUNTS = 1;
  private static final short LATENCY = 2;
  private static final short PROFILE = 3;
  private static final short ESTIMATES = 4;
  private static final short SCORES = 5;

  long predictions;
  long errors;
  long sampledRows;
  long unknown;
  long duplicates;
  LatencySketch latency = new LatencySketch();
  @Nullable DatasetProfile profile;
  /** The profile of the outputs, for score drift. */
  @Nullable DatasetProfile scores;
  /** The estimate accumulators of the merged partials, as bytes. */
  final List<byte[]> estimates = new ArrayList<>();

  /** Encodes what a pane holds now. */
  static byte[] encode(Pane pane) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(MAGIC);
      out.writeShort(FORMAT);
      out.writeInt(2 + (pane.profile == null ? 0 : 1) + (pane.estimates == null ? 0 : 1)
          + (pane.scores == null ? 0 : 1));
      out.writeShort(COUNTS);
      out.writeInt(5 * Long.BYTES);
      out.writeLong(pane.predictions);
      out.writeLong(pane.errors);
      out.writeLong(pane.sampledRows);
      out.writeLong(pane.unknown);
      out.writeLong(pane.duplicates);
      section(out, LATENCY, pane.latency.toBytes());
      if (pane.profile != null) {
        section(out, PROFILE, pane.profile.toBytes());
      }
      if (pane.estimates != null) {
        section(out, ESTIMATES, pane.estimates.toBytes());
      }
      if (pane.scores != null) {
        section(out, SCORES, pane.scores.toBytes());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Writing to memory failed", e);
    }
    return bytes.toByteArray();
  }

  /**
   * Decodes a partial, skipping sections this version does not know.
   *
   * @throws IllegalArgumentException if the bytes are not a pane partial or are corrupt
   */
  static PanePartial decode(byte[] bytes) {
    PanePartial partial = new PanePartial();
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      if (in.readInt() != MAGIC) {
        throw new IllegalArgumentException("Not a monitor pane partial (no MLPP header)");
      }
      short format = in.readShort();
      if (format != FORMAT) {
        throw new IllegalArgumentException("Pane partial format " + format
            + " is not supported (this library reads " + FORMAT + ")");
      }
      int sections = in.readInt();
      for (int s = 0; s < sections; s++) {
        short id = in.readShort();
        int length = in.readInt();
        if (length < 0 || length > in.available()) {
          throw new IllegalArgumentException("Pane partial section " + id + " claims " + length
              + " bytes but " + in.available() + " are left");
        }
        byte[] content = in.readNBytes(length);
        switch (id) {
          case COUNTS -> partial.readCounts(content);
          case LATENCY -> partial.latency = LatencySketch.fromBytes(content);
          case PROFILE -> partial.profile = DatasetProfile.fromBytes(content);
          case ESTIMATES -> partial.estimates.add(content);
          case SCORES -> partial.scores = DatasetProfile.fromBytes(content);
          default -> {
            // A section written by a later version: its accumulator is unknown here.
          }
        }
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("Truncated pane partial: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      if (e instanceof IllegalArgumentException) {
        throw e;
      }
      throw new IllegalArgumentException("Corrupt pane partial: " + e.getMessage(), e);
    }
    return partial;
  }

  /** Adds another partial of the same version and pane (or window) to this one. */
  void merge(PanePartial other) {
    predictions += other.predictions;
    errors += other.errors;
    sampledRows += other.sampledRows;
    unknown += other.unknown;
    duplicates += other.duplicates;
    other.latency.mergeInto(latency);
    estimates.addAll(other.estimates);
    if (other.scores != null) {
      if (scores == null) {
        scores = other.scores.copy();
      } else {
        scores.merge(other.scores);
      }
    }
    if (other.profile != null) {
      if (profile == null) {
        profile = other.profile.copy();
      } else {
        profile.merge(other.profile);
      }
    }
  }

  private void readCounts(byte[] content) throws IOException {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(content))) {
      predictions = in.readLong();
      errors = in.readLong();
      sampledRows = in.readLong();
      unknown = in.readLong();
      duplicates = in.readLong();
    }
  }

  private static void section(DataOutputStream out, short id, byte[] content) throws IOException {
    out.writeShort(id);
    out.writeInt(content.length);
    out.write(content);
  }
}

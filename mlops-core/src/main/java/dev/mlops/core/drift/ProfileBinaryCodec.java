package dev.mlops.core.drift;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.memory.Memory;
import org.jspecify.annotations.Nullable;

/**
 * The binary form of a {@link DatasetProfile}, big-endian:
 *
 * <pre>
 * magic "MLDP", format version (short, 1), rows (long), feature count (int), then per feature:
 *   name (string), kind (byte: 0 numeric, 1 categorical),
 *   numeric:     count, missing, invalid (long), min, max, mean, sum of squared deviations
 *                (double), tracked value count (int, -1 when not tracked) and that many
 *                (value double, count long) pairs, KLL sketch (int length + DataSketches bytes)
 *   categorical: max categories (int), missing, other (long), category count (int) and that many
 *                (name string, count long) pairs
 * strings are an int byte length followed by UTF-8 bytes.
 * </pre>
 */
final class ProfileBinaryCodec {

  private static final int MAGIC = 0x4D4C4450; // "MLDP"
  private static final short VERSION = 1;
  private static final byte NUMERIC = 0;
  private static final byte CATEGORICAL = 1;
  private static final int MAX_BYTES = 1 << 26;

  private ProfileBinaryCodec() {}

  static byte[] encode(DatasetProfile profile) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(MAGIC);
      out.writeShort(VERSION);
      out.writeLong(profile.rows());
      out.writeInt(profile.features().size());
      for (FeatureProfile feature : profile.profiles()) {
        writeString(out, feature.feature());
        if (feature instanceof NumericProfile numeric) {
          out.writeByte(NUMERIC);
          writeNumeric(out, numeric);
        } else {
          out.writeByte(CATEGORICAL);
          writeCategorical(out, (CategoricalProfile) feature);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Writing to memory failed", e);
    }
    return bytes.toByteArray();
  }

  static DatasetProfile decode(byte[] bytes) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      if (in.readInt() != MAGIC) {
        throw new ProfileFormatException(
            "These bytes are not a dataset profile (no MLDP header); pass what"
                + " DatasetProfile.toBytes() wrote",
            null);
      }
      short version = in.readShort();
      if (version != VERSION) {
        throw new ProfileFormatException(
            "Dataset profile format version " + version + " is not supported (this library reads "
                + VERSION + "); read it with the library version that wrote it",
            null);
      }
      long rows = in.readLong();
      int featureCount = in.readInt();
      if (featureCount < 0) {
        throw corrupt("negative feature count " + featureCount, null);
      }
      Map<String, FeatureProfile> features = new LinkedHashMap<>();
      for (int i = 0; i < featureCount; i++) {
        String name = readString(in);
        byte kind = in.readByte();
        FeatureProfile feature = switch (kind) {
          case NUMERIC -> readNumeric(in, name);
          case CATEGORICAL -> readCategorical(in, name);
          default -> throw corrupt("unknown kind " + kind + " of feature '" + name + "'", null);
        };
        if (features.put(name, feature) != null) {
          throw corrupt("feature '" + name + "' appears twice", null);
        }
      }
      if (in.available() > 0) {
        throw corrupt(in.available() + " unexpected bytes after the last feature", null);
      }
      return new DatasetProfile(features, rows);
    } catch (IOException e) {
      throw corrupt("it ends too early", e);
    } catch (RuntimeException e) {
      if (e instanceof ProfileFormatException) {
        throw e;
      }
      throw corrupt(String.valueOf(e.getMessage()), e);
    }
  }

  private static void writeNumeric(DataOutputStream out, NumericProfile profile)
      throws IOException {
    out.writeLong(profile.count());
    out.writeLong(profile.missing());
    out.writeLong(profile.invalid());
    out.writeDouble(profile.min());
    out.writeDouble(profile.max());
    out.writeDouble(profile.mean());
    out.writeDouble(profile.sumSquaredDeviations());
    SortedMap<Double, Long> values = profile.valueCounts().orElse(null);
    if (values == null) {
      out.writeInt(-1);
    } else {
      out.writeInt(values.size());
      for (Map.Entry<Double, Long> entry : values.entrySet()) {
        out.writeDouble(entry.getKey());
        out.writeLong(entry.getValue());
      }
    }
    byte[] sketch = profile.sketch().toByteArray();
    out.writeInt(sketch.length);
    out.write(sketch);
  }

  private static NumericProfile readNumeric(DataInputStream in, String name) throws IOException {
    long count = in.readLong();
    long missing = in.readLong();
    long invalid = in.readLong();
    double min = in.readDouble();
    double max = in.readDouble();
    double mean = in.readDouble();
    double sumSquaredDeviations = in.readDouble();
    int tracked = in.readInt();
    SortedMap<Double, Long> values = null;
    if (tracked >= 0) {
      if (tracked > NumericProfile.TRACKED_VALUES_LIMIT) {
        throw corrupt(tracked + " tracked values of feature '" + name + "'", null);
      }
      values = new TreeMap<>();
      for (int i = 0; i < tracked; i++) {
        values.put(in.readDouble(), in.readLong());
      }
    }
    byte[] sketch = readBytes(in, "sketch of feature '" + name + "'");
    return NumericProfile.restore(
        name,
        KllDoublesSketch.heapify(Memory.wrap(sketch)),
        count,
        missing,
        invalid,
        min,
        max,
        mean,
        sumSquaredDeviations,
        values);
  }

  private static void writeCategorical(DataOutputStream out, CategoricalProfile profile)
      throws IOException {
    out.writeInt(profile.maxCategories());
    out.writeLong(profile.missing());
    out.writeLong(profile.other());
    Map<String, Long> counts = profile.counts();
    out.writeInt(counts.size());
    for (Map.Entry<String, Long> entry : counts.entrySet()) {
      writeString(out, entry.getKey());
      out.writeLong(entry.getValue());
    }
  }

  private static CategoricalProfile readCategorical(DataInputStream in, String name)
      throws IOException {
    int maxCategories = in.readInt();
    long missing = in.readLong();
    long other = in.readLong();
    int size = in.readInt();
    if (size < 0 || size > maxCategories) {
      throw corrupt(size + " categories of feature '" + name + "'", null);
    }
    Map<String, Long> counts = new LinkedHashMap<>();
    for (int i = 0; i < size; i++) {
      counts.put(readString(in), in.readLong());
    }
    return CategoricalProfile.restore(name, maxCategories, counts, other, missing);
  }

  private static void writeString(DataOutputStream out, String value) throws IOException {
    byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
    out.writeInt(utf8.length);
    out.write(utf8);
  }

  private static String readString(DataInputStream in) throws IOException {
    return new String(readBytes(in, "string"), StandardCharsets.UTF_8);
  }

  private static byte[] readBytes(DataInputStream in, String what) throws IOException {
    int length = in.readInt();
    if (length < 0 || length > MAX_BYTES || length > in.available()) {
      throw corrupt("impossible length " + length + " of a " + what, null);
    }
    byte[] bytes = new byte[length];
    in.readFully(bytes);
    return bytes;
  }

  private static ProfileFormatException corrupt(String detail, @Nullable Throwable cause) {
    return new ProfileFormatException(
        "The dataset profile bytes are corrupt (" + detail + "); write them again with"
            + " DatasetProfile.toBytes()",
        cause);
  }
}

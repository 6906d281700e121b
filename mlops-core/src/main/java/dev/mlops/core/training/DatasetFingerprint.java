package dev.mlops.core.training;

import dev.mlops.registry.FieldSpec;
import dev.mlops.registry.spi.ArtifactChecksums;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.jspecify.annotations.Nullable;

/**
 * The canonical encoding of a tabular dataset and its SHA-256 (the layout is specified in {@code
 * docs/training.md}, "Dataset fingerprint"; change it only with a new header version). Every
 * integer is big-endian; a string is its UTF-8 byte count as a 32-bit integer followed by the
 * bytes.
 *
 * <pre>
 * dataset := string "mlops-tabular-dataset/1"
 *            int32 featureCount, field × featureCount, field (the target)
 *            int64 rowCount, row × rowCount
 * field   := string name, string type (the DataType constant), byte optional, byte allowNonFinite,
 *            int32 categoryCount, string × categoryCount
 * row     := value per feature in schema order, then the target's value
 * value   := 0x00                      missing
 *          | 0x01 float64              FLOAT32/FLOAT64 and a regression target (IEEE 754 bits,
 *                                      every NaN as 0x7ff8000000000000)
 *          | 0x02 int64                INT32/INT64
 *          | 0x03 byte 0 or 1          BOOLEAN
 *          | 0x04 string               STRING/CATEGORICAL and a class label
 * </pre>
 *
 * <p>Values are the canonical ones of {@link FieldValues}, and rows are encoded feature by feature
 * in schema order, so the fingerprint does not depend on how the data was read or on the
 * iteration order of the maps rows were given in. Field descriptions are documentation, not data,
 * and are left out.
 */
final class DatasetFingerprint {

  static final String HEADER = "mlops-tabular-dataset/1";

  private DatasetFingerprint() {}

  static String of(TabularDataset dataset) {
    MessageDigest sha256 = ArtifactChecksums.sha256();
    try (DataOutputStream out = new DataOutputStream(new java.io.BufferedOutputStream(
        new DigestOutputStream(OutputStream.nullOutputStream(), sha256), 1 << 16))) {
      writeString(out, HEADER);
      TabularSchema schema = dataset.schema();
      out.writeInt(schema.features().size());
      for (FieldSpec f : schema.features()) {
        writeField(out, f);
      }
      writeField(out, schema.target());
      int rows = dataset.size();
      out.writeLong(rows);
      int columns = schema.features().size();
      for (int r = 0; r < rows; r++) {
        for (int c = 0; c < columns; c++) {
          writeValue(out, dataset.value(r, c));
        }
        writeValue(out, dataset.target(r));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Hashing into memory cannot fail", e);
    }
    return HexFormat.of().formatHex(sha256.digest());
  }

  private static void writeField(DataOutputStream out, FieldSpec f) throws IOException {
    writeString(out, f.name());
    writeString(out, f.type().name());
    out.writeByte(f.optional() ? 1 : 0);
    out.writeByte(f.allowNonFinite() ? 1 : 0);
    out.writeInt(f.categories().size());
    for (String c : f.categories()) {
      writeString(out, c);
    }
  }

  private static void writeValue(DataOutputStream out, @Nullable Object value) throws IOException {
    if (value == null) {
      out.writeByte(0);
    } else if (value instanceof Double d) {
      out.writeByte(1);
      out.writeLong(Double.doubleToLongBits(d));
    } else if (value instanceof Integer || value instanceof Long) {
      out.writeByte(2);
      out.writeLong(((Number) value).longValue());
    } else if (value instanceof Boolean b) {
      out.writeByte(3);
      out.writeByte(b ? 1 : 0);
    } else if (value instanceof String s) {
      out.writeByte(4);
      writeString(out, s);
    } else {
      throw new IllegalStateException("Not a canonical value: " + value.getClass());
    }
  }

  private static void writeString(DataOutputStream out, String s) throws IOException {
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    out.writeInt(bytes.length);
    out.write(bytes);
  }
}

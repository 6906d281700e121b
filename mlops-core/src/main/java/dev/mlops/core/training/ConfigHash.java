package dev.mlops.core.training;

import dev.mlops.registry.spi.ArtifactChecksums;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * The hash recorded as a version's {@code configHash}: the hexadecimal SHA-256 of a canonical
 * encoding of the run's configuration (the trainer's configuration and the pipeline's settings,
 * see {@link TrainingPipeline}). The encoding is the UTF-8 string {@code mlops-config/1}, then each
 * entry in ascending key order ({@link String#compareTo}) as its key and its value, every string
 * written as its UTF-8 byte count (32-bit big-endian) followed by the bytes. Equal configurations
 * hash equally whatever order their maps iterate in.
 */
final class ConfigHash {

  static final String HEADER = "mlops-config/1";

  private ConfigHash() {}

  static String of(Map<String, String> configuration) {
    MessageDigest sha256 = ArtifactChecksums.sha256();
    update(sha256, HEADER);
    new TreeMap<>(configuration).forEach((key, value) -> {
      update(sha256, key);
      update(sha256, value);
    });
    return HexFormat.of().formatHex(sha256.digest());
  }

  private static void update(MessageDigest digest, String s) {
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    digest.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
    digest.update(bytes);
  }
}

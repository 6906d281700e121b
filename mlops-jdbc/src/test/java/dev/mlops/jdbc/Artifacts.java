package dev.mlops.jdbc;

import dev.mlops.registry.ModelFormat;
import dev.mlops.registry.RegistrationRequest;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/** Small artifact files for tests. */
final class Artifacts {

  /**
   * A format the registry does not parse: these tests store arbitrary bytes, and registries
   * check the files of the formats the SDK reads (ONNX, TorchScript) at registration.
   */
  static final ModelFormat OPAQUE = ModelFormat.of("opaque");


  private Artifacts() {}

  /** A one-file artifact with the given text. */
  static Path file(Path dir, String text) {
    try {
      Path f = Files.createTempFile(dir, "model-", ".onnx");
      Files.writeString(f, text, StandardCharsets.UTF_8);
      return f;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A file of pseudo-random bytes, written in 64 KiB pieces. */
  static Path randomFile(Path dir, String name, long size, long seed) {
    try {
      Path f = dir.resolve(name);
      Random random = new Random(seed);
      byte[] buffer = new byte[1 << 16];
      try (OutputStream out = Files.newOutputStream(f)) {
        for (long left = size; left > 0; left -= buffer.length) {
          random.nextBytes(buffer);
          out.write(buffer, 0, (int) Math.min(buffer.length, left));
        }
      }
      return f;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A registration request for a one-file ONNX artifact. */
  static RegistrationRequest request(String model, Path artifact) {
    return RegistrationRequest.builder(model).artifact(artifact).format(OPAQUE).build();
  }
}

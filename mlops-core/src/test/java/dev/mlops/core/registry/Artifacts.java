package dev.mlops.core.registry;

import dev.mlops.registry.ModelFormat;
import dev.mlops.registry.RegistrationRequest;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/** Artifact files and registration requests for tests. */
final class Artifacts {

  /**
   * A format the registry does not parse: these tests store arbitrary bytes, and registries
   * check the files of the formats the SDK reads (ONNX, TorchScript) at registration.
   */
  static final ModelFormat OPAQUE = ModelFormat.of("opaque");


  private Artifacts() {}

  /** A one-file artifact {@code model.onnx} with the given text, in a fresh directory under {@code base}. */
  static Path file(Path base, String content) {
    try {
      Path dir = Files.createTempDirectory(base, "src");
      return Files.writeString(dir.resolve("model.onnx"), content, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A request registering a one-file artifact with the given text. */
  static RegistrationRequest request(Path base, String model, String content) {
    return RegistrationRequest.builder(model).artifact(file(base, content)).format(OPAQUE).build();
  }

  /** Writes {@code bytes} pseudo-random bytes, quickly, to a new file. */
  static Path randomFile(Path file, long bytes, long seed) throws IOException {
    Files.createDirectories(file.getParent());
    Random random = new Random(seed);
    byte[] block = new byte[1 << 16];
    try (OutputStream out = Files.newOutputStream(file)) {
      for (long left = bytes; left > 0; left -= block.length) {
        random.nextBytes(block);
        out.write(block, 0, (int) Math.min(block.length, left));
      }
    }
    return file;
  }
}

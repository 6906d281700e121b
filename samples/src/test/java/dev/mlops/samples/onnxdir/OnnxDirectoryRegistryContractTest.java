package dev.mlops.samples.onnxdir;

import dev.mlops.registry.ModelRegistries;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.RegistrationRequest;
import dev.mlops.testkit.ModelRegistryContract;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;

/**
 * The onnxdir registry against the testkit contract: it is read-only, so versions are published by
 * copying files into its directory, and the change tests are skipped.
 */
class OnnxDirectoryRegistryContractTest extends ModelRegistryContract {

  private static final AtomicInteger COUNTER = new AtomicInteger();

  @TempDir Path roots;

  @Override
  protected ModelRegistry createRegistry() {
    try {
      Path root = Files.createDirectories(roots.resolve("registry-" + COUNTER.incrementAndGet()));
      return ModelRegistries.open("onnxdir:" + root);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  protected boolean supportsChanges() {
    return false;
  }

  /** Copies the file in as the model's next version, with its checksum pinned. */
  @Override
  protected ModelVersion publish(ModelRegistry registry, RegistrationRequest request) {
    if (!Files.isRegularFile(request.artifact())) {
      Assumptions.abort("an onnxdir registry holds one .onnx file per version, and this test"
          + " publishes a directory");
    }
    Path modelDir = Path.of(URI.create(registry.location().toString()).getPath()).resolve(request.name());
    try {
      Files.createDirectories(modelDir);
      int next;
      try (Stream<Path> files = Files.list(modelDir)) {
        next = 1 + files.map(f -> f.getFileName().toString())
            .filter(n -> n.matches("[0-9]+\\.onnx"))
            .mapToInt(n -> Integer.parseInt(n.substring(0, n.length() - 5)))
            .max().orElse(0);
      }
      Path target = modelDir.resolve(next + ".onnx");
      Files.copy(request.artifact(), target);
      Files.writeString(Checksums.sidecar(target),
          Checksums.sha256(target) + "  " + target.getFileName() + "\n", StandardCharsets.UTF_8);
      return registry.getVersion(request.name(), next);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

package dev.mlops.testkit.usage;

import dev.mlops.core.registry.FileModelRegistry;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.testkit.ModelRegistryContract;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded file-system registry passes the whole contract. Each registry gets its own
 * directory; polling is fast so that the event tests also exercise the change feed.
 */
class FileModelRegistryContractTest extends ModelRegistryContract {

  @TempDir Path tmp;

  @Override
  protected ModelRegistry createRegistry() {
    return FileModelRegistry.open(freshRoot());
  }

  @Override
  protected ModelRegistry createRegistry(Clock clock, String actor) {
    return FileModelRegistry.builder().root(freshRoot()).clock(clock).actor(actor)
        .pollInterval(Duration.ofMillis(200)).open();
  }

  /**
   * Flips the first byte of the stored file, at the place docs/file-registry.md documents. Stored
   * files are read-only, so it makes the file writable first (only the superuser could do without).
   */
  @Override
  protected void corruptArtifact(ModelRegistry registry, String name, int version, String relativePath) {
    Path stored = ((FileModelRegistry) registry).root().resolve("models").resolve(name)
        .resolve("versions").resolve(Integer.toString(version)).resolve("artifact").resolve(relativePath);
    try {
      if (!stored.toFile().setWritable(true)) {
        throw new IOException("Cannot make " + stored + " writable");
      }
      byte[] bytes = Files.readAllBytes(stored);
      bytes[0] ^= 0x01;
      Files.write(stored, bytes, StandardOpenOption.TRUNCATE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Path freshRoot() {
    try {
      return Files.createTempDirectory(tmp, "registry");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

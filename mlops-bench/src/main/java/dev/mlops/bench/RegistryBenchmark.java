package dev.mlops.bench;

import dev.mlops.core.registry.FileModelRegistry;
import dev.mlops.registry.ModelFormat;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.RegistrationRequest;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Registering a 100 MB artifact in a {@link FileModelRegistry} (copy into staging, SHA-256 of
 * every byte, fsync of the files and directories, journalled publish) against copying the same
 * file with {@code Files.copy}, with and without forcing it to the device. Each operation writes a
 * new 100 MB file; they are deleted after each iteration. Single-shot: one operation per sample.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 10)
@Fork(1)
@State(Scope.Thread)
public class RegistryBenchmark {

  private static final int ARTIFACT_BYTES = 100 * 1024 * 1024;

  private Path dir;
  private Path artifact;
  private FileModelRegistry registry;
  private int copies;

  /**
   * Writes the 100 MB artifact (random bytes).
   *
   * @throws IOException if it cannot be written
   */
  @Setup(Level.Trial)
  public void writeArtifact() throws IOException {
    dir = ChurnModel.tempDirectory("registry");
    artifact = dir.resolve("model.bin");
    SplittableRandom random = new SplittableRandom(11);
    byte[] chunk = new byte[1024 * 1024];
    try (OutputStream out = Files.newOutputStream(artifact)) {
      for (int written = 0; written < ARTIFACT_BYTES; written += chunk.length) {
        for (int i = 0; i < chunk.length; i += 8) {
          long bits = random.nextLong();
          for (int b = 0; b < 8; b++) {
            chunk[i + b] = (byte) (bits >>> (8 * b));
          }
        }
        out.write(chunk);
      }
    }
  }

  /** Opens an empty registry for the iteration. */
  @Setup(Level.Iteration)
  public void openRegistry() {
    registry = ChurnModel.openRegistry(dir.resolve("registry"));
  }

  /** Closes the registry and deletes everything the iteration wrote. */
  @TearDown(Level.Iteration)
  public void deleteCopies() {
    registry.close();
    ChurnModel.deleteTree(dir.resolve("registry"));
    ChurnModel.deleteTree(dir.resolve("copies"));
  }

  /** Deletes the artifact. */
  @TearDown(Level.Trial)
  public void deleteArtifact() {
    ChurnModel.deleteTree(dir);
  }

  /**
   * Registers the artifact as a new version.
   *
   * @return the version
   */
  @Benchmark
  public ModelVersion register() {
    // Random bytes in a format the registry does not parse: this measures storing, not checking.
    return registry.register(RegistrationRequest.builder("big").artifact(artifact)
        .format(ModelFormat.of("opaque")).build());
  }

  /**
   * Copies the artifact with {@code Files.copy}, leaving it in the page cache.
   *
   * @return the copy
   * @throws IOException if the copy fails
   */
  @Benchmark
  public Path filesCopy() throws IOException {
    return Files.copy(artifact, newCopy());
  }

  /**
   * Copies the artifact with {@code Files.copy} and forces the copy to the device, the durability
   * a registration gives.
   *
   * @return the copy
   * @throws IOException if the copy fails
   */
  @Benchmark
  public Path filesCopyForced() throws IOException {
    Path copy = Files.copy(artifact, newCopy());
    try (FileChannel channel = FileChannel.open(copy, StandardOpenOption.WRITE)) {
      channel.force(true);
    }
    return copy;
  }

  private Path newCopy() throws IOException {
    Path folder = Files.createDirectories(dir.resolve("copies"));
    return folder.resolve("copy-" + copies++ + ".bin");
  }
}

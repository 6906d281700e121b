package dev.mlops.bench;

import dev.mlops.core.registry.FileModelRegistry;
import dev.mlops.registry.AliasPrecondition;
import dev.mlops.registry.ModelFormat;
import dev.mlops.registry.ModelUri;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.Page;
import dev.mlops.registry.PageRequest;
import dev.mlops.registry.RegistrationRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Reads from a {@link FileModelRegistry} holding one model with 10,000 versions, with its metadata
 * cache ({@code cached}, the default of 10,000 entries per kind) and without ({@code uncached},
 * cache size 0, every read parses the files): resolving an alias, and listing all 10,000 versions
 * in pages of 1,000. Building the registry takes minutes on a loaded machine.
 *
 * <p>The registry is built once, under {@code -Dmlops.bench.data} (run.sh sets it to {@code
 * mlops-bench/target/bench-data}), and reused by later forks and runs; without the property it is
 * built in a temporary directory for each trial.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class RegistryReadBenchmark {

  private static final String COMPLETE = ".complete";

  /** Versions of the model (quick mode lowers it, since building 10,000 takes minutes). */
  @Param("10000")
  public int versions;

  /** {@code cached} or {@code uncached} metadata. */
  @Param({"cached", "uncached"})
  public String cache;

  private Path root;
  private boolean temporary;
  private FileModelRegistry registry;
  private final ModelUri alias = ModelUri.parse("models:/churn@production");

  /** Builds the registry if needed and opens it with the cache setting under test. */
  @Setup(Level.Trial)
  public void open() {
    String data = System.getProperty("mlops.bench.data");
    temporary = data == null;
    root = temporary ? ChurnModel.tempDirectory("registry-read").resolve("registry")
        : Path.of(data, "registry-" + versions);
    if (!Files.exists(root.resolveSibling(root.getFileName() + COMPLETE))) {
      build(root, versions);
    }
    registry = FileModelRegistry.builder().root(root).pollInterval(Duration.ZERO)
        .cacheSize(cache.equals("cached") ? FileModelRegistry.DEFAULT_CACHE_SIZE : 0).open();
  }

  /** Closes the registry, deleting it if it was temporary. */
  @TearDown(Level.Trial)
  public void close() {
    registry.close();
    if (temporary) {
      ChurnModel.deleteTree(Objects.requireNonNull(root.getParent(), "the temporary directory"));

    }
  }

  /**
   * Resolves {@code models:/churn@production}.
   *
   * @return the version it points to
   */
  @Benchmark
  public ModelVersion resolveAlias() {
    return registry.resolve(alias);
  }

  /**
   * Lists every version, 1,000 per page.
   *
   * @return the number of versions listed
   */
  @Benchmark
  public int listVersions() {
    PageRequest request = PageRequest.first(1000);
    int count = 0;
    while (true) {
      Page<ModelVersion> page = registry.listVersions("churn", request);
      count += page.items().size();
      if (!page.hasNext()) {
        return count;
      }
      request = page.nextRequest(request).orElseThrow();
    }
  }

  private static void build(Path root, int versions) {
    ChurnModel.deleteTree(root);
    ChurnModel.deleteTree(root.resolveSibling(root.getFileName() + "-source"));
    long start = System.nanoTime();
    try (FileModelRegistry r = ChurnModel.openRegistry(root)) {
      Path model = ChurnModel.copyModel("churn-v1.onnx", Files.createDirectories(
          root.resolveSibling(root.getFileName() + "-source")));
      for (int i = 0; i < versions; i++) {
        r.register(RegistrationRequest.builder("churn").artifact(model).format(ModelFormat.ONNX)
            .signature(ChurnModel.SIGNATURE).build());
      }
      r.setAlias("churn", "production", versions / 2, AliasPrecondition.any(), "bench");
      Files.createFile(root.resolveSibling(root.getFileName() + COMPLETE));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    System.out.printf("%nbuilt a registry of %d versions in %.1f s%n", versions,
        (System.nanoTime() - start) / 1e9);
  }
}

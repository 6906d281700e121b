package dev.mlops.testkit;

import dev.mlops.registry.ModelRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What one test of the contract works with: the registry under test, a scratch directory for
 * artifact sources, and the implementation's optional hooks. Closes every registry it opened.
 */
final class ContractFixture implements AutoCloseable {

  private final ModelRegistryContract contract;
  private final Path workDir;
  private final List<ModelRegistry> opened = new ArrayList<>();
  private final AtomicInteger counter = new AtomicInteger();
  private final ModelRegistry registry;

  ContractFixture(ModelRegistryContract contract, Path workDir) {
    this.contract = contract;
    this.workDir = workDir;
    this.registry = track(contract.createRegistry());
  }

  /** The fresh, empty registry the test runs against. */
  ModelRegistry registry() {
    return registry;
  }

  /**
   * Another fresh registry with a given clock and actor, through the implementation's optional
   * hook; aborts the test if the implementation did not provide it.
   */
  ModelRegistry registryWith(Clock clock, String actor) {
    return track(contract.createRegistry(clock, actor));
  }

  /** Damages a stored file through the implementation's optional hook. */
  void corrupt(ModelRegistry target, String name, int version, String relativePath) {
    contract.corruptArtifact(target, name, version, relativePath);
  }

  /** A new, empty directory for artifact sources. */
  Path newDirectory() {
    try {
      return Files.createDirectories(workDir.resolve("source-" + counter.incrementAndGet()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A number unique within this test, for distinct artifact contents. */
  int nextNumber() {
    return counter.incrementAndGet();
  }

  private ModelRegistry track(ModelRegistry r) {
    if (r == null) {
      throw new IllegalStateException(contract.getClass().getName() + " returned no registry");
    }
    synchronized (opened) {
      opened.add(r);
    }
    return r;
  }

  @Override
  public void close() {
    List<ModelRegistry> toClose;
    synchronized (opened) {
      toClose = List.copyOf(opened);
    }
    for (ModelRegistry r : toClose) {
      try {
        r.close();
      } catch (IllegalStateException alreadyClosed) {
        // A test closed it on purpose; a registry may report a second close this way.
      }
    }
  }
}

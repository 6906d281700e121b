package dev.mlops.testkit;

import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.RegistrationRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;

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

  /** Whether the registry under test accepts changes; false for a read-only registry. */
  boolean supportsChanges() {
    return contract.supportsChanges();
  }

  /** Puts a version into the registry under test through the implementation's hook. */
  ModelVersion publish(RegistrationRequest request) {
    return contract.publish(registry, request);
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
    return contract.supportsChanges() ? r : skippingRefusedChanges(r);
  }

  /**
   * The registry, except that an operation it refuses with {@link UnsupportedOperationException}
   * aborts the test (reported as skipped) instead of failing it: the test needs a change that a
   * read-only registry cannot make.
   */
  private ModelRegistry skippingRefusedChanges(ModelRegistry r) {
    String implementation = contract.getClass().getSimpleName();
    return (ModelRegistry) Proxy.newProxyInstance(ModelRegistry.class.getClassLoader(),
        new Class<?>[] {ModelRegistry.class}, (proxy, method, args) -> {
          try {
            return method.invoke(r, args);
          } catch (InvocationTargetException e) {
            if (e.getCause() instanceof UnsupportedOperationException refused) {
              Assumptions.abort("This test needs " + method.getName() + ", which the read-only"
                  + " registry of " + implementation + " refuses: " + refused.getMessage());
            }
            throw e.getCause();
          }
        });
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

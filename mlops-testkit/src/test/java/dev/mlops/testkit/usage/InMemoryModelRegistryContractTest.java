package dev.mlops.testkit.usage;

import dev.mlops.registry.ModelRegistry;
import dev.mlops.testkit.InMemoryModelRegistry;
import dev.mlops.testkit.ModelRegistryContract;
import java.time.Clock;

/**
 * The in-memory registry passes the whole contract. It lives outside the testkit's package, as an
 * implementation's contract test would, to prove the contract works from another package.
 */
class InMemoryModelRegistryContractTest extends ModelRegistryContract {

  @Override
  protected ModelRegistry createRegistry() {
    return new InMemoryModelRegistry();
  }

  @Override
  protected ModelRegistry createRegistry(Clock clock, String actor) {
    return InMemoryModelRegistry.builder().clock(clock).actor(actor).build();
  }

  @Override
  protected void corruptArtifact(ModelRegistry registry, String name, int version, String relativePath) {
    ((InMemoryModelRegistry) registry).corruptStoredFile(name, version, relativePath);
  }
}

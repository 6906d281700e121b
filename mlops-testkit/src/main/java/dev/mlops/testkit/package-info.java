/**
 * What users and registry plugin authors test with. {@link dev.mlops.testkit.ModelRegistryContract}
 * is an abstract JUnit 5 suite that checks every behaviour the {@link dev.mlops.registry.ModelRegistry}
 * contract promises; an implementation extends it and supplies a factory.
 * {@link dev.mlops.testkit.InMemoryModelRegistry} is a complete registry held in memory (scheme
 * {@code memory:}), handy for application tests, and {@link dev.mlops.testkit.ManualClock} is a
 * {@link java.time.Clock} that moves only when a test moves it. Seeded data generators with
 * controllable drift are in {@link dev.mlops.testkit.data}.
 *
 * <p>Classes that are not public are the contract's parts and the in-memory registry's internals.
 *
 * @since 0.1
 */
@NullMarked
package dev.mlops.testkit;

import org.jspecify.annotations.NullMarked;

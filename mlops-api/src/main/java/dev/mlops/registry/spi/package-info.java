/**
 * The service-provider interface for registry implementations. A module that stores models
 * somewhere new (a database, an object store) implements
 * {@link dev.mlops.registry.spi.ModelRegistryProvider} and declares it in
 * {@code META-INF/services/dev.mlops.registry.spi.ModelRegistryProvider} (and with
 * {@code provides} in its {@code module-info}); {@link dev.mlops.registry.ModelRegistries} then
 * finds it by URI scheme. The testkit's {@code ModelRegistryContract} checks a provider's behaviour.
 *
 * <p>A module that serves a model format may also provide an {@link
 * dev.mlops.registry.spi.ArtifactInspector}, which the SDK's registries run on the model file of
 * that format (and its signature) before they store a version.
 *
 * @since 0.1
 */
@NullMarked
package dev.mlops.registry.spi;

import org.jspecify.annotations.NullMarked;

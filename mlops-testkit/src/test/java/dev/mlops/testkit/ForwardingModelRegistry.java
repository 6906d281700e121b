package dev.mlops.testkit;

import dev.mlops.registry.AliasPrecondition;
import dev.mlops.registry.AuditEntry;
import dev.mlops.registry.ModelArtifact;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelUri;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.Page;
import dev.mlops.registry.PageRequest;
import dev.mlops.registry.RegisteredModel;
import dev.mlops.registry.RegistrationRequest;
import dev.mlops.registry.RegistryListener;
import dev.mlops.registry.Subscription;
import java.net.URI;
import java.util.OptionalInt;
import org.jspecify.annotations.Nullable;

/** A registry that passes every call on; the kit's tests override single methods to break rules. */
class ForwardingModelRegistry implements ModelRegistry {

  final ModelRegistry delegate;

  ForwardingModelRegistry(ModelRegistry delegate) {
    this.delegate = delegate;
  }

  @Override
  public URI location() {
    return delegate.location();
  }

  @Override
  public ModelVersion register(RegistrationRequest request) {
    return delegate.register(request);
  }

  @Override
  public ModelVersion getVersion(String name, int version) {
    return delegate.getVersion(name, version);
  }

  @Override
  public ModelVersion resolve(ModelUri uri) {
    return delegate.resolve(uri);
  }

  @Override
  public RegisteredModel getModel(String name) {
    return delegate.getModel(name);
  }

  @Override
  public Page<RegisteredModel> listModels(PageRequest page) {
    return delegate.listModels(page);
  }

  @Override
  public Page<ModelVersion> listVersions(String name, PageRequest page) {
    return delegate.listVersions(name, page);
  }

  @Override
  public void setModelTag(String name, String key, String value) {
    delegate.setModelTag(name, key, value);
  }

  @Override
  public boolean deleteModelTag(String name, String key) {
    return delegate.deleteModelTag(name, key);
  }

  @Override
  public void setVersionTag(String name, int version, String key, String value) {
    delegate.setVersionTag(name, version, key, value);
  }

  @Override
  public boolean deleteVersionTag(String name, int version, String key) {
    return delegate.deleteVersionTag(name, version, key);
  }

  @Override
  public OptionalInt setAlias(
      String name, String alias, int version, AliasPrecondition expected, @Nullable String reason) {
    return delegate.setAlias(name, alias, version, expected, reason);
  }

  @Override
  public int deleteAlias(String name, String alias, AliasPrecondition expected, @Nullable String reason) {
    return delegate.deleteAlias(name, alias, expected, reason);
  }

  @Override
  public ModelVersion archiveVersion(String name, int version, @Nullable String reason) {
    return delegate.archiveVersion(name, version, reason);
  }

  @Override
  public ModelArtifact openArtifact(String name, int version) {
    return delegate.openArtifact(name, version);
  }

  @Override
  public Page<AuditEntry> auditLog(@Nullable String modelName, PageRequest page) {
    return delegate.auditLog(modelName, page);
  }

  @Override
  public Subscription subscribe(RegistryListener listener) {
    return delegate.subscribe(listener);
  }

  @Override
  public void close() {
    delegate.close();
  }
}

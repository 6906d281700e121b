package dev.mlops.djl;

import dev.mlops.core.registry.internal.Checksums;
import dev.mlops.core.registry.internal.RegistryEventDispatcher;
import dev.mlops.registry.AliasPrecondition;
import dev.mlops.registry.ArtifactRef;
import dev.mlops.registry.AuditEntry;
import dev.mlops.registry.ModelArtifact;
import dev.mlops.registry.ModelNotFoundException;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelUri;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.ModelVersionStatus;
import dev.mlops.registry.Page;
import dev.mlops.registry.PageRequest;
import dev.mlops.registry.RegisteredModel;
import dev.mlops.registry.RegistrationRequest;
import dev.mlops.registry.RegistryEvent;
import dev.mlops.registry.RegistryListener;
import dev.mlops.registry.Subscription;
import dev.mlops.registry.VersionConflictException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A small in-memory registry for the predictor tests: single-file artifacts, versions, aliases
 * with compare-and-set, events and the alias reasons of the audit log. The full in-memory registry
 * lives in mlops-testkit; this double covers only what serving needs, and throws
 * UnsupportedOperationException for listings and tags.
 */
final class FixtureRegistry implements ModelRegistry {

  private final Path storage;
  private final Map<String, List<ModelVersion>> versions = new HashMap<>();
  private final Map<String, Map<String, Integer>> aliases = new HashMap<>();
  private final List<@Nullable String> aliasReasons = new ArrayList<>();
  private final RegistryEventDispatcher events = new RegistryEventDispatcher("fixture");

  FixtureRegistry(Path storage) {
    this.storage = storage;
  }

  @Override
  public URI location() {
    return storage.toUri();
  }

  @Override
  public synchronized ModelVersion register(RegistrationRequest request) {
    List<ModelVersion> list = versions.computeIfAbsent(request.name(), n -> new ArrayList<>());
    int number = list.size() + 1;
    Path dir = storage.resolve(request.name()).resolve(Integer.toString(number));
    String fileName = request.artifact().getFileName().toString();
    ArtifactRef ref;
    try {
      Files.createDirectories(dir);
      Files.copy(request.artifact(), dir.resolve(fileName));
      try (InputStream in = Files.newInputStream(dir.resolve(fileName))) {
        ref = Checksums.of(fileName, in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ModelVersion v = new ModelVersion(request.name(), number, request.format(), List.of(ref),
        request.signature(), request.metrics(), request.params(), request.tags(),
        request.lineage(), ModelVersionStatus.READY, Set.of(), request.description(),
        Instant.now(), "test");
    list.add(v);
    events.publish(new RegistryEvent.VersionRegistered(v));
    return v;
  }

  @Override
  public synchronized ModelVersion getVersion(String name, int version) {
    List<ModelVersion> list = versions.get(name);
    if (list == null || version < 1 || version > list.size()) {
      throw new ModelNotFoundException(name, "version " + version);
    }
    return list.get(version - 1);
  }

  @Override
  public synchronized ModelVersion resolve(ModelUri uri) {
    return switch (uri.kind()) {
      case VERSION -> getVersion(uri.name(), uri.version());
      case LATEST -> getVersion(uri.name(), versions.getOrDefault(uri.name(), List.of()).size());
      case ALIAS -> {
        Integer v = aliases.getOrDefault(uri.name(), Map.of()).get(uri.alias());
        if (v == null) {
          throw new ModelNotFoundException(uri.name(), "alias " + uri.alias());
        }
        yield getVersion(uri.name(), v);
      }
    };
  }

  @Override
  public synchronized OptionalInt setAlias(String name, String alias, int version,
      AliasPrecondition expected, @Nullable String reason) {
    getVersion(name, version);
    Map<String, Integer> map = aliases.computeIfAbsent(name, n -> new HashMap<>());
    Integer before = map.get(alias);
    if (!expected.isSatisfiedBy(before)) {
      throw new VersionConflictException(name, alias, expected, before);
    }
    if (before != null && before == version) {
      return OptionalInt.of(before);
    }
    map.put(alias, version);
    aliasReasons.add(reason);
    events.publish(new RegistryEvent.AliasMoved(name, alias, before, version));
    return before == null ? OptionalInt.empty() : OptionalInt.of(before);
  }

  /** Moves an alias without publishing an event, as if the event had been lost. */
  synchronized void setAliasSilently(String name, String alias, int version) {
    aliases.computeIfAbsent(name, n -> new HashMap<>()).put(alias, version);
  }

  /** The reasons given for alias moves, oldest first; null where none was given. */
  synchronized List<@Nullable String> aliasReasons() {
    return new ArrayList<>(aliasReasons);
  }

  @Override
  public ModelArtifact openArtifact(String name, int version) {
    ModelVersion v = getVersion(name, version);
    Path dir = storage.resolve(name).resolve(Integer.toString(version));
    return new ModelArtifact() {
      @Override
      public ModelVersion version() {
        return v;
      }

      @Override
      public Path directory() {
        return dir;
      }

      @Override
      public void close() {}
    };
  }

  @Override
  public Subscription subscribe(RegistryListener listener) {
    return events.subscribe(listener);
  }

  @Override
  public void close() {
    events.close();
  }

  @Override
  public RegisteredModel getModel(String name) {
    throw new UnsupportedOperationException("not needed by the predictor tests");
  }

  @Override
  public Page<RegisteredModel> listModels(PageRequest page) {
    throw new UnsupportedOperationException("not needed by the predictor tests");
  }

  @Override
  public Page<ModelVersion> listVersions(String name, PageRequest page) {
    throw new UnsupportedOperationException("not needed by the predictor tests");
  }

  @Override
  public void setModelTag(String name, String key, String value) {
    throw new UnsupportedOperationException("not needed by the predictor tests");
  }

  @Override
  public boolean deleteModelTag(String name, String key) {
    throw new UnsupportedOperationException("not needed by the predictor tests");
  }

  @Override
  public void setVersionTag(String name, int version, String key, String value) {
    throw new UnsupportedOperationException("not needed by the predictor tests");
  }

  @Override
  public boolean deleteVersionTag(String name, int version, String key) {
    throw new UnsupportedOperationException("not needed by the predictor tests");
  }

  @Override
  public int deleteAlias(String name, String alias, AliasPrecondition expected,
      @Nullable String reason) {
    throw new UnsupportedOperationException("not needed by the predictor tests");
  }

  @Override
  public ModelVersion archiveVersion(String name, int version, @Nullable String reason) {
    throw new UnsupportedOperationException("not needed by the predictor tests");
  }

  @Override
  public Page<AuditEntry> auditLog(@Nullable String modelName, PageRequest page) {
    throw new UnsupportedOperationException("not needed by the predictor tests");
  }
}

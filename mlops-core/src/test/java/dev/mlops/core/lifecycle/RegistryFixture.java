package dev.mlops.core.lifecycle;

import dev.mlops.core.registry.FileModelRegistry;
import dev.mlops.core.testing.MutableClock;
import dev.mlops.registry.AliasPrecondition;
import dev.mlops.registry.AuditEntry;
import dev.mlops.registry.ModelFormat;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.PageRequest;
import dev.mlops.registry.RegistrationRequest;
import dev.mlops.training.TrainingRun;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A file registry in a temporary directory, and fake training runs that register versions. */
final class RegistryFixture implements AutoCloseable {

  final FileModelRegistry registry;
  private final Path dir;
  private final MutableClock clock;

  RegistryFixture(Path dir, MutableClock clock) {
    this.dir = dir;
    this.clock = clock;
    this.registry = FileModelRegistry.builder().root(dir.resolve("registry")).clock(clock).actor("lifecycle-test")
        .pollInterval(Duration.ZERO).open();
  }

  /** Registers a version of {@value Fixtures#MODEL} with the given metrics. */
  ModelVersion register(Map<String, Double> metrics) {
    return register(metrics, Map.of());
  }

  /** Registers a version of {@value Fixtures#MODEL} with the given metrics and tags. */
  ModelVersion register(Map<String, Double> metrics, Map<String, String> tags) {
    try {
      Path artifact = Files.createTempFile(dir, "model", ".onnx");
      Files.writeString(artifact, UUID.randomUUID().toString());
      RegistrationRequest.Builder request = RegistrationRequest.builder(Fixtures.MODEL)
          .artifact(artifact).format(ModelFormat.of("opaque")).metrics(metrics);
      tags.forEach(request::tag);
      return registry.register(request.build());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Registers a version and points production at it. */
  ModelVersion champion(Map<String, Double> metrics) {
    ModelVersion v = register(metrics);
    registry.setAlias(Fixtures.MODEL, Promotions.PRODUCTION, v.version(), AliasPrecondition.any(), "test setup");
    return registry.getVersion(Fixtures.MODEL, v.version());
  }

  /** A successful training run that registered a version with the given metrics. */
  TrainingRun train(Map<String, Double> metrics) {
    return train(metrics, Map.of());
  }

  /** A successful training run that registered a version with the given metrics and tags. */
  TrainingRun train(Map<String, Double> metrics, Map<String, String> tags) {
    ModelVersion v = register(metrics, tags);
    return new TrainingRun(UUID.randomUUID().toString(), Fixtures.MODEL, TrainingRun.Status.SUCCEEDED, v, metrics,
        null, clock.instant(), clock.instant());
  }

  /** A failed training run. */
  TrainingRun failedRun(String failure) {
    return new TrainingRun(UUID.randomUUID().toString(), Fixtures.MODEL, TrainingRun.Status.FAILED, null, Map.of(),
        failure, clock.instant(), clock.instant());
  }

  Integer production() {
    return registry.getModel(Fixtures.MODEL).aliases().get(Promotions.PRODUCTION);
  }

  Integer staging() {
    return registry.getModel(Fixtures.MODEL).aliases().get(Promotions.STAGING);
  }

  Map<String, String> tags(int version) {
    return registry.getVersion(Fixtures.MODEL, version).tags();
  }

  List<AuditEntry> audit() {
    List<AuditEntry> all = new ArrayList<>();
    PageRequest page = PageRequest.first(PageRequest.MAX_LIMIT);
    while (true) {
      var result = registry.auditLog(Fixtures.MODEL, page);
      all.addAll(result.items());
      if (result.nextPageToken() == null) {
        return all;
      }
      page = new PageRequest(PageRequest.MAX_LIMIT, result.nextPageToken());
    }
  }

  @Override
  public void close() {
    registry.close();
  }
}

package dev.mlops.djl.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.djl.UnknownFeaturePolicy;
import dev.mlops.registry.DataType;
import dev.mlops.registry.FieldSpec;
import dev.mlops.registry.ModelArtifact;
import dev.mlops.registry.ModelFormat;
import dev.mlops.registry.ModelSignature;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.RegistrationRequest;
import dev.mlops.testkit.InMemoryModelRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LoadedModelTest {

  @Test
  void aRetiredModelRefusesNewCallsAndClosesWhenTheLastInFlightCallEnds() throws Exception {
    try (InMemoryModelRegistry registry = new InMemoryModelRegistry()) {
      LoadedModel model = load(registry);
      AtomicInteger drained = new AtomicInteger();
      assertThat(model.tryAcquire()).isTrue();
      assertThat(model.tryAcquire()).isTrue();

      model.retire(() -> {
        drained.incrementAndGet();
        model.closeNow();
      });

      assertThat(model.inFlightCalls()).isEqualTo(2);
      assertThat(model.tryAcquire()).as("new calls after retirement").isFalse();
      assertThat(model.isClosed()).isFalse();
      // A call in flight still completes on the retired model.
      assertThat(model.predictAcquired(List.of(row()), true)).hasSize(1);
      model.release();
      assertThat(model.isClosed()).isFalse();
      model.release();
      assertThat(model.isClosed()).isTrue();
      assertThat(drained).hasValue(1);
      model.retire(() -> drained.incrementAndGet());
      assertThat(drained).hasValue(1);
    }
  }

  @Test
  void anIdleModelClosesAsSoonAsItIsRetired() throws Exception {
    try (InMemoryModelRegistry registry = new InMemoryModelRegistry()) {
      LoadedModel model = load(registry);
      model.retire(model::closeNow);
      assertThat(model.isClosed()).isTrue();
      assertThat(model.tryAcquire()).isFalse();
    }
  }

  private static LoadedModel load(InMemoryModelRegistry registry) throws URISyntaxException {
    ModelSignature signature = ModelSignature.of(
        List.of(FieldSpec.scalar("tenure_months", DataType.FLOAT32),
            FieldSpec.scalar("monthly_charges", DataType.FLOAT64),
            FieldSpec.scalar("contract", DataType.INT32),
            FieldSpec.scalar("has_support", DataType.BOOLEAN)),
        List.of(FieldSpec.tensor("probabilities", DataType.FLOAT32, 3)));
    ModelVersion v = registry.register(RegistrationRequest.builder("drain")
        .artifact(Path.of(LoadedModelTest.class.getResource("/models/churn-v1.onnx").toURI()))
        .format(ModelFormat.ONNX).signature(signature).build());
    ModelLoader loader = new ModelLoader(new LoadSettings(1, UnknownFeaturePolicy.REJECT, 16,
        new SimpleMeterRegistry(), 0, Duration.ZERO));
    try (ModelArtifact artifact = registry.openArtifact(v.name(), v.version())) {
      return loader.load(artifact);
    }
  }

  private static Map<String, Object> row() {
    return Map.of("tenure_months", 1.0, "monthly_charges", 2.0, "contract", 1,
        "has_support", true);
  }
}

package dev.mlops.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.registry.AliasPrecondition;
import dev.mlops.testkit.InMemoryModelRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * An embedded server given an {@link ObservationRegistry} observes its models' loads and
 * predictions, with the model, version and outcome as keys (what {@code mlops serve}, which gives
 * none, does not do: docs/observability.md). The MDC inside them is checked in the Spring starter's
 * tests: this module tests with slf4j-simple, whose MDC keeps nothing ({@code MDC.get} answers null),
 * as in the command line.
 */
class ModelServerObservationTest {

  @Test
  void anEmbeddedServerWithAnObservationRegistryObservesLoadsAndPredictionsWithTheirKeys()
      throws Exception {
    List<String> seen = new CopyOnWriteArrayList<>();
    ObservationRegistry observations = ObservationRegistry.create();
    observations.observationConfig().observationHandler(new ObservationHandler<>() {
      @Override
      public boolean supportsContext(Observation.Context context) {
        return true;
      }

      @Override
      public void onStop(Observation.Context context) {
        seen.add(context.getName() + " model="
            + context.getLowCardinalityKeyValue("model").getValue() + " version="
            + context.getLowCardinalityKeyValue("version").getValue() + " outcome="
            + context.getLowCardinalityKeyValue("outcome").getValue());
      }
    });
    try (InMemoryModelRegistry registry = new InMemoryModelRegistry()) {
      Churn.register(registry, "churn", "churn-v1.onnx");
      registry.setAlias("churn", "production", 1, AliasPrecondition.absent(), "first");
      try (ModelServer server = ModelServer.builder().registry(registry)
          .serve("models:/churn@production").port(0).workerThreads(1)
          .observationRegistry(observations).start()) {
        assertThat(server.awaitReady(Duration.ofSeconds(60))).isTrue();
        Http http = new Http(server.baseUri(), null);
        assertThat(http.post("/v2/models/churn/infer", Churn.inferRequest(0, 2)).status())
            .isEqualTo(200);
        assertThat(http.post("/v1/models/churn:predict", "{\"instances\":[{\"tenure_months\":1.0,"
            + "\"monthly_charges\":70.5,\"contract\":\"weekly\",\"has_support\":false}]}")
            .status()).isEqualTo(400);
      }
    }
    assertThat(seen).contains(
        "mlops.model.load model=churn version=1 outcome=success",
        "mlops.predict model=churn version=1 outcome=success",
        "mlops.predict model=churn version=1 outcome=invalid_input");
  }
}

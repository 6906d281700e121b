package dev.mlops.spring.web;

import dev.mlops.core.monitor.ModelMonitor;
import dev.mlops.djl.DjlPredictors;
import dev.mlops.predict.Deployment;
import dev.mlops.predict.Prediction;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.server.InferenceRoutes;
import dev.mlops.spring.ManagedDeployment;
import dev.mlops.spring.MlopsProperties;
import dev.mlops.spring.internal.MlopsBeans;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Builds the inference routes over the context's deployment beans; a deployment with a monitor
 * (its own, or a {@code NAMEMonitor} bean beside an application's deployment bean) takes outcomes,
 * and a {@link ManagedDeployment} is explained by its own {@link ManagedDeployment#explainer()}.
 */
final class InferenceRoutesFactory {

  private InferenceRoutesFactory() {}

  static InferenceRoutes create(MlopsProperties properties, ModelRegistry registry,
      Map<String, Deployment<Map<String, Object>, Prediction>> deployments,
      Map<String, ModelMonitor> monitors, @Nullable MeterRegistry meters,
      @Nullable ObservationRegistry observations) {
    MlopsProperties.Web web = properties.getWeb();
    InferenceRoutes.Builder b = InferenceRoutes.builder().registry(registry)
        .maxBodyBytes(web.getMaxBodyBytes())
        .maxRowsPerRequest(web.getMaxRowsPerRequest())
        .latencyBuckets(properties.getMetrics().getLatencyBuckets());
    deployments.forEach((name, deployment) -> {
      b.serve(deployment);
      if (deployment instanceof ManagedDeployment managed) {
        // Explained with the version serving now, counted in flight like its predictions.
        b.explainer(deployment.target().name(), managed.explainer());
      }
      ModelMonitor monitor = deployment instanceof ManagedDeployment managed ? managed.monitor()
          : monitors.get(name + MlopsBeans.MONITOR);
      if (monitor != null) {
        b.monitor(deployment.target().name(), monitor);
      }
    });
    if (meters != null) {
      b.meterRegistry(meters);
    }
    if (web.getCachedVersions() > 0) {
      DjlPredictors.Builder predictors = DjlPredictors.builder().registry(registry)
          .latencyBuckets(properties.getMetrics().getLatencyBuckets())
          .maxBatchSize(web.getMaxRowsPerRequest());
      if (meters != null) {
        predictors.meterRegistry(meters);
      }
      if (observations != null) {
        predictors.observationRegistry(observations);
      }
      b.otherVersions(predictors.build(), web.getCachedVersions());
    }
    return b.build();
  }

  /** The prefix without a trailing slash, with a leading one ("" for the root). */
  static String prefix(MlopsProperties properties) {
    String p = properties.getWeb().getPrefix().trim();
    while (p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    return p.isEmpty() || p.startsWith("/") ? p : "/" + p;
  }
}

package dev.mlops.spring.actuate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.MlopsException;
import dev.mlops.core.monitor.ModelMonitor;
import dev.mlops.core.monitor.MonitorSnapshotJson;
import dev.mlops.djl.RoutedDeployment;
import dev.mlops.monitor.MonitorSnapshot;
import dev.mlops.predict.Deployment;
import dev.mlops.registry.ModelRegistries;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.RegisteredModel;
import dev.mlops.spring.ManagedDeployment;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;

/**
 * The {@code mlops} Actuator endpoint ({@code GET /actuator/mlops}): the registry, and for each
 * deployment bean the alias it follows, its state, the version serving, its challengers, the
 * model's aliases in the registry, the monitor's open window ({@code mlops.monitor-snapshot} JSON,
 * docs/monitoring.md) and, when the monitor shares a store with the fleet, the fleet's open and
 * last closed window of each version ({@code fleet}). {@code GET /actuator/mlops/NAME} shows one
 * deployment. Read-only: nothing here changes the registry.
 *
 * @since 0.1
 */
@Endpoint(id = "mlops")
public final class MlopsEndpoint {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Supplier<Map<String, Deployment<?, ?>>> deployments;
  private final @Nullable ModelRegistry registry;

  /**
   * Creates the endpoint.
   *
   * @param deployments the deployment beans by name, read on every request
   * @param registry the registry, or null if there is none
   */
  public MlopsEndpoint(Supplier<Map<String, Deployment<?, ?>>> deployments,
      @Nullable ModelRegistry registry) {
    this.deployments = deployments;
    this.registry = registry;
  }

  /**
   * Every deployment.
   *
   * @return the registry's location and the deployments by bean name
   */
  @ReadOperation
  public Map<String, Object> all() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("registry", registry == null ? null : ModelRegistries.redact(registry.location()));
    Map<String, Object> each = new LinkedHashMap<>();
    deployments.get().forEach((name, d) -> each.put(name, describe(d)));
    out.put("deployments", each);
    return out;
  }

  /**
   * One deployment.
   *
   * @param name the bean name
   * @return its description, or null (404) if there is no such deployment bean
   */
  @ReadOperation
  public @Nullable Map<String, Object> deployment(@Selector String name) {
    Deployment<?, ?> d = deployments.get().get(name);
    return d == null ? null : describe(d);
  }

  private Map<String, Object> describe(Deployment<?, ?> d) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("model", d.target().toString());
    if (d instanceof ManagedDeployment managed) {
      ManagedDeployment.Status s = managed.status();
      out.put("state", s.state().name());
      out.put("version", s.version() == null ? null : s.version().version());
      out.put("problem", s.problem());
      RoutedDeployment routed = managed.routed();
      if (routed != null) {
        out.put("routing", routed.routing().mode().name().toLowerCase(java.util.Locale.ROOT));
        out.put("challengerVersion", routed.challengerVersion().map(v -> v.version()).orElse(null));
        out.put("shadowVersion", routed.shadowVersion().map(v -> v.version()).orElse(null));
      }
      out.put("aliases", aliases(d));
      out.put("monitor", window(managed.monitor()));
      out.put("fleet", fleet(managed.monitor(), d.target().name()));
    } else {
      try {
        out.put("state", "SERVING");
        out.put("version", d.modelVersion().version());
      } catch (RuntimeException e) {
        out.put("state", "UNKNOWN");
        out.put("problem", e.getMessage());
      }
      out.put("aliases", aliases(d));
    }
    return out;
  }

  private @Nullable Map<String, Integer> aliases(Deployment<?, ?> d) {
    if (registry == null) {
      return null;
    }
    try {
      RegisteredModel model = registry.getModel(d.target().name());
      return model.aliases();
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static @Nullable Map<String, Object> window(@Nullable ModelMonitor monitor) {
    if (monitor == null) {
      return null;
    }
    try {
      return json(monitor.snapshot());
    } catch (IllegalStateException e) {
      // Nothing monitored yet (still loading), or the monitor is closed.
      return null;
    }
  }

  /**
   * The fleet's open and last closed window of each version, or null without a shared store;
   * {@code {"error": "..."}} while the store cannot be read, so that the rest still shows.
   */
  private static @Nullable Object fleet(@Nullable ModelMonitor monitor, String model) {
    if (monitor == null || !monitor.sharesStore()) {
      return null;
    }
    try {
      List<Map<String, Object>> windows = new ArrayList<>();
      for (MonitorSnapshot s : monitor.fleet().currentAndLastClosed(model)) {
        windows.add(json(s));
      }
      return windows;
    } catch (MlopsException e) {
      return Map.of("error", "The fleet's windows cannot be read: " + e.getMessage());
    }
  }

  private static Map<String, Object> json(MonitorSnapshot snapshot) {
    try {
      return JSON.readValue(MonitorSnapshotJson.toJson(snapshot),
          new TypeReference<Map<String, Object>>() {});
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("A monitor snapshot did not read back as JSON", e);
    }
  }
}

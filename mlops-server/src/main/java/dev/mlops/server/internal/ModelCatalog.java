package dev.mlops.server.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The models a server serves, by name. Thread-safe: the set of models is fixed at construction.
 *
 * @since 0.1
 */
public final class ModelCatalog implements AutoCloseable {

  private final Map<String, ServedModel> models;

  /**
   * Indexes the models by name.
   *
   * @param served the models
   * @throws IllegalArgumentException if two share a name
   */
  public ModelCatalog(List<ServedModel> served) {
    Map<String, ServedModel> byName = new LinkedHashMap<>();
    for (ServedModel m : served) {
      ServedModel before = byName.putIfAbsent(m.name(), m);
      if (before != null) {
        throw new IllegalArgumentException("Both " + before.uri() + " and " + m.uri()
            + " would be served as '" + m.name() + "'; serve one URI per model name");
      }
    }
    this.models = java.util.Collections.unmodifiableMap(byName);
  }

  /**
   * The model served under a name.
   *
   * @param name the model name from the request path
   * @return the model
   * @throws HttpFailure 404 if none is served under that name
   */
  public ServedModel get(String name) {
    ServedModel m = models.get(name);
    if (m == null) {
      throw HttpFailure.notFound("No model " + Excerpt.quoted(name) + " is served here; served: " + models.keySet());
    }
    return m;
  }

  /**
   * All served models, in the order given.
   *
   * @return the models
   */
  public Collection<ServedModel> all() {
    return models.values();
  }

  /**
   * Whether every model is loaded and warmed up.
   *
   * @return true when all are ready
   */
  public boolean isReady() {
    return models.values().stream().allMatch(ServedModel::isReady);
  }

  /** Closes every model; the first failure is rethrown after all were tried. */
  @Override
  public void close() {
    List<RuntimeException> failures = new ArrayList<>();
    for (ServedModel m : models.values()) {
      try {
        m.close();
      } catch (RuntimeException e) {
        failures.add(e);
      }
    }
    if (!failures.isEmpty()) {
      RuntimeException first = failures.get(0);
      failures.subList(1, failures.size()).forEach(first::addSuppressed);
      throw first;
    }
  }
}

package dev.mlops.core.observe;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

/**
 * One observed piece of work: a Micrometer {@link Observation} (a no-op without a registry) with
 * its scope opened on this thread, and the model and version in the MDC ({@link ModelMdc}). Start
 * it, name the outcome, and close it in a {@code finally} block on the same thread:
 *
 * <pre>{@code
 * ObservedCall call = ObservedCall.start(registry, MlopsObservations.LOAD, "churn", 3);
 * try {
 *   ...
 *   call.outcome("success");
 * } catch (RuntimeException e) {
 *   call.failed(e, "failure");
 *   throw e;
 * } finally {
 *   call.close();
 * }
 * }</pre>
 *
 * @since 0.1
 */
public final class ObservedCall implements AutoCloseable {

  private final Observation observation;
  private final Observation.Scope scope;
  private final ModelMdc mdc;

  private ObservedCall(@Nullable ObservationRegistry registry, MlopsObservations kind, String model,
      @Nullable Integer version) {
    this.mdc = ModelMdc.put(model, version);
    Observation o = kind.observation(registry == null ? ObservationRegistry.NOOP : registry)
        .contextualName(kind.getName() + " " + model)
        .lowCardinalityKeyValue(MlopsObservations.Keys.MODEL.asString(), model);
    if (version != null) {
      o.lowCardinalityKeyValue(MlopsObservations.Keys.VERSION.asString(),
          Integer.toString(version));
    }
    this.observation = o.start();
    this.scope = observation.openScope();
  }

  /**
   * Starts observing.
   *
   * @param registry where observations go; null or a no-op registry observes nothing (the MDC is
   *     still set)
   * @param kind what is observed
   * @param model the model name
   * @param version the version, or null if not known yet
   * @return the running call; close it on this thread
   */
  public static ObservedCall start(@Nullable ObservationRegistry registry, MlopsObservations kind,
      String model, @Nullable Integer version) {
    return new ObservedCall(registry, kind, model, version);
  }

  /**
   * Names the version, once known.
   *
   * @param version the version number
   */
  public void version(int version) {
    observation.lowCardinalityKeyValue(MlopsObservations.Keys.VERSION.asString(),
        Integer.toString(version));
    mdc.version(version);
  }

  /**
   * Names how the work ended.
   *
   * @param outcome such as {@code success}
   */
  public void outcome(String outcome) {
    observation.lowCardinalityKeyValue(MlopsObservations.Keys.OUTCOME.asString(), outcome);
  }

  /**
   * Records a failure and its outcome.
   *
   * @param error what went wrong
   * @param outcome such as {@code failure}
   */
  public void failed(Throwable error, String outcome) {
    outcome(outcome);
    observation.error(error);
  }

  /** Closes the scope, stops the observation and restores the MDC. */
  @Override
  public void close() {
    try {
      scope.close();
      observation.stop();
    } finally {
      mdc.close();
    }
  }
}

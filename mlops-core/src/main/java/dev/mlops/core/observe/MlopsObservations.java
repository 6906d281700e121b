package dev.mlops.core.observe;

import io.micrometer.common.docs.KeyName;
import io.micrometer.observation.docs.ObservationDocumentation;

/**
 * The Micrometer observations the SDK makes when given an {@link
 * io.micrometer.observation.ObservationRegistry}: each becomes a span for an application with
 * Micrometer Tracing (or the OpenTelemetry bridge), and a timer for one with the default meter
 * handler. Every observation carries the low-cardinality keys of {@link Keys}: {@code model},
 * {@code version} (absent where no version is known) and {@code outcome}. The SDK depends on
 * {@code micrometer-observation} only (which {@code micrometer-core} brings), never on a tracer.
 *
 * @since 0.1
 */
public enum MlopsObservations implements ObservationDocumentation {

  /**
   * One {@code predict} or {@code predictBatch} call on a loaded version: {@code mlops.predict};
   * outcomes {@code success}, {@code invalid_input}, {@code engine_error}.
   */
  PREDICT("mlops.predict"),

  /**
   * Loading, checking and warming up a version: {@code mlops.model.load}; outcomes {@code
   * success}, {@code failure}.
   */
  LOAD("mlops.model.load"),

  /**
   * A deployment switching to the version its alias points to (the load included): {@code
   * mlops.deployment.swap}; {@code version} is the new version; outcomes {@code success}, {@code
   * failure}.
   */
  SWAP("mlops.deployment.swap"),

  /**
   * Comparing a closed monitor window with the version's reference profile: {@code
   * mlops.drift.report}; outcomes {@code drift}, {@code no_drift}, {@code failure}.
   */
  DRIFT_REPORT("mlops.drift.report"),

  /**
   * One cycle of a lifecycle controller: {@code mlops.lifecycle.cycle}; {@code version} is the
   * champion; the outcome is the cycle's, in lower case ({@code not_retrained}, {@code promoted},
   * {@code failed}, ...).
   */
  LIFECYCLE_CYCLE("mlops.lifecycle.cycle");

  private final String name;

  MlopsObservations(String name) {
    this.name = name;
  }

  @Override
  public String getName() {
    return name;
  }

  @Override
  public KeyName[] getLowCardinalityKeyNames() {
    return Keys.values();
  }

  /**
   * The low-cardinality keys of every SDK observation.
   *
   * @since 0.1
   */
  public enum Keys implements KeyName {
    /** The model name. */
    MODEL("model"),
    /** The version number. */
    VERSION("version"),
    /** How it ended, such as {@code success}. */
    OUTCOME("outcome");

    private final String key;

    Keys(String key) {
      this.key = key;
    }

    @Override
    public String asString() {
      return key;
    }
  }
}

package dev.mlops.alert;

import java.time.Instant;
import java.util.Objects;

/**
 * A notification that a rule's condition started to hold for a model version, or cleared.
 *
 * @param rule the name of the rule
 * @param severity how urgent it is
 * @param state firing or resolved
 * @param modelName the model concerned
 * @param version the version concerned
 * @param message what was observed, for people
 * @param at when the dispatcher raised it (the window end of the snapshot that triggered it)
 * @since 0.1
 */
public record Alert(
    String rule,
    Severity severity,
    AlertState state,
    String modelName,
    int version,
    String message,
    Instant at) {

  /**
   * Validates the components.
   *
   * @param rule the name of the rule
   * @param severity how urgent it is
   * @param state firing or resolved
   * @param modelName the model concerned
   * @param version the version concerned
   * @param message what was observed
   * @param at when it was raised
   * @throws IllegalArgumentException if the version is not positive
   */
  public Alert {
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(modelName, "modelName");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(at, "at");
    if (version < 1) {
      throw new IllegalArgumentException("version must be positive but was " + version);
    }
  }

  /**
   * A one-line summary, such as {@code [CRITICAL] FIRING accuracy-below-0.8 churn v3: ...}.
   *
   * @return the text, also used as the Slack-compatible {@code text} of webhook payloads
   */
  public String summary() {
    return "[" + severity + "] " + state + " " + rule + " " + modelName + " v" + version + ": "
        + message;
  }
}

package dev.mlops.djl;

import dev.mlops.core.comparison.CanaryOutcomes;
import dev.mlops.core.lifecycle.CanaryGate;
import dev.mlops.core.lifecycle.ComparisonRules;
import dev.mlops.core.lifecycle.PromotionResult;
import dev.mlops.core.lifecycle.Promotions;
import dev.mlops.core.monitor.JoinedOutcome;
import dev.mlops.core.monitor.ModelMonitor;
import dev.mlops.internal.SetOnce;
import dev.mlops.lifecycle.GateDecision;
import dev.mlops.predict.Prediction;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.Subscription;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Watches a canary deployment's live outcomes: records the actual class of each prediction for the
 * version that answered it, rolls the canary back when it is significantly worse than the champion
 * (opt-in), and promotes it through a {@link CanaryGate} when it is better.
 *
 * <pre>{@code
 * CanaryController canary = CanaryController.builder(deployment, rules)
 *     .autoRollback(true)                 // off unless asked for
 *     .minOutcomesPerVersion(500)
 *     .build();
 * Prediction p = deployment.predict(row);
 * // later, when the outcome is known:
 * canary.recordOutcome(p, "churn");       // may stop the canary
 * // on a schedule, or once enough outcomes are in:
 * canary.promoteIfBetter(Promotions.of(registry));
 * }</pre>
 *
 * <p>With {@code autoRollback}, every {@code checkEvery}-th outcome of the canary triggers a check:
 * once each side has {@code minOutcomesPerVersion} outcomes and the {@link ComparisonRules} find
 * the canary significantly worse on a metric ({@link ComparisonRules#regression}), the deployment's
 * canary is stopped ({@link RoutedDeployment#stopCanary}) with the reasons. Without it, {@link
 * #check()} reports the same verdict and changes nothing. Checking often raises the chance of a
 * false alarm (each check is a test at the significance level), which is why checks are spaced.
 *
 * <p>Outcomes come from the application ({@link #recordOutcome}) or, when the deployment is
 * monitored, from the monitor's join of outcomes to their predictions ({@link
 * Builder#outcomesFrom}): the application then reports each outcome to the monitor alone, by
 * prediction id and as late as it comes, and it counts for the version that made the prediction.
 * The comparison runs on the thread that reported the outcome, never on a prediction call.
 * Thread-safe.
 *
 * <pre>{@code
 * ModelMonitor monitor = ModelMonitor.builder().registry(registry).build();
 * Deployment<Map<String, Object>, Prediction> monitored = monitor.wrap(deployment);
 * CanaryController canary = CanaryController.builder(deployment, rules)
 *     .autoRollback(true).outcomesFrom(monitor).build();
 * Prediction p = monitored.predict(row);
 * // later, when the outcome is known:
 * monitor.recordOutcome(p.predictionId(), "churn");   // reaches the controller; may stop the canary
 * }</pre>
 *
 * @since 0.1
 */
public final class CanaryController implements AutoCloseable {

  private final RoutedDeployment deployment;
  private final CanaryOutcomes outcomes;
  private final CanaryGate gate;
  private final boolean autoRollback;
  private final int checkEvery;
  private long sinceCheck;
  private @Nullable List<String> rollbackReasons;
  private volatile @Nullable Subscription subscription;

  private CanaryController(Builder b, CanaryOutcomes outcomes) {
    this.deployment = b.deployment;
    this.outcomes = outcomes;
    this.gate = new CanaryGate(outcomes, b.rules, b.minOutcomesPerVersion);
    this.autoRollback = b.autoRollback;
    this.checkEvery = b.checkEvery;
  }

  /**
   * Starts a controller of a canary deployment.
   *
   * @param deployment a deployment with a canary routing
   * @param rules when the canary is better (to promote) or significantly worse (to roll back)
   * @return a builder
   * @throws IllegalArgumentException if the deployment's routing is not a canary
   * @since 0.1
   */
  public static Builder builder(RoutedDeployment deployment, ComparisonRules rules) {
    Objects.requireNonNull(deployment, "deployment");
    if (deployment.routing().mode() != Routing.Mode.CANARY) {
      throw new IllegalArgumentException("A canary controller needs a canary routing, but "
          + deployment.target() + " routes: " + deployment.routing());
    }
    return new Builder(deployment, Objects.requireNonNull(rules, "rules"));
  }

  /**
   * Records the actual class of a prediction the deployment made, for the version that made it;
   * with automatic rollback, may stop the canary.
   *
   * @param prediction the prediction, as the deployment returned it (its scores in the order of
   *     the champion's output classes)
   * @param actual the actual class
   * @return the verdict of the check this outcome triggered, or empty when none was due
   * @throws IllegalArgumentException if the actual class is unknown or the scores do not match
   *     the classes; nothing is recorded then
   * @since 0.1
   */
  public Optional<Verdict> recordOutcome(Prediction prediction, String actual) {
    outcomes.record(prediction, actual);
    return recorded(prediction.version());
  }

  /** Records an outcome the monitor joined; a failure is logged by the monitor. */
  private void recordJoined(JoinedOutcome outcome) {
    outcomes.record(outcome);
    recorded(outcome.version());
  }

  private Optional<Verdict> recorded(int version) {
    if (!autoRollback || !isCanary(version)) {
      return Optional.empty();
    }
    synchronized (this) {
      if (++sinceCheck < checkEvery) {
        return Optional.empty();
      }
      sinceCheck = 0;
    }
    return Optional.of(check());
  }

  /**
   * Compares the canary's outcomes with the champion's now; with automatic rollback, stops a
   * canary that is significantly worse.
   *
   * @return the verdict, with its reasons
   * @since 0.1
   */
  public synchronized Verdict check() {
    if (deployment.canaryStopped()) {
      return new Verdict(Verdict.Kind.STOPPED, rollbackReasons != null ? rollbackReasons
          : List.of("the canary was stopped"));
    }
    Optional<ModelVersion> canary = deployment.challengerVersion();
    if (canary.isEmpty()) {
      return new Verdict(Verdict.Kind.UNDECIDED, List.of("the canary challenger is not serving"));
    }
    int champion = deployment.modelVersion().version();
    ComparisonRules.Judgement regression = gate.regression(canary.get().version(), champion);
    if (!regression.holds()) {
      return new Verdict(Verdict.Kind.UNDECIDED, regression.reasons());
    }
    if (autoRollback && deployment.stopCanary(String.join("; ", regression.reasons()))) {
      rollbackReasons = regression.reasons();
      return new Verdict(Verdict.Kind.ROLLED_BACK, regression.reasons());
    }
    return new Verdict(Verdict.Kind.WORSE, regression.reasons());
  }

  /**
   * Promotes the canary's version to the production alias when the {@link CanaryGate} approves it
   * on the recorded outcomes, compare-and-set against the champion it was judged against, and
   * then stops the canary (the champion follows the alias to the promoted version).
   *
   * @param promotions moves the aliases and records the verdict in the registry
   * @return the gate's decision and, when it approved, the promotion's result
   * @throws IllegalStateException if the canary challenger is not serving
   * @since 0.1
   */
  public synchronized Promotion promoteIfBetter(Promotions promotions) {
    ModelVersion canary = deployment.challengerVersion().orElseThrow(() -> new IllegalStateException(
        "The canary challenger of " + deployment.target() + " is not serving; nothing to promote"));
    ModelVersion champion = deployment.modelVersion();
    GateDecision decision = gate.evaluate(canary, Optional.of(champion));
    promotions.recordVerdict(canary, champion.version(), decision);
    if (!decision.approved()) {
      return new Promotion(decision, null);
    }
    PromotionResult result = promotions.promote(canary.name(), canary.version(), champion.version(),
        decision.reasons());
    if (result.promoted()) {
      deployment.stopCanary("promoted version " + canary.version() + " to production");
    }
    return new Promotion(decision, result);
  }

  /**
   * The outcomes recorded so far.
   *
   * @return the per-version outcomes
   * @since 0.1
   */
  public CanaryOutcomes outcomes() {
    return outcomes;
  }

  /**
   * Stops listening to the monitor given to {@link Builder#outcomesFrom}, if any; the recorded
   * outcomes stay. Idempotent.
   *
   * @since 0.1
   */
  @Override
  public void close() {
    Subscription s = subscription;
    if (s != null) {
      subscription = null;
      s.close();
    }
  }

  private boolean isCanary(int version) {
    return deployment.challengerVersion().map(v -> v.version() == version).orElse(false);
  }

  /**
   * A check's verdict.
   *
   * @param kind what was found
   * @param reasons why: the figures and tests
   * @since 0.1
   */
  public record Verdict(Kind kind, List<String> reasons) {

    /**
     * Copies the reasons.
     *
     * @since 0.1
     */
    public Verdict {
      Objects.requireNonNull(kind, "kind");
      reasons = List.copyOf(reasons);
    }

    /**
     * What a check found.
     *
     * @since 0.1
     */
    public enum Kind {
      /** Not significantly worse, or too few outcomes yet. */
      UNDECIDED,
      /** Significantly worse; not rolled back because automatic rollback is off. */
      WORSE,
      /** Significantly worse, and this check stopped the canary. */
      ROLLED_BACK,
      /** The canary had already been stopped. */
      STOPPED
    }
  }

  /**
   * What {@link #promoteIfBetter} did.
   *
   * @param decision the canary gate's decision
   * @param result the promotion, or null when the gate did not approve
   * @since 0.1
   */
  public record Promotion(GateDecision decision, @Nullable PromotionResult result) {}

  /**
   * Configures a {@link CanaryController}.
   *
   * @since 0.1
   */
  public static final class Builder {
    private final RoutedDeployment deployment;
    private final ComparisonRules rules;
    private boolean autoRollback;
    private int minOutcomesPerVersion = 500;
    private int checkEvery = 100;
    private @Nullable CanaryOutcomes outcomes;
    private final Set<String> given = new HashSet<>();
    private @Nullable ModelMonitor monitor;

    private Builder(RoutedDeployment deployment, ComparisonRules rules) {
      this.deployment = deployment;
      this.rules = rules;
    }

    /**
     * Turns automatic rollback on or off.
     *
     * @param value true to stop a canary found significantly worse; default false
     * @return this builder
     * @throws IllegalStateException if already set
     * @since 0.1
     */
    public Builder autoRollback(boolean value) {
      SetOnce.mark(given, "autoRollback");
      this.autoRollback = value;
      return this;
    }

    /**
     * Sets how many outcomes each side needs before any verdict.
     *
     * @param value at least 1; default 500
     * @return this builder
     * @throws IllegalArgumentException if not positive
     * @throws IllegalStateException if already set
     * @since 0.1
     */
    public Builder minOutcomesPerVersion(int value) {
      if (value < 1) {
        throw new IllegalArgumentException("minOutcomesPerVersion must be positive but was " + value);
      }
      SetOnce.mark(given, "minOutcomesPerVersion");
      this.minOutcomesPerVersion = value;
      return this;
    }

    /**
     * Sets after how many of the canary's outcomes automatic rollback checks again.
     *
     * @param value at least 1; default 100
     * @return this builder
     * @throws IllegalArgumentException if not positive
     * @throws IllegalStateException if already set
     * @since 0.1
     */
    public Builder checkEvery(int value) {
      if (value < 1) {
        throw new IllegalArgumentException("checkEvery must be positive but was " + value);
      }
      SetOnce.mark(given, "checkEvery");
      this.checkEvery = value;
      return this;
    }

    /**
     * Uses a given record of outcomes, for example to set its positive class or bound.
     *
     * @param value the record; default one over the champion's output classes
     * @return this builder
     * @throws IllegalStateException if already set
     * @since 0.1
     */
    public Builder outcomes(CanaryOutcomes value) {
      this.outcomes = SetOnce.value("outcomes", outcomes, value);
      return this;
    }

    /**
     * Takes the outcomes from a monitor of the deployment: each outcome the monitor joins to its
     * prediction ({@link ModelMonitor#recordOutcome}, late ones included) is recorded for the
     * version that made the prediction, as {@link CanaryController#recordOutcome} would, until
     * the controller is closed. The monitor should watch the deployment ({@code
     * monitor.wrap(deployment)}) with every row sampled (its default), or only the sampled share
     * of outcomes arrives. Outcomes the controller cannot record (not a class of the outcomes
     * record) are logged by the monitor and skipped.
     *
     * @param value the monitor
     * @return this builder
     * @throws IllegalStateException if a monitor was given already
     * @since 0.1
     */
    public Builder outcomesFrom(ModelMonitor value) {
      this.monitor = SetOnce.value("outcomesFrom", monitor, value);
      return this;
    }

    /**
     * Builds the controller.
     *
     * @return the controller
     * @throws IllegalStateException if no outcomes record was given and the champion's signature
     *     names no output classes
     * @since 0.1
     */
    public CanaryController build() {
      CanaryOutcomes record = outcomes;
      if (record == null) {
        ModelVersion champion = deployment.modelVersion();
        if (champion.signature() == null || champion.signature().outputs().isEmpty()
            || champion.signature().outputs().get(0).categories().size() < 2) {
          throw new IllegalStateException("Version " + champion.version() + " of model '" + champion.name()
              + "' names no output classes in its signature; give the classes with outcomes(new CanaryOutcomes(...))");
        }
        record = new CanaryOutcomes(champion.signature().outputs().get(0).categories());
      }
      CanaryController controller = new CanaryController(this, record);
      if (monitor != null) {
        controller.subscription = monitor.onOutcomeJoined(controller::recordJoined);
      }
      return controller;
    }
  }
}

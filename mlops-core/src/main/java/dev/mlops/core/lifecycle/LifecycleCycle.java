package dev.mlops.core.lifecycle;

import dev.mlops.core.lifecycle.CycleResult.Outcome;
import dev.mlops.core.lifecycle.CycleResult.Step;
import dev.mlops.core.lifecycle.LifecycleEvent.Kind;
import dev.mlops.core.observe.ObservedCall;
import dev.mlops.lifecycle.GateDecision;
import dev.mlops.lifecycle.PromotionGate;
import dev.mlops.lifecycle.RetrainDecision;
import dev.mlops.lifecycle.RetrainPolicy;
import dev.mlops.monitor.MonitorSnapshot;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.Page;
import dev.mlops.registry.PageRequest;
import dev.mlops.registry.RegisteredModel;
import dev.mlops.training.TrainingRun;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One pass of a {@link LifecycleController}: monitor, policy, training, gate and promotion, each
 * step's failure ending the pass with a {@link CycleResult} that names the step. A pass runs under
 * the controller's cycle lock; the controller keeps what lasts between passes (the schedule, the
 * leadership, the time of the last retrain) and this class what one pass decides.
 */
final class LifecycleCycle {

  private static final Logger LOG = LoggerFactory.getLogger(LifecycleController.class);

  private final LifecycleController controller;
  private final ModelRegistry registry;
  private final String model;
  private final Supplier<Optional<MonitorSnapshot>> snapshots;
  private final RetrainPolicy policy;
  private final @Nullable Supplier<TrainingRun> trainingJob;
  private final @Nullable TrainingJob taggedJob;
  private final PromotionGate gate;
  private final Clock clock;
  private final LongSupplier newDataRows;
  private final Promotions promotions;

  private final Instant started;
  private final ObservedCall observed;
  private @Nullable Integer champion;
  private @Nullable Integer challenger;

  LifecycleCycle(LifecycleController controller, Instant started, ObservedCall observed) {
    this.controller = controller;
    this.registry = controller.registry;
    this.model = controller.model;
    this.snapshots = controller.snapshots;
    this.policy = controller.policy;
    this.trainingJob = controller.trainingJob;
    this.taggedJob = controller.taggedJob;
    this.gate = controller.gate;
    this.clock = controller.clock;
    this.newDataRows = controller.newDataRows;
    this.promotions = controller.promotions;
    this.started = started;
    this.observed = observed;
  }

  CycleResult run() {
    try {
      return stepByStep();
    } catch (StepFailure f) {
      String reason = f.step.name().toLowerCase(Locale.ROOT) + " step failed: "
          + describe(f.failure());
      LOG.warn("Model '{}': {}", model, reason, f.failure());
      Kind kind = f.step == Step.TRAINING ? Kind.RUN_FAILED : Kind.STEP_FAILED;
      controller.emit(kind, challenger, champion, List.of(reason));
      if (f.step == Step.TRAINING) {
        recordQuietly(LifecycleTags.RETRAIN_STATUS, "failed: " + describe(f.failure()));
      }
      return end(Outcome.FAILED, f.step, List.of(reason));
    }
  }

  private CycleResult stepByStep() {
    if (!controller.leads()) {
      String reason = "another instance leads model '" + model + "'";
      controller.emit(Kind.CYCLE_SKIPPED, null, null, List.of(reason));
      return end(Outcome.NOT_LEADER, null, List.of(reason));
    }
    RegisteredModel registered = step(Step.REGISTRY, () -> registry.getModel(model));
    champion = registered.aliases().get(promotions.productionAlias());
    if (champion != null) {
      observed.version(champion);
    }
    String open = registered.tags().get(LifecycleTags.RETRAIN_TRIGGER);
    if (open != null) {
      return resume(open, registered);
    }
    if (champion == null) {
      String reason = "model '" + model + "' has no '" + promotions.productionAlias() + "' version to retrain;"
          + " promote a first version";
      controller.emit(Kind.CYCLE_SKIPPED, null, null, List.of(reason));
      return end(Outcome.NO_CHAMPION, null, List.of(reason));
    }
    int championVersion = champion;
    ModelVersion current = step(Step.REGISTRY, () -> registry.getVersion(model, championVersion));
    Optional<MonitorSnapshot> snapshot = step(Step.MONITOR,
        () -> Objects.requireNonNull(snapshots.get(), "the snapshot source returned null instead of empty"));
    long rows = step(Step.MONITOR, newDataRows::getAsLong);
    Instant now = clock.instant();
    Optional<Instant> last = lastRetrain(registered);
    SnapshotRetrainContext context = step(Step.MONITOR,
        () -> SnapshotRetrainContext.of(now, current, last, snapshot, rows));
    RetrainDecision decision = step(Step.POLICY,
        () -> Objects.requireNonNull(policy.evaluate(context), "the retrain policy returned null"));
    if (!decision.retrain()) {
      controller.emit(Kind.RETRAIN_SKIPPED, null, champion, decision.reasons());
      return end(Outcome.NOT_RETRAINED, null, decision.reasons());
    }
    controller.emit(Kind.RETRAIN_DECIDED, null, champion, decision.reasons());
    String reasons = LifecycleTags.joined(decision.reasons());
    String trigger = now + " " + UUID.randomUUID();
    step(Step.REGISTRY, () -> {
      registry.setModelTag(model, LifecycleTags.RETRAIN_REASONS, reasons);
      registry.setModelTag(model, LifecycleTags.RETRAIN_LAST, now.toString());
      registry.setModelTag(model, LifecycleTags.RETRAIN_STATUS, "running");
      // Written last: a leader that finds it also finds the reasons and the time.
      registry.setModelTag(model, LifecycleTags.RETRAIN_TRIGGER, trigger);
      return null;
    });
    controller.lastRetrainAt = now;
    controller.emit(Kind.RUN_STARTED, null, champion, decision.reasons());
    return trainJudgeAndAct(trigger, reasons, current);
  }

  /** Trains a challenger for a retrain, records it and judges it. */
  private CycleResult trainJudgeAndAct(String trigger, String reasons, ModelVersion current) {
    ModelVersion trained;
    try {
      trained = train(trigger);
    } catch (StepFailure f) {
      // A failed training ends its retrain: the next one is the policy's decision again.
      closeTriggerQuietly(trigger);
      throw f;
    }
    challenger = trained.version();
    controller.emit(Kind.RUN_SUCCEEDED, challenger, champion, List.of("registered version " + challenger
        + " with metrics " + trained.metrics()));
    step(Step.REGISTRY, () -> {
      registry.setModelTag(model, LifecycleTags.RETRAIN_STATUS, "succeeded: version " + trained.version());
      registry.setVersionTag(model, trained.version(), LifecycleTags.RETRAIN_REASONS, reasons);
      if (taggedJob == null) {
        registry.setVersionTag(model, trained.version(), LifecycleTags.RETRAIN_TRIGGER, trigger);
      }
      return null;
    });
    return judgeAndAct(trigger, trained, current);
  }

  /**
   * Carries on a retrain that was decided (by this or another instance) and not finished: from
   * training if no challenger carries its tag, from the gate if the challenger has no verdict,
   * from the promotion if it was approved and the alias does not point to it yet.
   */
  private CycleResult resume(String trigger, RegisteredModel registered) {
    String recorded = registered.tags().getOrDefault(LifecycleTags.RETRAIN_REASONS, "");
    controller.emit(Kind.RETRAIN_RESUMED, null, champion, List.of("carrying on retrain " + trigger
        + " that was not finished (" + registered.tags().getOrDefault(
            LifecycleTags.RETRAIN_STATUS, "no status") + "): " + recorded));
    Optional<ModelVersion> found = step(Step.REGISTRY, () -> challengerOf(trigger));
    if (found.isEmpty()) {
      if (champion == null) {
        closeTrigger(trigger);
        String reason = "model '" + model + "' has no '" + promotions.productionAlias()
            + "' version any more; retrain " + trigger + " is dropped";
        controller.emit(Kind.CYCLE_SKIPPED, null, null, List.of(reason));
        return end(Outcome.NO_CHAMPION, null, List.of(reason));
      }
      int championVersion = champion;
      ModelVersion current = step(Step.REGISTRY, () -> registry.getVersion(model, championVersion));
      controller.emit(Kind.RUN_STARTED, null, champion, List.of("retrain " + trigger
          + " registered no challenger before it stopped; training again"));
      return trainJudgeAndAct(trigger, recorded, current);
    }
    ModelVersion trained = found.get();
    challenger = trained.version();
    String verdict = trained.tags().get(LifecycleTags.GATE);
    if (verdict == null) {
      Integer at = champion;
      ModelVersion current = at == null ? null : step(Step.REGISTRY, () -> registry.getVersion(model, at));
      return judgeAndAct(trigger, trained, current);
    }
    List<String> gateReasons = List.of(trained.tags().getOrDefault(LifecycleTags.GATE_REASONS, verdict));
    switch (verdict) {
      case "approved" -> {
        if (Objects.equals(champion, trained.version())) {
          closeTrigger(trigger);
          String reason = "version " + trained.version() + " was already promoted for retrain " + trigger;
          return end(Outcome.PROMOTED, null, List.of(reason));
        }
        String expected = trained.tags().getOrDefault(LifecycleTags.GATE_CHAMPION, "none");
        return promote(trigger, trained.version(), expected.equals("none") ? null : Integer.valueOf(expected),
            gateReasons);
      }
      case "pending_approval" -> {
        int version = trained.version();
        step(Step.PROMOTION, () -> promotions.stage(model, version, gateReasons));
        closeTrigger(trigger);
        controller.emit(Kind.PENDING_APPROVAL, version, champion,
            List.of("alias '" + promotions.stagingAlias()
            + "' points to version " + version + "; approve or reject it"));
        return end(Outcome.PENDING_APPROVAL, null, gateReasons);
      }
      default -> {
        closeTrigger(trigger);
        return end(verdict.equals("rejected") ? Outcome.REJECTED : Outcome.FAILED,
            verdict.equals("rejected") ? null : Step.GATE, gateReasons);
      }
    }
  }

  private void closeTriggerQuietly(String trigger) {
    try {
      closeTrigger(trigger);
    } catch (StepFailure f) {
      LOG.warn("Cannot mark retrain {} of model '{}' finished: {}; the next cycle carries it on",
          trigger, model, describe(f.failure()));
    }
  }

  /** The version registered for a retrain, looked for among all versions, newest first. */
  private Optional<ModelVersion> challengerOf(String trigger) {
    List<ModelVersion> recent = new ArrayList<>();
    Optional<PageRequest> page = Optional.of(PageRequest.first(PageRequest.MAX_LIMIT));
    while (page.isPresent()) {
      Page<ModelVersion> versions = registry.listVersions(model, page.get());
      recent.addAll(versions.items());
      page = versions.nextRequest(page.get());
    }
    recent.sort(Comparator.comparingInt(ModelVersion::version).reversed());
    return recent.stream()
        .filter(v -> trigger.equals(v.tags().get(LifecycleTags.RETRAIN_TRIGGER)))
        .findFirst();
  }

  /** Marks a retrain as finished: its promotion decision is made (or it failed for good). */
  private void closeTrigger(String trigger) {
    step(Step.REGISTRY, () -> {
      registry.deleteModelTag(model, LifecycleTags.RETRAIN_TRIGGER);
      return null;
    });
    LOG.debug("Model '{}': retrain {} finished", model, trigger);
  }

  private ModelVersion train(String trigger) {
    TrainingRun run = step(Step.TRAINING, () -> Objects.requireNonNull(taggedJob != null
        ? taggedJob.run(Map.of(LifecycleTags.RETRAIN_TRIGGER, trigger))
        : Objects.requireNonNull(trainingJob).get(), "the training job returned null"));
    if (!run.succeeded()) {
      throw new StepFailure(Step.TRAINING, new IllegalStateException("run " + run.runId() + " failed: "
          + run.failure()));
    }
    ModelVersion trained = Objects.requireNonNull(run.registered());
    if (!trained.name().equals(model)) {
      throw new StepFailure(Step.TRAINING, new IllegalStateException("run " + run.runId()
          + " registered a version of model '" + trained.name() + "', but this controller manages '" + model
          + "'"));
    }
    return trained;
  }

  private CycleResult judgeAndAct(String trigger, ModelVersion trained, @Nullable ModelVersion current) {
    GateDecision verdict;
    try {
      verdict = Objects.requireNonNull(gate.evaluate(trained, Optional.ofNullable(current)),
          "the gate returned null");
    } catch (RuntimeException | LinkageError e) {
      tagQuietly(trained.version(), LifecycleTags.GATE, "error");
      tagQuietly(trained.version(), LifecycleTags.GATE_REASONS, LifecycleTags.fit(describe(e)));
      closeTriggerQuietly(trigger);
      throw new StepFailure(Step.GATE, e);
    }
    Integer championVersion = current == null ? null : current.version();
    step(Step.REGISTRY, () -> {
      promotions.recordVerdict(trained, championVersion, verdict);
      return null;
    });
    int version = trained.version();
    switch (verdict.verdict()) {
      case REJECT -> {
        closeTrigger(trigger);
        controller.emit(Kind.GATE_REJECTED, version, champion, verdict.reasons());
        return end(Outcome.REJECTED, null, verdict.reasons());
      }
      case PENDING_APPROVAL -> {
        controller.emit(Kind.GATE_PENDING, version, champion, verdict.reasons());
        step(Step.PROMOTION, () -> promotions.stage(model, version, verdict.reasons()));
        closeTrigger(trigger);
        controller.emit(Kind.PENDING_APPROVAL, version, champion,
            List.of("alias '" + promotions.stagingAlias()
            + "' points to version " + version + "; approve or reject it"));
        return end(Outcome.PENDING_APPROVAL, null, verdict.reasons());
      }
      default -> {
        controller.emit(Kind.GATE_APPROVED, version, champion, verdict.reasons());
        return promote(trigger, version, championVersion, verdict.reasons());
      }
    }
  }

  /**
   * Moves the production alias to an approved challenger, compare-and-set against the champion
   * the gate compared with, after checking that this instance still leads.
   */
  private CycleResult promote(String trigger, int version, @Nullable Integer expected, List<String> reasons) {
    if (!controller.stillLeads()) {
      String reason = "lost the leadership of model '" + model + "' before promoting version "
          + version + "; the next leader carries retrain " + trigger + " on";
      controller.emit(Kind.LEADERSHIP_LOST, version, champion, List.of(reason));
      return end(Outcome.NOT_LEADER, null, List.of(reason));
    }
    PromotionResult result = step(Step.PROMOTION,
        () -> promotions.promote(model, version, expected, reasons));
    closeTrigger(trigger);
    if (result.promoted()) {
      controller.emit(Kind.PROMOTED, version, champion, List.of(result.reason()));
      return end(Outcome.PROMOTED, null, List.of(result.reason()));
    }
    controller.emit(Kind.PROMOTION_CONFLICT, version, champion, List.of(result.reason()));
    return end(Outcome.PROMOTION_CONFLICT, null, List.of(result.reason()));
  }

  private Optional<Instant> lastRetrain(RegisteredModel registered) {
    Instant remembered = controller.lastRetrainAt;
    String tag = registered.tags().get(LifecycleTags.RETRAIN_LAST);
    Instant recorded = null;
    if (tag != null) {
      try {
        recorded = Instant.parse(tag);
      } catch (DateTimeParseException e) {
        LOG.warn("Model '{}' has a malformed tag {}='{}'; ignoring it", model, LifecycleTags.RETRAIN_LAST, tag);
      }
    }
    if (remembered == null || (recorded != null && recorded.isAfter(remembered))) {
      return Optional.ofNullable(recorded);
    }
    return Optional.of(remembered);
  }

  private CycleResult end(Outcome outcome, @Nullable Step failed, List<String> reasons) {
    return new CycleResult(outcome, model, champion, challenger, failed, reasons, started, clock.instant());
  }

  private void recordQuietly(String key, String value) {
    try {
      registry.setModelTag(model, key, LifecycleTags.fit(value));
    } catch (RuntimeException e) {
      LOG.warn("Cannot record {} of model '{}': {}", key, model, describe(e));
    }
  }

  private void tagQuietly(int version, String key, String value) {
    try {
      registry.setVersionTag(model, version, key, value);
    } catch (RuntimeException e) {
      LOG.warn("Cannot tag version {} of model '{}' with {}: {}", version, model, key, describe(e));
    }
  }

  static <T> T step(Step step, Supplier<T> action) {
    try {
      return action.get();
    } catch (StepFailure f) {
      throw f;
    } catch (RuntimeException | LinkageError e) {
      // LinkageError: a training job on a native engine may fail to load its library; that is a
      // failed step, not a reason to end the schedule.
      throw new StepFailure(step, e);
    }
  }

  /** Carries a step's failure to the end of the cycle. */
  private static final class StepFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient Step step;

    StepFailure(Step step, Throwable cause) {
      super(cause.getMessage(), cause, false, false);
      this.step = step;
    }

    /** The step's own exception, which the constructor made the cause. */
    Throwable failure() {
      return Objects.requireNonNull(getCause());
    }
  }

  static String describe(Throwable e) {
    return e.getMessage() == null ? e.toString() : e.getClass().getSimpleName() + ": " + e.getMessage();
  }
}

package dev.mlops.core.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.core.lifecycle.CycleResult.Outcome;
import dev.mlops.core.lifecycle.CycleResult.Step;
import dev.mlops.core.lifecycle.LifecycleEvent.Kind;
import dev.mlops.core.testing.MutableClock;
import dev.mlops.lifecycle.GateDecision;
import dev.mlops.lifecycle.PromotionGate;
import dev.mlops.lifecycle.RetrainPolicy;
import dev.mlops.monitor.MonitorSnapshot;
import dev.mlops.registry.AliasPrecondition;
import dev.mlops.registry.AuditAction;
import dev.mlops.registry.AuditEntry;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.RegistryStorageException;
import dev.mlops.training.TrainingRun;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LifecycleControllerTest {

  private static final Instant START = Instant.parse("2026-03-02T00:00:00Z"); // a Monday
  private static final RetrainPolicy ALWAYS = context -> dev.mlops.lifecycle.RetrainDecision.retrain("test: always");
  private static final PromotionGate BETTER_AUC = MetricThresholdGate.builder().floor("roc_auc", 0.7)
      .minImprovement("roc_auc", 0.01).build();

  @TempDir Path dir;

  private final MutableClock clock = new MutableClock(START);
  private final List<LifecycleEvent> events = new CopyOnWriteArrayList<>();
  private final AtomicReference<Supplier<TrainingRun>> training = new AtomicReference<>();
  private final AtomicReference<Supplier<Optional<MonitorSnapshot>>> snapshots =
      new AtomicReference<>(Optional::empty);
  private final AtomicInteger trainings = new AtomicInteger();
  private RegistryFixture fixture;
  private LifecycleController controller;

  @BeforeEach
  void setUp() {
    fixture = new RegistryFixture(dir, clock);
    fixture.champion(Map.of("roc_auc", 0.84, "log_loss", 0.40));
    training.set(() -> fixture.train(Map.of("roc_auc", 0.87, "log_loss", 0.38)));
  }

  @AfterEach
  void tearDown() {
    if (controller != null) {
      controller.close();
    }
    fixture.close();
  }

  private LifecycleController.Builder builder(ModelRegistry registry, RetrainPolicy policy, PromotionGate gate) {
    return LifecycleController.builder(registry, Fixtures.MODEL)
        .retrainPolicy(policy)
        .gate(gate)
        .trainingJob(() -> {
          trainings.incrementAndGet();
          return training.get().get();
        })
        .snapshots(() -> snapshots.get().get())
        .clock(clock)
        .listener(events::add);
  }

  private LifecycleController controller(RetrainPolicy policy, PromotionGate gate) {
    controller = builder(fixture.registry, policy, gate).build();
    return controller;
  }

  private List<Kind> kinds() {
    return events.stream().map(LifecycleEvent::kind).toList();
  }

  private static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within 10 s");
      }
      Thread.sleep(5);
    }
  }

  @Nested
  class Promotion {
    @Test
    void aBetterChallengerIsPromotedWithCompareAndSetAndEveryStepIsAudited() {
      CycleResult result = controller(ALWAYS, BETTER_AUC).runOnce();

      assertThat(result.outcome()).isEqualTo(Outcome.PROMOTED);
      assertThat(result.champion()).isEqualTo(1);
      assertThat(result.challenger()).isEqualTo(2);
      assertThat(fixture.production()).isEqualTo(2);
      assertThat(kinds()).containsExactly(Kind.RETRAIN_DECIDED, Kind.RUN_STARTED, Kind.RUN_SUCCEEDED,
          Kind.GATE_APPROVED, Kind.PROMOTED);
      assertThat(events).allSatisfy(e -> assertThat(e.time()).isEqualTo(START));

      List<AuditEntry> audit = fixture.audit();
      assertThat(audit).anySatisfy(e -> {
        assertThat(e.action()).isEqualTo(AuditAction.SET_ALIAS);
        assertThat(e.key()).isEqualTo("production");
        assertThat(e.before()).isEqualTo("1");
        assertThat(e.after()).isEqualTo("2");
        assertThat(e.reason()).isEqualTo("promoted version 2 over version 1: roc_auc 0.87 >= floor 0.7; roc_auc"
            + " 0.87 >= champion 0.84 + 0.01 (champion version 1)");
      });
      assertThat(fixture.registry.getModel("churn").tags()).containsEntry(LifecycleTags.RETRAIN_REASONS, "test: always")
          .containsEntry(LifecycleTags.RETRAIN_LAST, START.toString())
          .containsEntry(LifecycleTags.RETRAIN_STATUS, "succeeded: version 2");
      assertThat(fixture.tags(2)).containsEntry(LifecycleTags.GATE, "approved")
          .containsEntry(LifecycleTags.GATE_CHAMPION, "1").containsEntry(LifecycleTags.RETRAIN_REASONS, "test: always");
    }

    @Test
    void eachCycleIsObservedWithTheChampionAndItsOutcome() {
      List<String> observed = new CopyOnWriteArrayList<>();
      io.micrometer.observation.ObservationRegistry observations =
          io.micrometer.observation.ObservationRegistry.create();
      observations.observationConfig().observationHandler(
          new io.micrometer.observation.ObservationHandler<>() {
            @Override
            public boolean supportsContext(io.micrometer.observation.Observation.Context c) {
              return true;
            }

            @Override
            public void onStop(io.micrometer.observation.Observation.Context c) {
              observed.add(c.getName() + " " + c.getLowCardinalityKeyValues());
            }
          });
      controller = builder(fixture.registry, ALWAYS, BETTER_AUC).observationRegistry(observations)
          .build();
      controller.runOnce();
      controller.runOnce();
      assertThat(observed).containsExactly(
          "mlops.lifecycle.cycle [keyValue(model=churn),keyValue(outcome=promoted),"
              + "keyValue(version=1)]",
          "mlops.lifecycle.cycle [keyValue(model=churn),keyValue(outcome=rejected),"
              + "keyValue(version=2)]");
    }

    @Test
    void aWorseChallengerIsNotPromoted() {
      training.set(() -> fixture.train(Map.of("roc_auc", 0.80)));

      CycleResult result = controller(ALWAYS, BETTER_AUC).runOnce();

      assertThat(result.outcome()).isEqualTo(Outcome.REJECTED);
      assertThat(result.reasons()).containsExactly("roc_auc 0.8 < champion 0.84 + 0.01 (champion version 1)");
      assertThat(fixture.production()).isEqualTo(1);
      assertThat(fixture.tags(2)).containsEntry(LifecycleTags.GATE, "rejected")
          .containsEntry(LifecycleTags.GATE_REASONS, "roc_auc 0.8 < champion 0.84 + 0.01 (champion version 1)");
      assertThat(kinds()).endsWith(Kind.GATE_REJECTED);
    }

    @Test
    void aLostCompareAndSetRaceIsReportedAndLeavesProductionToTheOtherWriter() {
      training.set(() -> {
        TrainingRun run = fixture.train(Map.of("roc_auc", 0.9));
        // Someone rolls production forward by hand while the challenger trains.
        int hotfix = fixture.register(Map.of("roc_auc", 0.85)).version();
        fixture.registry.setAlias("churn", "production", hotfix, AliasPrecondition.any(), "hotfix");
        return run;
      });

      CycleResult result = controller(ALWAYS, BETTER_AUC).runOnce();

      assertThat(result.outcome()).isEqualTo(Outcome.PROMOTION_CONFLICT);
      assertThat(fixture.production()).isEqualTo(3);
      assertThat(kinds()).endsWith(Kind.GATE_APPROVED, Kind.PROMOTION_CONFLICT);
      assertThat(events.get(events.size() - 1).reasons().get(0))
          .contains("pointed to version 3 instead of version 1");
      assertThat(fixture.tags(2)).containsKey(LifecycleTags.PROMOTION);
    }

    @Test
    void withoutAChampionTheCycleSaysSo() {
      fixture.registry.deleteAlias("churn", "production", AliasPrecondition.any(), "test");

      CycleResult result = controller(ALWAYS, BETTER_AUC).runOnce();

      assertThat(result.outcome()).isEqualTo(Outcome.NO_CHAMPION);
      assertThat(trainings).hasValue(0);
      assertThat(kinds()).containsExactly(Kind.CYCLE_SKIPPED);
    }
  }

  @Nested
  class ManualApproval {
    @Test
    void aPendingChallengerIsStagedThenApprovedIntoProduction() {
      controller(ALWAYS, PromotionGates.allOf(BETTER_AUC, ManualApprovalGate.INSTANCE));

      CycleResult result = controller.runOnce();

      assertThat(result.outcome()).isEqualTo(Outcome.PENDING_APPROVAL);
      assertThat(fixture.staging()).isEqualTo(2);
      assertThat(fixture.production()).isEqualTo(1);
      assertThat(fixture.tags(2)).containsEntry(LifecycleTags.GATE, "pending_approval");
      assertThat(kinds()).endsWith(Kind.GATE_PENDING, Kind.PENDING_APPROVAL);

      PromotionResult approval = controller.approve(2, "alice", "checked the segments");

      assertThat(approval.promoted()).isTrue();
      assertThat(fixture.production()).isEqualTo(2);
      assertThat(fixture.staging()).isNull();
      assertThat(kinds()).endsWith(Kind.APPROVED);
    }

    @Test
    void aRejectedChallengerLeavesProductionAndStagingIsCleared() {
      controller(ALWAYS, ManualApprovalGate.INSTANCE).runOnce();

      controller.reject(2, "bob", "unfair to new customers");

      assertThat(fixture.production()).isEqualTo(1);
      assertThat(fixture.staging()).isNull();
      assertThat(fixture.tags(2)).containsEntry("approval", "rejected");
      assertThat(events.get(events.size() - 1).kind()).isEqualTo(Kind.REJECTED);
      assertThat(events.get(events.size() - 1).reasons()).containsExactly("rejected by bob: unfair to new customers");
    }
  }

  @Nested
  class Schedules {
    @Test
    void aWeeklyScheduleRetrainsWeeklyOverEightWeeksOfHourlyChecks() {
      controller(RetrainPolicies.weekly(DayOfWeek.MONDAY, LocalTime.of(3, 0), ZoneOffset.UTC), BETTER_AUC);
      AtomicInteger auc = new AtomicInteger(850);
      training.set(() -> fixture.train(Map.of("roc_auc", auc.addAndGet(15) / 1000.0)));

      for (int hour = 1; hour <= 8 * 7 * 24; hour++) {
        clock.set(START.plus(Duration.ofHours(hour)));
        controller.runOnce();
      }

      assertThat(trainings).hasValue(8);
      assertThat(events.stream().filter(e -> e.kind() == Kind.RUN_STARTED).map(LifecycleEvent::time))
          .allSatisfy(t -> assertThat(t.atZone(ZoneOffset.UTC).getDayOfWeek()).isEqualTo(DayOfWeek.MONDAY));
      assertThat(fixture.production()).isEqualTo(9);
    }

    @Test
    void persistentDriftRetrainsOnceWithinTheMinimumInterval() {
      // The monitor reports drift of whichever version serves, for three days.
      snapshots.set(() -> Optional.of(Fixtures.snapshot(fixture.production(),
          Fixtures.drift(Map.of("tenure", 0.31, "age", 0.2)), Map.of())));
      controller(RetrainPolicies.withMinimumInterval(RetrainPolicies.onFeatureDrift("tenure", 0.1),
          Duration.ofDays(7)), BETTER_AUC);

      for (int hour = 0; hour < 72; hour++) {
        clock.set(START.plus(Duration.ofHours(hour)));
        controller.runOnce();
      }

      assertThat(trainings).hasValue(1);
      assertThat(events.stream().filter(e -> e.kind() == Kind.RETRAIN_DECIDED).toList()).singleElement()
          .satisfies(e -> assertThat(e.reasons()).containsExactly("feature tenure drifted: wasserstein 0.31 >= 0.1"));
      assertThat(events.stream().filter(e -> e.kind() == Kind.RETRAIN_SKIPPED).toList()).hasSize(71)
          .allSatisfy(e -> assertThat(e.reasons().get(0)).startsWith("held back by minimum interval PT168H"));
    }

    @Test
    void theLastRetrainIsReadBackFromTheRegistryAfterARestart() {
      controller(RetrainPolicies.every(Duration.ofDays(1)), BETTER_AUC);
      clock.set(START.plus(Duration.ofDays(1)));
      assertThat(controller.runOnce().outcome()).isEqualTo(Outcome.PROMOTED);
      controller.close();

      controller = builder(fixture.registry, RetrainPolicies.every(Duration.ofDays(1)), BETTER_AUC).build();
      clock.set(START.plus(Duration.ofHours(47)));
      assertThat(controller.runOnce().outcome()).isEqualTo(Outcome.NOT_RETRAINED);
      clock.set(START.plus(Duration.ofHours(48)));
      training.set(() -> fixture.train(Map.of("roc_auc", 0.95)));
      assertThat(controller.runOnce().outcome()).isEqualTo(Outcome.PROMOTED);
    }
  }

  @Nested
  class Failures {
    @Test
    void aFailingSnapshotSourceIsReportedAndTheNextCycleWorks() {
      snapshots.set(() -> {
        throw new IllegalStateException("monitor closed");
      });
      controller(ALWAYS, BETTER_AUC);

      CycleResult failed = controller.runOnce();

      assertThat(failed.outcome()).isEqualTo(Outcome.FAILED);
      assertThat(failed.failedStep()).isEqualTo(Step.MONITOR);
      assertThat(failed.reasons()).containsExactly("monitor step failed: IllegalStateException: monitor closed");
      assertThat(kinds()).containsExactly(Kind.STEP_FAILED);
      assertThat(trainings).hasValue(0);
      snapshots.set(Optional::empty);
      assertThat(controller.runOnce().outcome()).isEqualTo(Outcome.PROMOTED);
    }

    @Test
    void aTrainingJobThatThrowsOrFailsIsReportedAndNothingIsPromoted() {
      training.set(() -> {
        throw new IllegalStateException("out of disk");
      });
      controller(ALWAYS, BETTER_AUC);

      CycleResult thrown = controller.runOnce();
      training.set(() -> fixture.failedRun("loss became NaN at epoch 3"));
      CycleResult failedRun = controller.runOnce();

      assertThat(thrown.failedStep()).isEqualTo(Step.TRAINING);
      assertThat(failedRun.failedStep()).isEqualTo(Step.TRAINING);
      assertThat(failedRun.reasons().get(0)).contains("loss became NaN at epoch 3");
      assertThat(kinds()).containsSubsequence(Kind.RUN_STARTED, Kind.RUN_FAILED, Kind.RUN_STARTED, Kind.RUN_FAILED);
      assertThat(fixture.registry.getModel("churn").tags().get(LifecycleTags.RETRAIN_STATUS))
          .startsWith("failed: ").contains("loss became NaN");
      assertThat(fixture.production()).isEqualTo(1);
      training.set(() -> fixture.train(Map.of("roc_auc", 0.9)));
      assertThat(controller.runOnce().outcome()).isEqualTo(Outcome.PROMOTED);
    }

    @Test
    void aGateThatThrowsIsReportedAndTheChallengerTaggedWithTheError() {
      AtomicBoolean broken = new AtomicBoolean(true);
      controller(ALWAYS, (challenger, champion) -> {
        if (broken.get()) {
          throw new IllegalArgumentException("no metric 'recall'");
        }
        return GateDecision.approve(List.of("fixed"));
      });

      CycleResult failed = controller.runOnce();

      assertThat(failed.failedStep()).isEqualTo(Step.GATE);
      assertThat(failed.challenger()).isEqualTo(2);
      assertThat(fixture.tags(2)).containsEntry(LifecycleTags.GATE, "error");
      assertThat(fixture.production()).isEqualTo(1);
      assertThat(kinds()).endsWith(Kind.RUN_SUCCEEDED, Kind.STEP_FAILED);
      broken.set(false);
      assertThat(controller.runOnce().outcome()).isEqualTo(Outcome.PROMOTED);
    }

    @Test
    void aFailingRegistryIsReportedAndTheNextCycleWorks() {
      AtomicBoolean down = new AtomicBoolean(true);
      ModelRegistry flaky = (ModelRegistry) Proxy.newProxyInstance(ModelRegistry.class.getClassLoader(),
          new Class<?>[] {ModelRegistry.class}, (proxy, method, args) -> {
            if (down.get() && method.getName().equals("getModel")) {
              throw new RegistryStorageException("disk unavailable", null);
            }
            try {
              return method.invoke(fixture.registry, args);
            } catch (InvocationTargetException e) {
              throw e.getCause();
            }
          });
      controller = builder(flaky, ALWAYS, BETTER_AUC).build();

      CycleResult failed = controller.runOnce();

      assertThat(failed.failedStep()).isEqualTo(Step.REGISTRY);
      assertThat(failed.reasons().get(0)).contains("disk unavailable");
      down.set(false);
      assertThat(controller.runOnce().outcome()).isEqualTo(Outcome.PROMOTED);
    }

    @Test
    void aThrowingListenerDoesNotDisturbTheCycle() {
      controller(ALWAYS, BETTER_AUC).addListener(e -> {
        throw new IllegalStateException("listener bug");
      });

      assertThat(controller.runOnce().outcome()).isEqualTo(Outcome.PROMOTED);
      assertThat(kinds()).contains(Kind.PROMOTED);
    }
  }

  @Nested
  class Concurrency {
    @Test
    void aSecondCycleOfTheSameModelIsSkippedWhileOneRuns() throws Exception {
      CountDownLatch training1 = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      training.set(() -> {
        training1.countDown();
        block(release);
        return fixture.train(Map.of("roc_auc", 0.9));
      });
      controller(ALWAYS, BETTER_AUC);
      LifecycleController second = builder(fixture.registry, ALWAYS, BETTER_AUC).build();

      CompletableFuture<CycleResult> first = CompletableFuture.supplyAsync(controller::runOnce);
      assertThat(training1.await(10, TimeUnit.SECONDS)).isTrue();
      CycleResult sameController = controller.runOnce();
      CycleResult otherController = second.runOnce();
      release.countDown();

      assertThat(sameController.outcome()).isEqualTo(Outcome.SKIPPED_BUSY);
      assertThat(otherController.outcome()).isEqualTo(Outcome.SKIPPED_BUSY);
      assertThat(first.get(10, TimeUnit.SECONDS).outcome()).isEqualTo(Outcome.PROMOTED);
      assertThat(trainings).hasValue(1);
      second.close();
    }

    @Test
    void startRunsCyclesOnTheExecutorAndStopWaitsForTheRunningOne() throws Exception {
      ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
      try {
        CountDownLatch inTraining = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        training.set(() -> {
          inTraining.countDown();
          block(release);
          return fixture.train(Map.of("roc_auc", 0.9));
        });
        controller = builder(fixture.registry, ALWAYS, BETTER_AUC).executor(executor)
            .checkInterval(Duration.ofMillis(10)).stopTimeout(Duration.ofSeconds(10)).build();

        controller.start();
        assertThat(inTraining.await(10, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<Boolean> stopped = CompletableFuture.supplyAsync(controller::stop);
        release.countDown();

        assertThat(stopped.get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(kinds()).endsWith(Kind.PROMOTED);
        int eventsAtStop = events.size();
        // Drain the executor: any cycle still queued would run before this task.
        executor.submit(() -> { }).get(10, TimeUnit.SECONDS);
        assertThat(events).hasSize(eventsAtStop);
        assertThat(trainings).hasValue(1);
        assertThat(executor.isShutdown()).isFalse();
      } finally {
        executor.shutdownNow();
      }
    }

    @Test
    void stopGivesUpAfterItsTimeoutWhileACycleHangs() throws Exception {
      CountDownLatch inTraining = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      training.set(() -> {
        inTraining.countDown();
        block(release);
        return fixture.train(Map.of("roc_auc", 0.9));
      });
      controller = builder(fixture.registry, ALWAYS, BETTER_AUC).checkInterval(Duration.ofHours(1))
          .stopTimeout(Duration.ofMillis(50)).build();
      controller.start();
      assertThat(inTraining.await(10, TimeUnit.SECONDS)).isTrue();

      assertThat(controller.stop()).isFalse();
      release.countDown();
      await(() -> kinds().contains(Kind.PROMOTED));
    }

    private static void block(CountDownLatch latch) {
      try {
        if (!latch.await(10, TimeUnit.SECONDS)) {
          throw new IllegalStateException("test latch not released within 10 s");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }
}

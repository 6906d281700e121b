package dev.mlops.core.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.lifecycle.CycleResult.Outcome;
import dev.mlops.core.lifecycle.LifecycleEvent.Kind;
import dev.mlops.core.monitor.InMemoryMonitorStore;
import dev.mlops.core.testing.MutableClock;
import dev.mlops.lifecycle.PromotionGate;
import dev.mlops.lifecycle.RetrainDecision;
import dev.mlops.lifecycle.RetrainPolicy;
import dev.mlops.registry.AuditAction;
import dev.mlops.registry.AuditEntry;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Controllers of two instances sharing a registry and a leader election: one leads, and a retrain
 * its leader stopped in the middle of (an {@link Error} stands for the process dying) is carried on
 * by the other, training and promoting once.
 */
class FleetLeadershipTest {

  private static final Instant START = Instant.parse("2026-03-02T00:00:00Z");
  private static final PromotionGate BETTER_AUC = MetricThresholdGate.builder()
      .minImprovement("roc_auc", 0.01).build();

  @TempDir Path dir;

  private final MutableClock clock = new MutableClock(START);
  private final InMemoryMonitorStore election = new InMemoryMonitorStore();
  private final AtomicBoolean requested = new AtomicBoolean(true);
  private final AtomicInteger trainings = new AtomicInteger();
  private final List<LifecycleEvent> events = new CopyOnWriteArrayList<>();
  private RegistryFixture fixture;

  /** Retrains once per request: a request is a trigger; deciding it clears it. */
  private final RetrainPolicy onRequest = context -> requested.getAndSet(false)
      ? RetrainDecision.retrain("requested by the test")
      : RetrainDecision.skip("nothing requested");

  @BeforeEach
  void setUp() {
    fixture = new RegistryFixture(dir, clock);
    fixture.champion(Map.of("roc_auc", 0.84));
  }

  @AfterEach
  void tearDown() {
    fixture.close();
  }

  private LifecycleController.Builder controller(InMemoryMonitorStore store, TrainingJob job) {
    return LifecycleController.builder(fixture.registry, Fixtures.MODEL).retrainPolicy(onRequest)
        .gate(BETTER_AUC).retrainJob(job).clock(clock).leaderElection(store)
        .listener(events::add);
  }

  private TrainingJob registering(double auc) {
    return tags -> {
      trainings.incrementAndGet();
      return fixture.train(Map.of("roc_auc", auc), tags);
    };
  }

  @Test
  void onlyTheLeaderRunsCyclesAndAnotherInstanceTakesOverWhenItStops() {
    InMemoryMonitorStore other = election.anotherInstance();
    LifecycleController first = controller(election, registering(0.9)).build();
    LifecycleController second = controller(other, registering(0.95)).build();

    assertThat(first.runOnce().outcome()).isEqualTo(Outcome.PROMOTED);
    requested.set(true);
    assertThat(second.runOnce().outcome()).isEqualTo(Outcome.NOT_LEADER);
    assertThat(requested).as("the follower did not even ask the policy").isTrue();

    first.close();
    CycleResult takeover = second.runOnce();
    assertThat(takeover.outcome()).isEqualTo(Outcome.PROMOTED);
    assertThat(takeover.challenger()).isEqualTo(3);
    assertThat(events).extracting(LifecycleEvent::kind).filteredOn(k -> k == Kind.LEADERSHIP_ACQUIRED)
        .hasSize(2);
    second.close();
  }

  @Test
  void aRetrainWhoseLeaderDiedWhileTrainingIsTrainedOnceByTheNextLeader() {
    LifecycleController dying = controller(election, tags -> {
      throw new Error("the process dies while training");
    }).build();
    assertThatThrownBy(dying::runOnce).hasMessageContaining("dies");
    dying.close();

    CycleResult resumed = controller(election.anotherInstance(), registering(0.9)).build().runOnce();

    assertThat(resumed.outcome()).isEqualTo(Outcome.PROMOTED);
    assertThat(trainings).hasValue(1);
    assertThat(fixture.production()).isEqualTo(2);
    assertOneRetrainAndOnePromotion();
  }

  @Test
  void aChallengerRegisteredBeforeItsLeaderDiedIsJudgedNotTrainedAgain() {
    LifecycleController dying = controller(election, tags -> {
      fixture.train(Map.of("roc_auc", 0.9), tags);
      throw new Error("the process dies right after registering");
    }).build();
    assertThatThrownBy(dying::runOnce).hasMessageContaining("dies");
    dying.close();

    CycleResult resumed = controller(election.anotherInstance(), registering(0.95)).build().runOnce();

    assertThat(resumed.outcome()).isEqualTo(Outcome.PROMOTED);
    assertThat(trainings).as("the next leader trained nothing").hasValue(0);
    assertThat(fixture.registry.getModel(Fixtures.MODEL).latestVersion()).isEqualTo(2);
    assertOneRetrainAndOnePromotion();
  }

  @Test
  void anApprovedChallengerWhoseLeaderDiedBeforePromotingIsPromotedOnce() {
    LifecycleController dying = controller(election, registering(0.9)).listener(event -> {
      if (event.kind() == Kind.GATE_APPROVED) {
        throw new Error("the process dies between the verdict and the promotion");
      }
    }).build();
    assertThatThrownBy(dying::runOnce).hasMessageContaining("dies");
    dying.close();
    assertThat(fixture.tags(2)).containsEntry(LifecycleTags.GATE, "approved");

    LifecycleController next = controller(election.anotherInstance(), registering(0.95)).build();
    assertThat(next.runOnce().outcome()).isEqualTo(Outcome.PROMOTED);
    assertThat(next.runOnce().outcome()).as("the retrain is finished").isEqualTo(Outcome.NOT_RETRAINED);

    assertThat(trainings).hasValue(1);
    assertOneRetrainAndOnePromotion();
  }

  private void assertOneRetrainAndOnePromotion() {
    List<AuditEntry> audit = fixture.audit();
    assertThat(audit).filteredOn(e -> e.action() == AuditAction.REGISTER_VERSION)
        .as("the champion and one challenger").hasSize(2);
    assertThat(audit).filteredOn(e -> e.action() == AuditAction.SET_ALIAS
        && "production".equals(e.key()) && "2".equals(e.after()))
        .as("one promotion").hasSize(1);
    assertThat(fixture.registry.getModel(Fixtures.MODEL).tags())
        .doesNotContainKey(LifecycleTags.RETRAIN_TRIGGER);
    assertThat(fixture.tags(2)).containsKey(LifecycleTags.RETRAIN_TRIGGER)
        .containsEntry(LifecycleTags.GATE, "approved");
  }
}

package dev.mlops.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.registry.AliasPrecondition;
import dev.mlops.registry.ModelNotFoundException;
import dev.mlops.registry.ModelStateException;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.ModelVersionStatus;
import dev.mlops.registry.RegistryEvent;
import dev.mlops.registry.RegistryEvent.AliasMoved;
import dev.mlops.registry.RegistryEvent.TagChanged;
import dev.mlops.registry.RegistryEvent.VersionArchived;
import dev.mlops.registry.RegistryEvent.VersionRegistered;
import dev.mlops.registry.Subscription;
import dev.mlops.registry.VersionConflictException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Events: every change is delivered once, in order, on a registry thread, after it is visible;
 * failing listeners and closed subscriptions behave. Waits use deadlines, never fixed sleeps.
 */
abstract class EventContract extends ContractGroup {

  EventContract(Supplier<ContractFixture> fixture) {
    super(fixture);
  }

  @Override
  boolean testsChanges() {
    return true;
  }

  @Test
  void everyKindOfChangeIsDeliveredInTheOrderItWasMade() {
    RecordingListener listener = subscribe();

    ModelVersion v1 = register("churn", b -> b.tag("stage", "candidate"));
    registry().setModelTag("churn", "owner", "ana");
    registry().setVersionTag("churn", 1, "reviewed", "yes");
    registry().deleteVersionTag("churn", 1, "stage");
    registry().deleteModelTag("churn", "owner");
    ModelVersion v2 = register("churn");
    registry().setAlias("churn", "production", 1, AliasPrecondition.absent(), null);
    registry().setAlias("churn", "production", 2, AliasPrecondition.pointsTo(1), "promote");
    registry().deleteAlias("churn", "production", AliasPrecondition.any(), null);
    registry().archiveVersion("churn", 1, null);

    assertThat(listener.awaitCount(10)).containsExactly(
        new VersionRegistered(v1),
        new TagChanged("churn", null, "owner", "ana"),
        new TagChanged("churn", 1, "reviewed", "yes"),
        new TagChanged("churn", 1, "stage", null),
        new TagChanged("churn", null, "owner", null),
        new VersionRegistered(v2),
        new AliasMoved("churn", "production", null, 1),
        new AliasMoved("churn", "production", 1, 2),
        new AliasMoved("churn", "production", 2, null),
        new VersionArchived("churn", 1));
  }

  @Test
  void eventsArriveOnARegistryThreadOnceTheChangeIsVisible() {
    RecordingListener listener = new RecordingListener(this::observe);
    registry().subscribe(listener);

    register("churn");
    listener.awaitCount(1);
    registry().setAlias("churn", "production", 1, AliasPrecondition.absent(), null);
    listener.awaitCount(2);
    registry().setModelTag("churn", "owner", "ana");
    listener.awaitCount(3);
    registry().deleteAlias("churn", "production", AliasPrecondition.any(), null);
    listener.awaitCount(4);
    registry().archiveVersion("churn", 1, null);
    listener.awaitCount(5);

    assertThat(listener.observations()).containsOnly("visible");
    assertThat(listener.threads()).doesNotContain(Thread.currentThread());
  }

  @Test
  void aListenerThatThrowsStaysSubscribedAndOthersStillReceive() {
    RecordingListener seenByFailing = new RecordingListener();
    registry().subscribe(event -> {
      seenByFailing.onEvent(event);
      throw new IllegalStateException("listener failure staged by the contract test");
    });
    RecordingListener healthy = subscribe();

    registerVersions("churn", 3);

    assertThat(healthy.awaitCount(3)).hasSize(3);
    assertThat(seenByFailing.awaitCount(3)).isEqualTo(healthy.events());
  }

  @Test
  void closingASubscriptionStopsDelivery() {
    RecordingListener stopped = new RecordingListener();
    Subscription subscription = registry().subscribe(stopped);
    RecordingListener staying = subscribe();
    register("churn");
    stopped.awaitCount(1);

    subscription.close();
    subscription.close();
    register("churn");
    staying.awaitMatching(e -> e instanceof VersionRegistered r && r.version().version() == 2, "version 2");
    eventsBeforeMarker(staying, "churn");

    assertThat(stopped.events()).hasSize(1);
  }

  @Test
  void changesMadeBeforeSubscribingAreNotDelivered() {
    register("churn");
    registry().setModelTag("churn", "owner", "ana");
    RecordingListener listener = subscribe();

    assertThat(eventsBeforeMarker(listener, "churn")).isEmpty();
  }

  @Test
  void operationsThatChangeNothingEmitNothing() {
    registerVersions("churn", 2);
    registry().setModelTag("churn", "owner", "ana");
    registry().setAlias("churn", "production", 2, AliasPrecondition.absent(), null);
    registry().archiveVersion("churn", 1, null);
    RecordingListener listener = subscribe();

    registry().setModelTag("churn", "owner", "ana");
    registry().deleteModelTag("churn", "never-set");
    registry().deleteVersionTag("churn", 2, "never-set");
    registry().setAlias("churn", "production", 2, AliasPrecondition.pointsTo(2), null);
    registry().archiveVersion("churn", 1, null);

    assertThat(eventsBeforeMarker(listener, "churn")).isEmpty();
  }

  @Test
  void failedOperationsEmitNothing() {
    registerVersions("churn", 2);
    registry().setAlias("churn", "production", 2, AliasPrecondition.absent(), null);
    registry().archiveVersion("churn", 1, null);
    RecordingListener listener = subscribe();

    thrownBy(VersionConflictException.class,
        () -> registry().setAlias("churn", "production", 1, AliasPrecondition.absent(), null));
    thrownBy(ModelStateException.class, () -> registry().archiveVersion("churn", 2, null));
    thrownBy(ModelStateException.class,
        () -> registry().setAlias("churn", "staging", 1, AliasPrecondition.any(), null));
    thrownBy(ModelNotFoundException.class, () -> registry().setVersionTag("churn", 9, "k", "v"));

    assertThat(eventsBeforeMarker(listener, "churn")).isEmpty();
  }

  @Test
  void everySubscriberReceivesEveryEvent() {
    RecordingListener first = subscribe();
    RecordingListener second = subscribe();

    registerVersions("churn", 2);
    registry().setModelTag("churn", "owner", "ana");

    assertThat(first.awaitCount(3)).isEqualTo(second.awaitCount(3));
  }

  @Test
  void eventsOfConcurrentRegistrationsArriveOnceEachAndInTheOrderEachWriterMadeThem() throws Exception {
    RecordingListener listener = subscribe();
    int threads = 4;
    int perThread = 5;

    List<List<Integer>> byThread = ConcurrencyContract.runConcurrently(threads, t -> () -> {
      List<Integer> mine = new ArrayList<>();
      for (int j = 0; j < perThread; j++) {
        mine.add(register("churn").version());
      }
      return mine;
    });

    List<Integer> delivered = listener.awaitCount(threads * perThread).stream()
        .map(e -> ((VersionRegistered) e).version().version())
        .toList();
    assertThat(delivered).containsExactlyInAnyOrderElementsOf(
        IntStream.rangeClosed(1, threads * perThread).boxed().toList());
    for (List<Integer> mine : byThread) {
      assertThat(delivered.stream().filter(mine::contains).toList()).isEqualTo(mine);
    }
  }

  /** What a listener sees in the registry when an event arrives: "visible" if the change is. */
  private Object observe(RegistryEvent event) {
    return isVisible(event) ? "visible" : "not yet visible: " + event;
  }

  private boolean isVisible(RegistryEvent event) {
    if (event instanceof VersionRegistered r) {
      return registry().getVersion(r.version().name(), r.version().version()).equals(r.version());
    }
    if (event instanceof AliasMoved a) {
      Integer now = registry().getModel(a.modelName()).aliases().get(a.alias());
      return Objects.equals(now, a.newVersion());
    }
    if (event instanceof TagChanged t) {
      String now = t.version() == null
          ? registry().getModel(t.modelName()).tags().get(t.key())
          : registry().getVersion(t.modelName(), t.version()).tags().get(t.key());
      return Objects.equals(now, t.value());
    }
    VersionArchived v = (VersionArchived) event;
    return registry().getVersion(v.modelName(), v.version()).status() == ModelVersionStatus.ARCHIVED;
  }
}

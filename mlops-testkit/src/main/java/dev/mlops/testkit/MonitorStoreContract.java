package dev.mlops.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.lifecycle.Leadership;
import dev.mlops.monitor.spi.JoinResult;
import dev.mlops.monitor.spi.MonitorStore;
import dev.mlops.monitor.spi.PaneOutcomes;
import dev.mlops.monitor.spi.StoredPrediction;
import dev.mlops.monitor.spi.StoredState;
import dev.mlops.monitor.spi.WindowPartial;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The compatibility kit for {@link MonitorStore} implementations: an abstract JUnit 5 suite that
 * checks what the store contract promises. An implementation extends it and opens stores:
 *
 * <pre>{@code
 * class MyStoreContractTest extends MonitorStoreContract {
 *   @Override
 *   protected MonitorStore openStore(String fleet) {
 *     return MyStore.open(databaseFor(fleet));
 *   }
 * }
 * }</pre>
 *
 * <p>Each test names a fleet no other test uses; every store opened with the same name within a
 * test must see the same data, as the instances of a fleet do (an in-memory implementation may
 * hand out one store per name). The contract closes the stores after each test.
 *
 * <p><b>What it checks</b>: a partial replaces the one of the same model, version, pane, pane
 * length and instance, and the other instances' stay; reads return the panes starting in the
 * range asked; the first prediction stored under an id wins; an outcome joins a pending prediction
 * once, also when many threads join it at once, and a second one is reported as already joined;
 * outcomes are read per version and pane with their scores, beside the counts of pending and
 * expired predictions; expiry by time and by count leaves joined predictions alone; retiring
 * deletes everything of the model before a time and nothing of other models; state records change
 * only by compare-and-set on their revision; leadership of a key is held by one store at a time
 * and acquired by another once released.
 *
 * @since 0.1
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
public abstract class MonitorStoreContract {

  private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
  private static final Duration MINUTE = Duration.ofMinutes(1);

  private final List<MonitorStore> opened = new ArrayList<>();
  private int fleets;

  /** Creates the suite. */
  protected MonitorStoreContract() {}

  /**
   * Opens a store of a fleet; stores opened with the same name share their data.
   *
   * @param fleet a name unique to the calling test
   * @return an open store; the contract closes it
   */
  protected abstract MonitorStore openStore(String fleet);

  @AfterEach
  void closeStores() {
    for (MonitorStore store : opened) {
      store.close();
    }
    opened.clear();
  }

  private MonitorStore store(String fleet) {
    MonitorStore store = openStore(fleet);
    opened.add(store);
    return store;
  }

  private String newFleet() {
    return "fleet" + System.nanoTime() + "_" + (++fleets);
  }

  @Test
  void aPartialReplacesThatOfTheSameInstanceAndPaneAndKeepsTheOthers() {
    MonitorStore store = store(newFleet());
    store.writePartials(List.of(partial("m", 1, T0, "a", 1), partial("m", 1, T0, "b", 2),
        partial("m", 1, T0.plus(MINUTE), "a", 3), partial("m", 2, T0, "a", 4),
        partial("other", 1, T0, "a", 5)));
    store.writePartials(List.of(partial("m", 1, T0, "a", 6)));

    List<WindowPartial> read = store.readPartials("m", T0, T0.plus(MINUTE));
    assertThat(read).extracting(p -> p.instance() + "/v" + p.version() + "/" + p.data()[0])
        .containsExactlyInAnyOrder("a/v1/6", "b/v1/2", "a/v2/4");
    assertThat(read).allSatisfy(p -> {
      assertThat(p.paneLength()).isEqualTo(MINUTE);
      assertThat(p.paneStart()).isEqualTo(T0);
    });
    assertThat(store.readPartials("m", T0.plus(MINUTE), T0.plus(MINUTE.multipliedBy(2))))
        .extracting(p -> p.data()[0]).containsExactly((byte) 3);
    assertThat(store.readPartials("m", T0.minus(MINUTE), T0)).isEmpty();
  }

  @Test
  void partialBytesAndTimesSurviveTheRoundTrip() {
    MonitorStore store = store(newFleet());
    byte[] data = new byte[70_000];
    for (int i = 0; i < data.length; i++) {
      data[i] = (byte) (i * 31);
    }
    WindowPartial written = new WindowPartial("m", 3, T0, MINUTE, MINUTE.multipliedBy(5), "a",
        Instant.parse("2026-03-01T10:00:42.123Z"), data);
    store.writePartials(List.of(written));
    assertThat(store.readPartials("m", T0, T0.plusMillis(1))).containsExactly(written);
  }

  @Test
  void theFirstPredictionStoredUnderAnIdWins() {
    MonitorStore store = store(newFleet());
    store.writePredictions(List.of(prediction("p1", 1, T0, 0.2, 0.8)));
    store.writePredictions(List.of(prediction("p1", 2, T0, 0.9, 0.1),
        prediction("p2", 1, T0, 0.5, 0.5)));

    Map<String, StoredPrediction> found = store.findPredictions("m", List.of("p1", "p2", "p3"));
    assertThat(found).containsOnlyKeys("p1", "p2");
    StoredPrediction p1 = Objects.requireNonNull(found.get("p1"), "p1 found");
    assertThat(p1.version()).isEqualTo(1);
    assertThat(p1.scores()).containsExactly(0.2, 0.8);
    assertThat(p1.outcome()).isNull();
    assertThat(found.get("p1")).isEqualTo(prediction("p1", 1, T0, 0.2, 0.8));
    assertThat(store.findPredictions("other", List.of("p1"))).isEmpty();
  }

  @Test
  void aPredictionStoredWithAnOutcomeIsRefused() {
    MonitorStore store = store(newFleet());
    assertThatThrownBy(() -> store.writePredictions(
        List.of(prediction("p1", 1, T0, 0.2, 0.8).withOutcome("yes"))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("p1");
    assertThat(store.findPredictions("m", List.of("p1"))).isEmpty();
  }

  @Test
  void anOutcomeJoinsOnceAndASecondIsReportedAsAlreadyJoined() {
    String fleet = newFleet();
    MonitorStore a = store(fleet);
    MonitorStore b = store(fleet);
    a.writePredictions(List.of(prediction("p1", 1, T0, 0.2, 0.8),
        prediction("p2", 1, T0, 0.6, 0.4)));

    assertThat(b.joinOutcomes("m", Map.of("p1", "yes", "p3", "no")))
        .containsExactlyInAnyOrderEntriesOf(Map.of("p1", JoinResult.JOINED,
            "p3", JoinResult.NOT_FOUND));
    assertThat(a.joinOutcomes("m", Map.of("p1", "no", "p2", "no")))
        .containsExactlyInAnyOrderEntriesOf(Map.of("p1", JoinResult.ALREADY_JOINED,
            "p2", JoinResult.JOINED));
    assertThat(Objects.requireNonNull(a.findPredictions("m", List.of("p1")).get("p1"), "p1 found")
        .outcome()).isEqualTo("yes");
  }

  @Test
  void manyThreadsJoiningTheSamePredictionsJoinEachExactlyOnce() throws Exception {
    String fleet = newFleet();
    List<StoredPrediction> predictions = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      predictions.add(prediction("p" + i, 1, T0, 0.5, 0.5));
    }
    store(fleet).writePredictions(predictions);
    List<MonitorStore> members = List.of(store(fleet), store(fleet), store(fleet), store(fleet));
    ExecutorService pool = Executors.newFixedThreadPool(members.size());
    try {
      List<Future<Map<String, JoinResult>>> results = new ArrayList<>();
      for (MonitorStore member : members) {
        Map<String, String> outcomes = new HashMap<>();
        predictions.forEach(p -> outcomes.put(p.predictionId(), "yes"));
        results.add(pool.submit(() -> member.joinOutcomes("m", outcomes)));
      }
      Map<String, Integer> joined = new HashMap<>();
      for (Future<Map<String, JoinResult>> result : results) {
        result.get(1, TimeUnit.MINUTES).forEach((id, r) -> {
          assertThat(r).isNotEqualTo(JoinResult.NOT_FOUND);
          if (r == JoinResult.JOINED) {
            joined.merge(id, 1, Integer::sum);
          }
        });
      }
      assertThat(joined).hasSize(50).allSatisfy((id, count) -> assertThat(count).isEqualTo(1));
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void outcomesAreReadPerVersionAndPaneWithPendingAndExpiredCounts() {
    MonitorStore store = store(newFleet());
    store.writePredictions(List.of(prediction("a", 1, T0, 0.2, 0.8),
        prediction("b", 1, T0, 0.3, 0.7), prediction("c", 1, T0, 0.4, 0.6),
        prediction("d", 2, T0, 0.1, 0.9), prediction("e", 1, T0.plus(MINUTE), 0.5, 0.5)));
    store.joinOutcomes("m", Map.of("a", "yes", "d", "no"));

    List<PaneOutcomes> read = store.readOutcomes("m", T0, T0.plus(MINUTE));
    assertThat(read).hasSize(2);
    PaneOutcomes v1 = read.stream().filter(o -> o.version() == 1).findFirst().orElseThrow();
    assertThat(v1.paneStart()).isEqualTo(T0);
    assertThat(v1.paneLength()).isEqualTo(MINUTE);
    assertThat(v1.joined()).extracting(StoredPrediction::predictionId).containsExactly("a");
    assertThat(v1.joined().get(0).scores()).containsExactly(0.2, 0.8);
    assertThat(v1.joined().get(0).outcome()).isEqualTo("yes");
    assertThat(v1.pending()).isEqualTo(2);
    assertThat(v1.expired()).isZero();
    PaneOutcomes v2 = read.stream().filter(o -> o.version() == 2).findFirst().orElseThrow();
    assertThat(v2.joined()).hasSize(1);
    assertThat(v2.pending()).isZero();
    assertThat(store.pendingCounts("m")).containsExactlyInAnyOrderEntriesOf(Map.of(1, 3L));
  }

  @Test
  void expiryByTimeAndByCountLeavesJoinedPredictionsAlone() {
    MonitorStore store = store(newFleet());
    List<StoredPrediction> predictions = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      // p0 expires first; each later one a second later.
      predictions.add(new StoredPrediction("p" + i, "m", 1, T0, MINUTE, new double[] {0.5, 0.5},
          T0.plusSeconds(i), T0.plusSeconds(60 + i), null));
    }
    store.writePredictions(predictions);
    store.joinOutcomes("m", Map.of("p0", "yes", "p5", "no"));

    assertThat(store.expire("m", T0.plusSeconds(62), 100)).as("p1 and p2 timed out").isEqualTo(2);
    assertThat(store.expire("m", T0.plusSeconds(62), 3)).as("p3 and p4 beyond the count")
        .isEqualTo(3);
    assertThat(store.findPredictions("m", List.of("p0", "p1", "p2", "p3", "p4", "p5", "p6", "p7",
        "p8", "p9")).keySet()).containsExactlyInAnyOrder("p0", "p5", "p7", "p8", "p9");
    PaneOutcomes pane = store.readOutcomes("m", T0, T0.plus(MINUTE)).get(0);
    assertThat(pane.expired()).isEqualTo(5);
    assertThat(pane.pending()).isEqualTo(3);
    assertThat(pane.joined()).hasSize(2);
    assertThat(store.joinOutcomes("m", Map.of("p1", "yes"))).containsEntry("p1",
        JoinResult.NOT_FOUND);
  }

  @Test
  void retiringDeletesEverythingOfTheModelBeforeATime() {
    MonitorStore store = store(newFleet());
    store.writePartials(List.of(partial("m", 1, T0, "a", 1),
        partial("m", 1, T0.plus(MINUTE), "a", 2), partial("other", 1, T0, "a", 3)));
    store.writePredictions(List.of(prediction("old", 1, T0, 0.5, 0.5),
        prediction("new", 1, T0.plus(MINUTE), 0.5, 0.5)));
    store.writePredictions(List.of(new StoredPrediction("x", "other", 1, T0, MINUTE,
        new double[] {1}, T0, T0.plusSeconds(1), null)));
    store.expire("other", T0.plusSeconds(5), 100);

    store.retire("m", T0.plus(MINUTE));

    assertThat(store.readPartials("m", T0, T0.plus(MINUTE.multipliedBy(2))))
        .extracting(WindowPartial::paneStart).containsExactly(T0.plus(MINUTE));
    assertThat(store.findPredictions("m", List.of("old", "new"))).containsOnlyKeys("new");
    assertThat(store.readPartials("other", T0, T0.plus(MINUTE))).hasSize(1);
    assertThat(store.readOutcomes("other", T0, T0.plus(MINUTE))).singleElement()
        .satisfies(o -> assertThat(o.expired()).isEqualTo(1));
  }

  @Test
  void stateChangesOnlyByCompareAndSetOnItsRevision() {
    String fleet = newFleet();
    MonitorStore a = store(fleet);
    MonitorStore b = store(fleet);
    assertThat(a.readState("k")).isEmpty();
    assertThat(a.writeState("k", 1, "never")).isFalse();
    assertThat(a.writeState("k", 0, "first")).isTrue();
    assertThat(b.writeState("k", 0, "lost race")).isFalse();
    assertThat(b.readState("k")).contains(new StoredState("k", 1, "first"));
    assertThat(b.writeState("k", 1, "second")).isTrue();
    assertThat(a.writeState("k", 1, "stale")).isFalse();
    assertThat(a.readState("k")).contains(new StoredState("k", 2, "second"));
    assertThat(a.readState("other")).isEmpty();
  }

  @Test
  void leadershipIsHeldByOneStoreAtATime() {
    String fleet = newFleet();
    MonitorStore a = store(fleet);
    MonitorStore b = store(fleet);
    Optional<Leadership> first = a.tryAcquire("lifecycle/m");
    assertThat(first).isPresent();
    assertThat(first.get().key()).isEqualTo("lifecycle/m");
    assertThat(first.get().isHeld()).isTrue();
    assertThat(b.tryAcquire("lifecycle/m")).isEmpty();
    assertThat(a.tryAcquire("lifecycle/m")).as("not even twice by one store").isEmpty();
    Optional<Leadership> otherKey = b.tryAcquire("lifecycle/other");
    assertThat(otherKey).isPresent();

    first.get().close();
    assertThat(first.get().isHeld()).isFalse();
    Optional<Leadership> second = b.tryAcquire("lifecycle/m");
    assertThat(second).isPresent();
    assertThat(second.get().isHeld()).isTrue();
    assertThat(first.get().isHeld()).as("a released leadership stays released").isFalse();
    second.get().close();
    otherKey.get().close();
  }

  @Test
  void closingAStoreReleasesItsLeadership() {
    String fleet = newFleet();
    MonitorStore a = store(fleet);
    MonitorStore b = store(fleet);
    Leadership held = a.tryAcquire("k").orElseThrow();
    a.close();
    assertThat(held.isHeld()).isFalse();
    assertThat(b.tryAcquire("k")).isPresent();
  }

  private static WindowPartial partial(String model, int version, Instant pane, String instance,
      int marker) {
    return new WindowPartial(model, version, pane, MINUTE, MINUTE, instance, pane.plusSeconds(30),
        new byte[] {(byte) marker, 7, 7});
  }

  private static StoredPrediction prediction(String id, int version, Instant pane,
      double... scores) {
    return new StoredPrediction(id, "m", version, pane, MINUTE, scores, pane.plusSeconds(1),
        pane.plus(Duration.ofDays(1)), null);
  }
}

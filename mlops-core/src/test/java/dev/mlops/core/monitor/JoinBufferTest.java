package dev.mlops.core.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.predict.Prediction;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * The join buffer behaves as the plain specification it implements: a map in insertion order in
 * which a full buffer drops its oldest entry, a reused id replaces the older prediction, and
 * expiry removes the entries at the head whose time is up. The model below is that specification
 * written with a {@link LinkedHashMap}.
 */
class JoinBufferTest {

  private static final long TTL = 100;

  @Property(tries = 300)
  void behavesAsAnInsertionOrderedMapBoundedBySizeAndTime(
      @ForAll("capacities") int capacity, @ForAll("operations") List<Integer> operations) {
    Pane pane = pane();
    JoinBuffer buffer = new JoinBuffer(capacity, TTL);
    Model model = new Model(capacity);
    long time = 0;
    for (int operation : operations) {
      int kind = operation & 3;
      // Few distinct ids, so that ids are reused, joined and duplicated often.
      String id = "p-" + (operation >>> 2) % 40;
      if (kind == 0 || kind == 1) {
        time += operation % 3;
        buffer.add(prediction(id), pane, time);
        model.add(id, time);
      } else if (kind == 2) {
        JoinBuffer.Entry entry = buffer.get(id);
        assertThat(entry != null).as("present %s", id).isEqualTo(model.contains(id));
        if (entry != null) {
          assertThat(entry.predictionId).isEqualTo(id);
          assertThat(entry.expiresAtMillis).isEqualTo(model.expiresAt(id));
          if (!entry.joined) {
            entry.joined = true;
            pane.pending--;
            model.join(id);
          }
        }
      } else {
        time += 7;
        buffer.expire(time);
        model.expire(time);
      }
      assertThat(buffer.size()).isEqualTo(model.size());
      assertThat(pane.expired).isEqualTo(model.expired);
      assertThat(pane.pending).isEqualTo(model.pending());
    }
  }

  @Test
  void aFullBufferOfOneHundredThousandKeepsTheNewestAndFindsEachOfThem() {
    Pane pane = pane();
    JoinBuffer buffer = new JoinBuffer(100_000, Duration.ofDays(1).toMillis());
    for (int i = 0; i < 250_000; i++) {
      buffer.add(prediction("id-" + i), pane, i);
    }

    assertThat(buffer.size()).isEqualTo(100_000);
    assertThat(pane.expired).isEqualTo(150_000);
    assertThat(pane.pending).isEqualTo(100_000);
    assertThat(buffer.get("id-149999")).isNull();
    for (int i = 150_000; i < 250_000; i++) {
      assertThat(buffer.get("id-" + i)).isNotNull();
    }
  }

  @Test
  void reusedIdsLeaveHolesThatDoNotCountAgainstTheBound() {
    Pane pane = pane();
    JoinBuffer buffer = new JoinBuffer(10, TTL);
    // Reusing one id many times fills the ring with holes: it compacts rather than dropping the
    // other waiting predictions.
    buffer.add(prediction("kept"), pane, 0);
    for (int i = 0; i < 1000; i++) {
      buffer.add(prediction("reused"), pane, 0);
    }

    assertThat(buffer.size()).isEqualTo(2);
    assertThat(buffer.get("kept")).isNotNull();
    assertThat(pane.expired).isEqualTo(999);
  }

  @Provide
  Arbitrary<Integer> capacities() {
    return Arbitraries.integers().between(1, 50);
  }

  @Provide
  Arbitrary<List<Integer>> operations() {
    return Arbitraries.integers().between(0, 1 << 20).list().ofMaxSize(400);
  }

  private static Pane pane() {
    VersionMeters meters = new VersionMeters(new SimpleMeterRegistry(), "churn", 1,
        dev.mlops.core.observe.LatencyBuckets.defaults());
    return new Pane(1, 0, meters, null,
        OutcomeMetrics.forClasses(Models.CHURN_CLASSES, Double.NaN), null, null, null);
  }

  private static Prediction prediction(String id) {
    return new Prediction(id, "churn", 1, List.of(0.4, 0.6), "yes", Duration.ofNanos(10));
  }

  /** The specification: an insertion-ordered map of id to expiry and joined flag. */
  private static final class Model {
    private final int capacity;
    private final LinkedHashMap<String, long[]> entries = new LinkedHashMap<>();
    long expired;

    Model(int capacity) {
      this.capacity = capacity;
    }

    void add(String id, long time) {
      if (entries.size() >= capacity) {
        Iterator<long[]> oldest = entries.values().iterator();
        leave(oldest.next());
        oldest.remove();
      }
      long[] previous = entries.remove(id);
      if (previous != null) {
        leave(previous);
      }
      entries.put(id, new long[] {time + TTL, 0});
    }

    boolean contains(String id) {
      return entries.containsKey(id);
    }

    long expiresAt(String id) {
      return entries.get(id)[0];
    }

    void join(String id) {
      entries.get(id)[1] = 1;
    }

    void expire(long now) {
      Iterator<long[]> it = entries.values().iterator();
      while (it.hasNext()) {
        long[] entry = it.next();
        if (entry[0] > now) {
          return;
        }
        leave(entry);
        it.remove();
      }
    }

    int size() {
      return entries.size();
    }

    long pending() {
      return new ArrayList<>(entries.values()).stream().filter(e -> e[1] == 0).count();
    }

    private void leave(long[] entry) {
      if (entry[1] == 0) {
        expired++;
      }
    }

    @Override
    public String toString() {
      return Map.copyOf(entries).keySet().toString();
    }
  }
}

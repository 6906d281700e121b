package dev.mlops.core.monitor;

import dev.mlops.predict.Prediction;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Sampled predictions waiting for their ground truth, keyed by prediction id, in the order they
 * were folded. Bounded twice: an entry lives at most the time-to-live, and when the buffer holds
 * its maximum the oldest entry leaves to make room. An entry that leaves before its outcome came
 * counts as expired in its pane; a joined entry stays until its time is up so that a second
 * outcome is recognised as a duplicate. Guarded by the monitor's fold lock.
 *
 * <p>Entries sit in a ring in fold order (oldest at the head), and an open-addressing table of
 * {@code int}s (linear probing, at most half full, backward-shift deletion) finds an entry's ring
 * slot by its id's hash: adding, evicting and joining allocate nothing besides the entry itself,
 * unlike a linked hash map's node per entry. A prediction whose id is reused leaves a hole in the
 * ring, skipped when the head reaches it; the ring is compacted (or doubled) when it fills up.
 */
final class JoinBuffer {

  private static final int INITIAL_RING = 64;

  /**
   * One sampled prediction and where its outcome counts. Only what the metrics need is kept (not
   * the {@link Prediction}), since entries live long enough to reach the old generation.
   */
  static final class Entry {
    final String predictionId;
    final int version;
    final double[] scores;
    final Pane pane;
    final long expiresAtMillis;
    boolean joined;

    Entry(Prediction prediction, Pane pane, long expiresAtMillis) {
      this.predictionId = prediction.predictionId();
      this.version = prediction.version();
      List<Double> list = prediction.scores();
      this.scores = new double[list.size()];
      for (int i = 0; i < scores.length; i++) {
        scores[i] = list.get(i);
      }
      this.pane = pane;
      this.expiresAtMillis = expiresAtMillis;
    }
  }

  private final int maxEntries;
  private final long timeToLiveMillis;
  /** Entries in fold order; positions {@code [first, end)} modulo the length, null for a hole. */
  private @Nullable Entry[] ring = new Entry[INITIAL_RING];
  private long first;
  private long end;
  /** Ring slot + 1 of each indexed entry, 0 for an empty bucket; twice the ring's length. */
  private int[] buckets = new int[2 * INITIAL_RING];
  /** The spread hash of the id in each bucket, so probing rarely touches an entry. */
  private int[] hashes = new int[2 * INITIAL_RING];
  private int size;

  JoinBuffer(int maxEntries, long timeToLiveMillis) {
    this.maxEntries = maxEntries;
    this.timeToLiveMillis = timeToLiveMillis;
  }

  void add(Prediction prediction, Pane pane, long timeMillis) {
    if (size >= maxEntries) {
      removeHead();
    }
    String id = prediction.predictionId();
    int hash = spread(id.hashCode());
    int bucket = find(id, hash);
    if (bucket >= 0) {
      // A predictor reused an id: the older prediction can no longer be joined.
      int slot = buckets[bucket] - 1;
      Entry previous = ring[slot];
      ring[slot] = null;
      unindex(bucket);
      leave(previous);
    }
    if (end - first == ring.length) {
      makeRoom();
    }
    int slot = (int) (end++ & (ring.length - 1));
    ring[slot] = new Entry(prediction, pane, timeMillis + timeToLiveMillis);
    index(hash, slot);
    pane.pending++;
    pane.meters.pending(1);
  }

  @Nullable Entry get(String predictionId) {
    int bucket = find(predictionId, spread(predictionId.hashCode()));
    return bucket < 0 ? null : ring[buckets[bucket] - 1];
  }

  /** Removes the entries whose time is up. */
  void expire(long nowMillis) {
    int mask = ring.length - 1;
    while (first < end) {
      Entry entry = ring[(int) (first & mask)];
      if (entry == null) {
        first++;
        continue;
      }
      // Entries are in fold order, which follows the clock closely enough to stop at the first
      // live one; a straggler leaves on a later sweep.
      if (entry.expiresAtMillis > nowMillis) {
        return;
      }
      removeHead();
    }
  }

  int size() {
    return size;
  }

  /** Removes the oldest entry; the buffer holds at least one. */
  private void removeHead() {
    int mask = ring.length - 1;
    Entry entry;
    while ((entry = ring[(int) (first & mask)]) == null) {
      first++;
    }
    unindex(find(entry.predictionId, spread(entry.predictionId.hashCode())));
    ring[(int) (first++ & mask)] = null;
    leave(entry);
  }

  /** The bucket holding the id, or -1. */
  private int find(String id, int hash) {
    int mask = buckets.length - 1;
    for (int b = hash & mask; buckets[b] != 0; b = (b + 1) & mask) {
      if (hashes[b] == hash) {
        Entry entry = ring[buckets[b] - 1];
        if (entry != null && entry.predictionId.equals(id)) {
          return b;
        }
      }
    }
    return -1;
  }

  private void index(int hash, int slot) {
    int mask = buckets.length - 1;
    int b = hash & mask;
    while (buckets[b] != 0) {
      b = (b + 1) & mask;
    }
    buckets[b] = slot + 1;
    hashes[b] = hash;
    size++;
  }

  /** Empties a bucket, shifting later entries of its probe run back so that lookups find them. */
  private void unindex(int bucket) {
    int mask = buckets.length - 1;
    int hole = bucket;
    for (int b = (hole + 1) & mask; buckets[b] != 0; b = (b + 1) & mask) {
      int home = hashes[b] & mask;
      // The entry at b may move into the hole unless its home lies cyclically in (hole, b].
      boolean homeAfterHole = hole <= b ? home > hole && home <= b : home > hole || home <= b;
      if (!homeAfterHole) {
        buckets[hole] = buckets[b];
        hashes[hole] = hashes[b];
        hole = b;
      }
    }
    buckets[hole] = 0;
    size--;
  }

  /** Compacts the ring, doubling it when at least half of it is live, and rebuilds the index. */
  private void makeRoom() {
    int length = size >= ring.length / 2 ? ring.length * 2 : ring.length;
    @Nullable Entry[] compacted = new Entry[length];
    buckets = new int[2 * length];
    hashes = new int[2 * length];
    size = 0;
    int mask = ring.length - 1;
    int live = 0;
    for (long p = first; p < end; p++) {
      Entry entry = ring[(int) (p & mask)];
      if (entry != null) {
        compacted[live] = entry;
        index(spread(entry.predictionId.hashCode()), live);
        live++;
      }
    }
    ring = compacted;
    first = 0;
    end = live;
  }


  /** Mixes the high bits of a string hash into the low ones used to pick a bucket. */
  private static int spread(int hash) {
    int h = hash * 0x9E3779B9;
    return h ^ (h >>> 16);
  }

  private static void leave(@Nullable Entry entry) {
    if (entry != null && !entry.joined) {
      entry.pane.pending--;
      entry.pane.expired++;
      entry.pane.meters.outcome("expired");
      entry.pane.meters.pending(-1);
    }
  }
}

package dev.mlops.core.monitor;

import dev.mlops.predict.Prediction;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Sampled predictions waiting for their ground truth, keyed by prediction id, in the order they
 * were folded. Bounded twice: an entry lives at most the time-to-live, and when the buffer holds
 * its maximum the oldest entry leaves to make room. An entry that leaves before its outcome came
 * counts as expired in its pane; a joined entry stays until its time is up so that a second
 * outcome is recognised as a duplicate. Guarded by the monitor's fold lock.
 */
final class JoinBuffer {

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
  private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>();

  JoinBuffer(int maxEntries, long timeToLiveMillis) {
    this.maxEntries = maxEntries;
    this.timeToLiveMillis = timeToLiveMillis;
  }

  void add(Prediction prediction, Pane pane, long timeMillis) {
    if (entries.size() >= maxEntries) {
      Iterator<Entry> oldest = entries.values().iterator();
      leave(oldest.next());
      oldest.remove();
    }
    Entry previous = entries.put(prediction.predictionId(),
        new Entry(prediction, pane, timeMillis + timeToLiveMillis));
    if (previous != null) {
      // A predictor reused an id: the older prediction can no longer be joined.
      leave(previous);
    }
    pane.pending++;
  }

  @Nullable Entry get(String predictionId) {
    return entries.get(predictionId);
  }

  /** Removes the entries whose time is up. */
  void expire(long nowMillis) {
    Iterator<Entry> it = entries.values().iterator();
    while (it.hasNext()) {
      Entry entry = it.next();
      // Entries are in fold order, which follows the clock closely enough to stop at the first
      // live one; a straggler leaves on a later sweep.
      if (entry.expiresAtMillis > nowMillis) {
        return;
      }
      leave(entry);
      it.remove();
    }
  }

  int size() {
    return entries.size();
  }

  private static void leave(Entry entry) {
    if (!entry.joined) {
      entry.pane.pending--;
      entry.pane.expired++;
      entry.pane.meters.outcome("expired");
    }
  }
}

package dev.mlops.core.monitor;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Consumer;

/**
 * A bounded multi-producer, single-consumer ring of observations. Producers (prediction threads)
 * claim a slot with one compare-and-set and publish into it; the one consumer at a time (whoever
 * holds the monitor's fold lock) takes them out in claim order. Nothing blocks and nothing is
 * allocated besides the observation itself.
 */
final class RecordBuffer {

  private static final int SPINS_BEFORE_YIELD = 64;

  private final AtomicReferenceArray<Observation> slots;
  private final int mask;
  private final int capacity;
  private final AtomicLong tail = new AtomicLong();
  private final AtomicLong head = new AtomicLong();

  RecordBuffer(int capacity) {
    if (Integer.bitCount(capacity) != 1) {
      throw new IllegalArgumentException("capacity must be a power of two but was " + capacity);
    }
    this.slots = new AtomicReferenceArray<>(capacity);
    this.mask = capacity - 1;
    this.capacity = capacity;
  }

  /** Appends an observation; false when the ring is full (the caller then folds under the lock). */
  boolean offer(Observation observation) {
    while (true) {
      long t = tail.get();
      if (t - head.get() >= capacity) {
        return false;
      }
      if (tail.compareAndSet(t, t + 1)) {
        slots.lazySet((int) t & mask, observation);
        return true;
      }
    }
  }

  /** How many observations are claimed but not yet taken (approximate while producers run). */
  long size() {
    return tail.get() - head.get();
  }

  int capacity() {
    return capacity;
  }

  /**
   * Takes every observation claimed so far, in order, and hands each to the sink. Only one thread
   * may drain at a time.
   */
  int drain(Consumer<Observation> sink) {
    long h = head.get();
    long t = tail.get();
    int taken = 0;
    while (h < t) {
      int index = (int) h & mask;
      Observation observation = slots.get(index);
      if (observation == null) {
        // A producer claimed the slot but has not published yet (a few instructions away):
        // waiting keeps the order, so an outcome never overtakes its prediction.
        awaitPublication(index);
        continue;
      }
      slots.lazySet(index, null);
      h++;
      head.lazySet(h);
      sink.accept(observation);
      taken++;
    }
    return taken;
  }

  private void awaitPublication(int index) {
    for (int spins = 0; slots.get(index) == null; spins++) {
      if (spins < SPINS_BEFORE_YIELD) {
        Thread.onSpinWait();
      } else {
        Thread.yield();
      }
    }
  }
}

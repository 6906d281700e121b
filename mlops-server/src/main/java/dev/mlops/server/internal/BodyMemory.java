package dev.mlops.server.internal;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes of request bodies held in memory, across all requests, kept under a bound: bodies are
 * read whole before a worker takes them, so without a bound many clients each sending the largest
 * body (and then stalling) could fill the heap. Thread-safe.
 */
final class BodyMemory {

  private final long limit;
  private final AtomicLong held = new AtomicLong();

  /**
   * Creates the bound.
   *
   * @param limit the most bytes held at once
   */
  BodyMemory(long limit) {
    this.limit = limit;
  }

  /**
   * Counts bytes about to be held, if the bound allows.
   *
   * @param bytes how many
   * @return false, counting nothing, if they would go over the bound
   */
  boolean reserve(long bytes) {
    while (true) {
      long now = held.get();
      if (now + bytes > limit) {
        return false;
      }
      if (held.compareAndSet(now, now + bytes)) {
        return true;
      }
    }
  }

  /**
   * Gives back bytes no longer held.
   *
   * @param bytes how many, as reserved
   */
  void release(long bytes) {
    held.addAndGet(-bytes);
  }

  /**
   * How many bytes are held now.
   *
   * @return the count
   */
  long held() {
    return held.get();
  }

  /**
   * The bound.
   *
   * @return bytes
   */
  long limit() {
    return limit;
  }
}

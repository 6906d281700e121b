package dev.mlops.spring;

import java.util.AbstractMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * An input row whose first read blocks until the test releases it: a call given this row is in
 * flight (inside the deployment, past its admission) from {@link #awaitEntered()} until {@link
 * #release()}, without any sleep or timing.
 */
final class HeldRow extends AbstractMap<String, Object> {

  private final Map<String, Object> row;
  private final CountDownLatch entered = new CountDownLatch(1);
  private final CountDownLatch released = new CountDownLatch(1);

  HeldRow(Map<String, Object> row) {
    this.row = row;
  }

  /** Waits until a call reads the row; fails the test after 60 s. */
  void awaitEntered() throws InterruptedException {
    if (!entered.await(60, TimeUnit.SECONDS)) {
      throw new AssertionError("No call read the held row within 60 s");
    }
  }

  /** Lets the call that reads the row go on. */
  void release() {
    released.countDown();
  }

  @Override
  public Set<Entry<String, Object>> entrySet() {
    hold();
    return row.entrySet();
  }

  @Override
  public @Nullable Object get(@Nullable Object key) {
    hold();
    return row.get(key);
  }

  @Override
  public boolean containsKey(@Nullable Object key) {
    hold();
    return row.containsKey(key);
  }

  @Override
  public int size() {
    hold();
    return row.size();
  }

  private void hold() {
    entered.countDown();
    try {
      released.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

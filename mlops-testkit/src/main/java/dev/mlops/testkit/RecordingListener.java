package dev.mlops.testkit;

import static org.assertj.core.api.Assertions.fail;

import dev.mlops.registry.RegistryEvent;
import dev.mlops.registry.RegistryListener;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * A listener that records every event, the thread that delivered it and, optionally, what an
 * observer saw when the event arrived; tests wait for events with a deadline instead of sleeping.
 */
final class RecordingListener implements RegistryListener {

  /** How long a test waits for an event before failing unless configured: generous, for loaded machines. */
  static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(20);

  private final @Nullable Function<RegistryEvent, Object> observer;
  private final List<RegistryEvent> events = new ArrayList<>();
  private final List<Thread> threads = new ArrayList<>();
  private final List<Object> observations = new ArrayList<>();

  RecordingListener() {
    this(null);
  }

  /**
   * A listener that calls the observer on the delivery thread before recording each event, and
   * keeps what it returned (or the exception it threw).
   */
  RecordingListener(@Nullable Function<RegistryEvent, Object> observer) {
    this.observer = observer;
  }

  @Override
  public void onEvent(RegistryEvent event) {
    Object observation = null;
    if (observer != null) {
      try {
        observation = observer.apply(event);
      } catch (RuntimeException e) {
        observation = e;
      }
    }
    synchronized (this) {
      events.add(event);
      threads.add(Thread.currentThread());
      observations.add(observation == null ? "null" : observation);
      notifyAll();
    }
  }

  /** Everything received so far. */
  synchronized List<RegistryEvent> events() {
    return List.copyOf(events);
  }

  /** The threads that delivered each event, in order. */
  synchronized List<Thread> threads() {
    return List.copyOf(threads);
  }

  /** What the observer returned or threw for each event, in order. */
  synchronized List<Object> observations() {
    return List.copyOf(observations);
  }

  /** Waits until at least {@code count} events have arrived; fails after the deadline. */
  synchronized List<RegistryEvent> awaitCount(int count) {
    awaitUntil(() -> events.size() >= count, "at least " + count + " events");
    return List.copyOf(events);
  }

  /**
   * Waits for an event matching the predicate; returns the events that arrived before the first
   * match. Fails after the deadline.
   */
  synchronized List<RegistryEvent> awaitMatching(Predicate<RegistryEvent> match, String what) {
    awaitUntil(() -> events.stream().anyMatch(match), what);
    int index = 0;
    while (!match.test(events.get(index))) {
      index++;
    }
    return List.copyOf(events.subList(0, index));
  }

  /** The deadline: {@value ModelRegistryContract#EVENT_DEADLINE_PROPERTY} if set, else the default. */
  static Duration deadline() {
    String configured = System.getProperty(ModelRegistryContract.EVENT_DEADLINE_PROPERTY);
    if (configured == null) {
      return DEFAULT_DEADLINE;
    }
    try {
      return Duration.parse(configured);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("System property " + ModelRegistryContract.EVENT_DEADLINE_PROPERTY
          + " must be an ISO-8601 duration such as PT30S but was '" + configured + "'", e);
    }
  }

  private void awaitUntil(BooleanSupplier condition, String what) {
    Duration limit = deadline();
    long deadline = System.nanoTime() + limit.toNanos();
    while (!condition.getAsBoolean()) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        fail("Waited " + limit + " for " + what + " but received " + events);
      }
      try {
        wait(Math.max(1, left / 1_000_000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        fail("Interrupted while waiting for " + what, e);
      }
    }
  }
}

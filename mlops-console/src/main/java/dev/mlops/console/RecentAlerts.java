package dev.mlops.console;

import dev.mlops.alert.Alert;
import dev.mlops.alert.AlertSink;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;

/**
 * An alert sink that keeps the most recent alerts in memory for the console's monitoring page:
 * add it to the application's alert dispatcher beside its other sinks, and give it to
 * {@link MonitorHistory#withAlerts}. Thread-safe; the oldest alert is dropped once the capacity
 * is reached.
 *
 * @since 0.1
 */
public final class RecentAlerts implements AlertSink {

  /** The capacity of {@link #create()}. */
  public static final int DEFAULT_CAPACITY = 1000;

  private final int capacity;
  private final ArrayDeque<Alert> alerts = new ArrayDeque<>();

  private RecentAlerts(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be positive but was " + capacity);
    }
    this.capacity = capacity;
  }

  /**
   * A sink keeping the last {@value #DEFAULT_CAPACITY} alerts.
   *
   * @return the sink
   * @since 0.1
   */
  public static RecentAlerts create() {
    return new RecentAlerts(DEFAULT_CAPACITY);
  }

  /**
   * A sink keeping the last {@code capacity} alerts.
   *
   * @param capacity positive
   * @return the sink
   * @throws IllegalArgumentException if the capacity is not positive
   * @since 0.1
   */
  public static RecentAlerts withCapacity(int capacity) {
    return new RecentAlerts(capacity);
  }

  /**
   * Keeps the alert.
   *
   * @param alert the alert
   * @since 0.1
   */
  @Override
  public synchronized void send(Alert alert) {
    Objects.requireNonNull(alert, "alert");
    if (alerts.size() == capacity) {
      alerts.removeFirst();
    }
    alerts.addLast(alert);
  }

  /**
   * The kept alerts of a model, newest first.
   *
   * @param model the model name
   * @return the alerts
   * @since 0.1
   */
  public synchronized List<Alert> alerts(String model) {
    List<Alert> result = new ArrayList<>();
    for (Iterator<Alert> it = alerts.descendingIterator(); it.hasNext(); ) {
      Alert alert = it.next();
      if (alert.modelName().equals(model)) {
        result.add(alert);
      }
    }
    return result;
  }
}

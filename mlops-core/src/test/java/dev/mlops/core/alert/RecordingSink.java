package dev.mlops.core.alert;

import static org.assertj.core.api.Assertions.fail;

import dev.mlops.alert.Alert;
import dev.mlops.alert.AlertSink;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

/** Keeps what it receives, for tests. */
final class RecordingSink implements AlertSink {

  private final List<Alert> received = new CopyOnWriteArrayList<>();
  private volatile boolean closed;

  @Override
  public void send(Alert alert) {
    received.add(alert);
  }

  @Override
  public void close() {
    closed = true;
  }

  List<Alert> received() {
    return List.copyOf(received);
  }

  boolean closed() {
    return closed;
  }

  /** Polls until the condition holds, failing after a generous deadline (no timing assertion). */
  static void await(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        fail("Timed out waiting until " + what);
      }
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        fail("Interrupted waiting until " + what);
      }
    }
  }
}

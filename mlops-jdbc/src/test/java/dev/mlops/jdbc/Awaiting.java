package dev.mlops.jdbc;

import java.util.function.BooleanSupplier;
import org.assertj.core.api.Assertions;

/** Polls a condition with a generous deadline: asynchronous results are awaited, never slept on. */
final class Awaiting {

  private Awaiting() {}

  static void until(BooleanSupplier condition) throws InterruptedException {
    until(condition, 20_000);
  }

  static void until(BooleanSupplier condition, long timeoutMillis) throws InterruptedException {
    long deadline = System.currentTimeMillis() + timeoutMillis;
    while (!condition.getAsBoolean()) {
      if (System.currentTimeMillis() > deadline) {
        Assertions.fail("Condition not met within " + timeoutMillis + " ms");
      }
      Thread.sleep(25);
    }
  }
}

package dev.mlops.server;

import dev.mlops.registry.ModelRegistry;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A registry whose {@code openArtifact} (or another method the test names) waits while a gate is
 * closed, so that a test can hold a model load (the server's first one, or a versioned route's
 * on-demand one) or a version lookup for as long as it needs. Every other call goes straight to
 * the registry underneath.
 */
final class GatedRegistry {

  private volatile CountDownLatch gate = new CountDownLatch(0);
  private volatile String gatedMethod = "openArtifact";
  private final AtomicInteger waiting = new AtomicInteger();
  private final ModelRegistry registry;

  GatedRegistry(ModelRegistry delegate) {
    this.registry = (ModelRegistry) Proxy.newProxyInstance(ModelRegistry.class.getClassLoader(),
        new Class<?>[] {ModelRegistry.class}, (proxy, method, args) -> {
          if (method.getName().equals(gatedMethod)) {
            waiting.incrementAndGet();
            try {
              if (!gate.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("The test never opened the gate");
              }
            } finally {
              waiting.decrementAndGet();
            }
          }
          try {
            return method.invoke(delegate, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }

  ModelRegistry registry() {
    return registry;
  }

  /** Holds every {@code openArtifact} call until {@link #open()}. */
  void close() {
    close("openArtifact");
  }

  /** Holds every call of the registry method of that name until {@link #open()}. */
  void close(String method) {
    gatedMethod = method;
    gate = new CountDownLatch(1);
  }

  void open() {
    gate.countDown();
  }

  /** Waits until a call is held at the gate. */
  void awaitWaiter() throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (waiting.get() == 0) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("No model load reached the gate within 30 s");
      }
      Thread.sleep(5);
    }
  }
}

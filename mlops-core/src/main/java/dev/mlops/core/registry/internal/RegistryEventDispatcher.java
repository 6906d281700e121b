package dev.mlops.core.registry.internal;

import dev.mlops.registry.RegistryEvent;
import dev.mlops.registry.RegistryListener;
import dev.mlops.registry.Subscription;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers registry events to listeners on one thread the registry owns, in publication order, so
 * a slow or failing listener never blocks or breaks the writer that made the change.
 */
public final class RegistryEventDispatcher implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(RegistryEventDispatcher.class);

  private final List<RegistryListener> listeners = new CopyOnWriteArrayList<>();
  private final ExecutorService executor;
  private volatile boolean closed;

  /**
   * Creates a dispatcher whose thread is named after the registry.
   *
   * @param registryName used in the thread name, such as the registry URI
   */
  public RegistryEventDispatcher(String registryName) {
    this.executor = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "mlops-registry-events " + registryName);
      t.setDaemon(true);
      return t;
    });
  }

  /**
   * Adds a listener.
   *
   * @param listener the listener
   * @return its subscription
   * @throws IllegalStateException if the dispatcher is closed
   */
  public Subscription subscribe(RegistryListener listener) {
    if (closed) {
      throw new IllegalStateException("The registry is closed; cannot subscribe");
    }
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  /**
   * Whether anybody listens; lets a registry skip work that only produces events.
   *
   * @return true if there is at least one listener
   */
  public boolean hasListeners() {
    return !listeners.isEmpty();
  }

  /**
   * Queues an event for every current listener. Events published after {@link #close()} are dropped.
   *
   * @param event the change
   */
  public void publish(RegistryEvent event) {
    if (closed || listeners.isEmpty()) {
      return;
    }
    try {
      executor.execute(() -> deliver(event));
    } catch (RejectedExecutionException e) {
      LOG.debug("Dropped {} published while closing", event);
    }
  }

  private void deliver(RegistryEvent event) {
    for (RegistryListener listener : listeners) {
      try {
        listener.onEvent(event);
      } catch (RuntimeException e) {
        LOG.warn("Registry listener {} failed on {}; it stays subscribed", listener, event, e);
      }
    }
  }

  /** Stops delivery after the events already queued, waiting up to 5 seconds for them. */
  @Override
  public void close() {
    closed = true;
    executor.shutdown();
    try {
      if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
        executor.shutdownNow();
      }
    } catch (InterruptedException e) {
      executor.shutdownNow();
      Thread.currentThread().interrupt();
    }
    listeners.clear();
  }
}

package dev.mlops.server.internal;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.jspecify.annotations.Nullable;

/**
 * Reads one request's body without holding a thread while it arrives: Jetty calls back when bytes
 * are there, and they are copied, each counted against the {@link BodyMemory} bound and the body
 * size limit. A body that is not complete by its deadline is refused (408), however steadily it
 * trickles. Exactly one of the {@link Outcome}'s methods is called, once.
 */
final class RequestBodyReader implements Runnable {

  /** What became of the body. */
  interface Outcome {
    /** The whole body arrived. */
    void body(byte[] content);

    /** The body is refused: too large, too slow, or no memory for it. */
    void refused(HttpFailure failure);

    /** The connection failed, such as the client going away: nothing can be answered. */
    void failed(Throwable failure);
  }

  private final Request request;
  private final int maxBytes;
  private final BodyMemory memory;
  private final Outcome outcome;
  private final AtomicBoolean settled = new AtomicBoolean();
  private byte[] received;
  private int size;
  private long reserved;
  private boolean released;
  private volatile @Nullable ScheduledFuture<?> deadline;

  /**
   * Prepares to read.
   *
   * @param request the request whose body to read
   * @param maxBytes the largest body accepted
   * @param memory the bound on bodies held in memory
   * @param outcome told what became of the body
   */
  RequestBodyReader(Request request, int maxBytes, BodyMemory memory, Outcome outcome) {
    this.request = request;
    this.maxBytes = maxBytes;
    this.memory = memory;
    this.outcome = outcome;
    // Grown as bytes arrive: a declared length alone never allocates memory.
    this.received = new byte[(int) Math.max(0, Math.min(request.getLength(), 8192))];
  }

  /**
   * Starts reading, with a deadline.
   *
   * @param timer runs the deadline
   * @param timeout how long the whole body may take
   */
  void start(ScheduledExecutorService timer, Duration timeout) {
    ScheduledFuture<?> task = timer.schedule(() -> {
      if (settle()) {
        outcome.refused(HttpFailure.requestTimeout("The request body did not arrive within the "
            + "request body timeout of " + timeout + "; send it at once"));
      }
    }, timeout.toNanos(), TimeUnit.NANOSECONDS);
    deadline = task;
    run();
  }

  /** Reads what has arrived, then asks to be called again when more does. Never blocks. */
  @Override
  public synchronized void run() {
    while (!settled.get() && !released) {
      Content.Chunk chunk = request.read();
      if (chunk == null) {
        request.demand(this);
        return;
      }
      try {
        if (!take(chunk)) {
          return;
        }
      } finally {
        chunk.release();
      }
    }
  }

  /**
   * Gives back the memory the body held; called once its request is complete.
   */
  synchronized void release() {
    released = true;
    memory.release(reserved);
    reserved = 0;
  }

  /** Takes one chunk; false when reading is over. */
  private boolean take(Content.Chunk chunk) {
    if (Content.Chunk.isFailure(chunk)) {
      Throwable failure = chunk.getFailure();
      if (settle()) {
        if (failure instanceof TimeoutException) {
          outcome.refused(HttpFailure.requestTimeout("The connection was idle while the request "
              + "body was read: " + failure.getMessage()));
        } else {
          outcome.failed(failure);
        }
      }
      return false;
    }
    ByteBuffer bytes = chunk.getByteBuffer();
    int n = bytes.remaining();
    if (size + (long) n > maxBytes) {
      if (settle()) {
        outcome.refused(HttpFailure.bodyTooLarge(request.getLength(), maxBytes));
      }
      return false;
    }
    if (!memory.reserve(n)) {
      if (settle()) {
        outcome.refused(HttpFailure.unavailable("The server holds " + memory.limit()
            + " bytes of request bodies already, its limit; retry later"));
      }
      return false;
    }
    reserved += n;
    if (size + n > received.length) {
      received = Arrays.copyOf(received, (int) Math.min(maxBytes,
          Math.max(size + (long) n, 2L * received.length)));
    }
    bytes.slice().get(received, size, n);
    size += n;
    if (chunk.isLast()) {
      if (settle()) {
        outcome.body(size == received.length ? received : Arrays.copyOf(received, size));
      }
      return false;
    }
    return true;
  }

  /** Claims the one outcome; false if another path already did. */
  private boolean settle() {
    if (!settled.compareAndSet(false, true)) {
      return false;
    }
    ScheduledFuture<?> task = deadline;
    if (task != null) {
      task.cancel(false);
    }
    return true;
  }
}

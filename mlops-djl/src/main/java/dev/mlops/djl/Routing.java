package dev.mlops.djl;

import dev.mlops.registry.ModelUri;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * How a deployment shares traffic with a challenger version, besides the champion its alias
 * points to. Two modes:
 *
 * <ul>
 *   <li>{@linkplain #canary(ModelUri, double) Canary}: a share of the calls is answered by the
 *       challenger. With a {@linkplain #stickyBy sticky key}, the same key always goes to the same
 *       side (a stable hash of the key, identical in every JVM); without one, each call is routed
 *       at random.
 *   <li>{@linkplain #shadow(ModelUri) Shadow}: every call is answered by the champion; a copy of
 *       the input is scored by the challenger in the background and the two answers are compared.
 *       The copy waits in a bounded queue; when it is full the shadow call is dropped, never
 *       waited for.
 * </ul>
 *
 * <p>The challenger is a fixed version ({@code models:/churn/4}), or an alias
 * ({@code models:/churn@candidate}) that is followed like the champion's. Instances are immutable.
 *
 * <pre>{@code
 * Routing canary = Routing.canary(ModelUri.parse("models:/churn@candidate"), 0.05)
 *     .stickyBy(row -> row.get("customer_id"));
 * }</pre>
 *
 * @since 0.1
 */
public final class Routing {

  /** The shadow queue capacity unless {@link #shadowQueueCapacity(int)} says otherwise. */
  public static final int DEFAULT_SHADOW_QUEUE_CAPACITY = 1024;

  /**
   * What a routing does with its challenger.
   *
   * @since 0.1
   */
  public enum Mode {
    /** The challenger answers a share of the calls. */
    CANARY,
    /** The challenger scores a copy of every call in the background; the champion answers. */
    SHADOW
  }

  private final Mode mode;
  private final ModelUri challenger;
  private final double canaryShare;
  private final @Nullable Function<? super Map<String, Object>, ?> stickyKey;
  private final int shadowQueueCapacity;

  private Routing(Mode mode, ModelUri challenger, double canaryShare,
      @Nullable Function<? super Map<String, Object>, ?> stickyKey,
      int shadowQueueCapacity) {
    this.mode = mode;
    this.challenger = challenger;
    this.canaryShare = canaryShare;
    this.stickyKey = stickyKey;
    this.shadowQueueCapacity = shadowQueueCapacity;
  }

  /**
   * Sends a share of the calls to a challenger.
   *
   * @param challenger a version or alias URI of the same or another model
   * @param share the fraction of calls the challenger answers, in [0, 1]
   * @return the routing
   * @throws IllegalArgumentException if the share is outside [0, 1] or not a number
   */
  public static Routing canary(ModelUri challenger, double share) {
    if (!(share >= 0.0 && share <= 1.0)) {
      throw new IllegalArgumentException("canary share must be in [0, 1] but was " + share);
    }
    return new Routing(Mode.CANARY, Objects.requireNonNull(challenger, "challenger"), share, null,
        DEFAULT_SHADOW_QUEUE_CAPACITY);
  }

  /**
   * Scores a copy of every call with a challenger in the background, to compare it with the
   * champion without affecting callers.
   *
   * @param challenger a version or alias URI of the same or another model
   * @return the routing, with a queue of {@value #DEFAULT_SHADOW_QUEUE_CAPACITY} calls
   */
  public static Routing shadow(ModelUri challenger) {
    return new Routing(Mode.SHADOW, Objects.requireNonNull(challenger, "challenger"), 0.0, null,
        DEFAULT_SHADOW_QUEUE_CAPACITY);
  }

  /**
   * Makes canary routing sticky: calls whose key is equal go to the same side, in every JVM and
   * every run, as long as the share is unchanged. The key's {@code toString()} is hashed (64-bit
   * FNV-1a, then mixed) into [0, 1), and the challenger answers when the point is below the share.
   * A call whose key is null is routed at random. The key may be a column the model does not
   * consume; then configure {@link UnknownFeaturePolicy#IGNORE} so that it is dropped.
   *
   * @param key reads the key from an input row, such as {@code row -> row.get("customer_id")}
   * @return a copy of this routing with the key
   * @throws IllegalStateException if this is a shadow routing, where every call is copied
   */
  public Routing stickyBy(Function<? super Map<String, Object>, ?> key) {
    if (mode != Mode.CANARY) {
      throw new IllegalStateException("stickyBy applies to canary routing only; a shadow "
          + "routing copies every call");
    }
    return new Routing(mode, challenger, canaryShare, Objects.requireNonNull(key, "key"),
        shadowQueueCapacity);
  }

  /**
   * Bounds the calls waiting to be shadow-scored; when the queue is full, further shadow calls
   * are dropped and counted.
   *
   * @param capacity at least 1
   * @return a copy of this routing with the capacity
   * @throws IllegalArgumentException if not positive
   * @throws IllegalStateException if this is a canary routing
   */
  public Routing shadowQueueCapacity(int capacity) {
    if (mode != Mode.SHADOW) {
      throw new IllegalStateException("shadowQueueCapacity applies to shadow routing only");
    }
    if (capacity < 1) {
      throw new IllegalArgumentException("shadow queue capacity must be positive but was "
          + capacity);
    }
    return new Routing(mode, challenger, canaryShare, stickyKey, capacity);
  }

  /**
   * The mode.
   *
   * @return canary or shadow
   */
  public Mode mode() {
    return mode;
  }

  /**
   * The challenger.
   *
   * @return its version or alias URI
   */
  public ModelUri challenger() {
    return challenger;
  }

  /**
   * The share of calls the challenger answers.
   *
   * @return in [0, 1]; 0 for shadow routing
   */
  public double canaryShare() {
    return canaryShare;
  }

  /**
   * The sticky key, if any.
   *
   * @return the key function, or null when calls are routed at random
   */
  public @Nullable Function<? super Map<String, Object>, ?> stickyKey() {
    return stickyKey;
  }

  /**
   * The shadow queue capacity.
   *
   * @return the most calls waiting to be shadow-scored
   */
  public int shadowQueueCapacity() {
    return shadowQueueCapacity;
  }

  @Override
  public String toString() {
    return mode == Mode.CANARY
        ? "canary " + canaryShare + " to " + challenger + (stickyKey == null ? "" : " (sticky)")
        : "shadow to " + challenger + " (queue " + shadowQueueCapacity + ")";
  }
}

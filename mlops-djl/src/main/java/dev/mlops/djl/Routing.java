package dev.mlops.djl;

import dev.mlops.registry.ModelUri;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
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
 * <p>Both at once: {@link #withShadow(ModelUri)} adds a shadow challenger to a canary routing. The
 * canary challenger answers its share of the calls; the shadow challenger scores, in the
 * background, a copy of each call the champion answered and is compared with the champion's
 * answer. Calls the canary answered are not shadowed: the agreement figures then always compare
 * the shadow with the production model, never with the other challenger. The two challengers may
 * be different versions (or the same one, loaded twice).
 *
 * <p>A challenger is a fixed version ({@code models:/churn/4}), or an alias
 * ({@code models:/churn@candidate}) that is followed like the champion's. Instances are immutable.
 *
 * <pre>{@code
 * Routing canary = Routing.canary(ModelUri.parse("models:/churn@candidate"), 0.05)
 *     .stickyBy(row -> row.get("customer_id"));
 * Routing both = canary.withShadow(ModelUri.parse("models:/churn@experiment"));
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
  private final @Nullable Function<? super Map<String, Object>, ? extends @Nullable Object>
      stickyKey;
  private final int shadowQueueCapacity;
  private final @Nullable ModelUri canaryShadow;

  private Routing(Mode mode, ModelUri challenger, double canaryShare,
      @Nullable Function<? super Map<String, Object>, ? extends @Nullable Object> stickyKey,
      int shadowQueueCapacity, @Nullable ModelUri canaryShadow) {
    this.mode = mode;
    this.challenger = challenger;
    this.canaryShare = canaryShare;
    this.stickyKey = stickyKey;
    this.shadowQueueCapacity = shadowQueueCapacity;
    this.canaryShadow = canaryShadow;
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
        DEFAULT_SHADOW_QUEUE_CAPACITY, null);
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
        DEFAULT_SHADOW_QUEUE_CAPACITY, null);
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
  public Routing stickyBy(Function<? super Map<String, Object>, ? extends @Nullable Object> key) {
    if (mode != Mode.CANARY) {
      throw new IllegalStateException("stickyBy applies to canary routing only; a shadow "
          + "routing copies every call");
    }
    return new Routing(mode, challenger, canaryShare, Objects.requireNonNull(key, "key"),
        shadowQueueCapacity, canaryShadow);
  }

  /**
   * Adds a shadow challenger to a canary routing, so that one deployment runs both: the canary
   * challenger answers its share of the calls, and the shadow challenger scores a copy of each
   * call the champion answered, in the background, through a bounded queue
   * ({@link #shadowQueueCapacity(int)}), compared with the champion's answer. Calls answered by
   * the canary are not shadowed, so that the agreement always compares the shadow with the
   * champion.
   *
   * @param shadowChallenger a version or alias URI; may differ from the canary challenger
   * @return a copy of this routing with the shadow challenger
   * @throws IllegalStateException if this is a shadow routing, or already has a shadow challenger
   */
  public Routing withShadow(ModelUri shadowChallenger) {
    if (mode != Mode.CANARY) {
      throw new IllegalStateException("withShadow applies to canary routing only; this shadow "
          + "routing already shadows " + challenger);
    }
    if (canaryShadow != null) {
      throw new IllegalStateException("This canary routing already shadows " + canaryShadow);
    }
    return new Routing(mode, challenger, canaryShare, stickyKey, shadowQueueCapacity,
        Objects.requireNonNull(shadowChallenger, "shadowChallenger"));
  }

  /**
   * Bounds the calls waiting to be shadow-scored; when the queue is full, further shadow calls
   * are dropped and counted.
   *
   * @param capacity at least 1
   * @return a copy of this routing with the capacity
   * @throws IllegalArgumentException if not positive
   * @throws IllegalStateException if this routing has no shadow challenger (a canary routing
   *     without {@link #withShadow(ModelUri)})
   */
  public Routing shadowQueueCapacity(int capacity) {
    if (mode != Mode.SHADOW && canaryShadow == null) {
      throw new IllegalStateException("shadowQueueCapacity applies to routing with a shadow "
          + "challenger only: shadow(...) or canary(...).withShadow(...)");
    }
    if (capacity < 1) {
      throw new IllegalArgumentException("shadow queue capacity must be positive but was "
          + capacity);
    }
    return new Routing(mode, challenger, canaryShare, stickyKey, capacity, canaryShadow);
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
   * The challenger of the mode: the canary challenger of a canary routing, the shadow challenger
   * of a shadow routing.
   *
   * @return its version or alias URI
   */
  public ModelUri challenger() {
    return challenger;
  }

  /**
   * The challenger that scores copies of calls in the background, if any.
   *
   * @return {@link #challenger()} for a shadow routing; for a canary routing, the one given to
   *     {@link #withShadow(ModelUri)}, or empty
   */
  public Optional<ModelUri> shadowChallenger() {
    return mode == Mode.SHADOW ? Optional.of(challenger) : Optional.ofNullable(canaryShadow);
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
  public @Nullable Function<? super Map<String, Object>, ? extends @Nullable Object> stickyKey() {
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
    if (mode == Mode.SHADOW) {
      return "shadow to " + challenger + " (queue " + shadowQueueCapacity + ")";
    }
    return "canary " + canaryShare + " to " + challenger + (stickyKey == null ? "" : " (sticky)")
        + (canaryShadow == null ? ""
            : ", shadow to " + canaryShadow + " (queue " + shadowQueueCapacity + ")");
  }
}

package dev.mlops.core.observe;

import io.micrometer.core.instrument.Timer;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The upper bounds of the buckets of a latency histogram. Timers configured with them publish, in
 * Prometheus, one cumulative {@code _bucket{le="..."}} series per bound (plus {@code +Inf}), so
 * that a p99 over many replicas is computed from summed buckets with {@code histogram_quantile}
 * instead of averaging per-replica percentiles, which is meaningless.
 *
 * <p>The {@linkplain #defaults() default layout} has 16 bounds from 100 µs to 10 s, dense where
 * tabular models answer (below 10 ms). Choose another with {@link #of(Duration...)} or {@link
 * #parse(String)}, such as {@code "1ms,5ms,25ms,100ms,500ms,2s"} for a slower model: each bound
 * costs one time series per timer.
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1
 */
public final class LatencyBuckets {

  private static final LatencyBuckets DEFAULTS = parse(
      "100us,250us,500us,1ms,2.5ms,5ms,10ms,25ms,50ms,100ms,250ms,500ms,1s,2.5s,5s,10s");

  private final List<Duration> bounds;

  private LatencyBuckets(List<Duration> bounds) {
    this.bounds = List.copyOf(bounds);
  }

  /**
   * The default layout: 100 µs, 250 µs, 500 µs, 1 ms, 2.5 ms, 5 ms, 10 ms, 25 ms, 50 ms, 100 ms,
   * 250 ms, 500 ms, 1 s, 2.5 s, 5 s and 10 s.
   *
   * @return the default buckets
   */
  public static LatencyBuckets defaults() {
    return DEFAULTS;
  }

  /**
   * Buckets with the given upper bounds.
   *
   * @param bounds positive and strictly increasing, at least one
   * @return the buckets
   * @throws IllegalArgumentException if there is none, or one is not positive or not above the one
   *     before, naming it
   */
  public static LatencyBuckets of(Duration... bounds) {
    return of(Arrays.asList(bounds));
  }

  /**
   * Buckets with the given upper bounds.
   *
   * @param bounds positive and strictly increasing, at least one
   * @return the buckets
   * @throws IllegalArgumentException if there is none, or one is not positive or not above the one
   *     before, naming it
   */
  public static LatencyBuckets of(List<Duration> bounds) {
    Objects.requireNonNull(bounds, "bounds");
    if (bounds.isEmpty()) {
      throw new IllegalArgumentException("latency buckets need at least one bound");
    }
    Duration before = Duration.ZERO;
    for (Duration d : bounds) {
      Objects.requireNonNull(d, "a latency bucket bound is null");
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException("latency bucket bounds must be positive but one was "
            + d);
      }
      if (d.compareTo(before) <= 0) {
        throw new IllegalArgumentException("latency bucket bounds must increase, but " + d
            + " follows " + before);
      }
      before = d;
    }
    return new LatencyBuckets(bounds);
  }

  /**
   * Parses a comma-separated list of bounds, each a decimal number with a unit ({@code ns},
   * {@code us} or {@code µs}, {@code ms}, {@code s}, {@code m}) or an ISO-8601 duration ({@code
   * PT0.25S}): {@code "500us,1ms,2.5ms,10ms,1s"}. Blanks around the commas are ignored.
   *
   * @param text the list
   * @return the buckets
   * @throws IllegalArgumentException if an element is not a duration, naming it, or the bounds are
   *     not positive and increasing
   */
  public static LatencyBuckets parse(String text) {
    Objects.requireNonNull(text, "text");
    List<Duration> bounds = new ArrayList<>();
    for (String part : text.split(",", -1)) {
      bounds.add(parseBound(part.trim(), text));
    }
    return of(bounds);
  }

  /**
   * The upper bounds, increasing.
   *
   * @return an immutable list
   */
  public List<Duration> bounds() {
    return bounds;
  }

  /**
   * Configures a timer to publish these buckets (as service-level objectives, which Prometheus
   * registries expose as histogram buckets). Other registries keep the counts per bound too.
   *
   * @param timer the timer being built
   * @return the same builder
   */
  public Timer.Builder applyTo(Timer.Builder timer) {
    return timer.serviceLevelObjectives(bounds.toArray(Duration[]::new));
  }

  /**
   * The layout in the form {@link #parse(String)} reads, such as {@code "500us,1ms,2.5ms"}.
   *
   * @return the text
   */
  @Override
  public String toString() {
    StringBuilder out = new StringBuilder();
    for (Duration d : bounds) {
      if (!out.isEmpty()) {
        out.append(',');
      }
      out.append(format(d));
    }
    return out.toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LatencyBuckets other && bounds.equals(other.bounds);
  }

  @Override
  public int hashCode() {
    return bounds.hashCode();
  }

  private static Duration parseBound(String part, String whole) {
    if (part.isEmpty()) {
      throw new IllegalArgumentException("latency buckets '" + whole
          + "' have an empty element; write bounds such as 1ms,5ms,25ms");
    }
    if (part.toUpperCase(Locale.ROOT).startsWith("PT")) {
      try {
        return Duration.parse(part);
      } catch (DateTimeParseException e) {
        throw notADuration(part, whole);
      }
    }
    int unitStart = part.length();
    while (unitStart > 0 && Character.isLetter(part.charAt(unitStart - 1))) {
      unitStart--;
    }
    String unit = part.substring(unitStart).toLowerCase(Locale.ROOT);
    long nanosPerUnit = switch (unit) {
      case "ns" -> 1L;
      case "us", "µs" -> 1_000L;
      case "ms" -> 1_000_000L;
      case "s" -> 1_000_000_000L;
      case "m" -> 60_000_000_000L;
      default -> throw notADuration(part, whole);
    };
    try {
      BigDecimal nanos = new BigDecimal(part.substring(0, unitStart).trim())
          .multiply(BigDecimal.valueOf(nanosPerUnit));
      return Duration.ofNanos(nanos.longValueExact());
    } catch (NumberFormatException | ArithmeticException e) {
      throw notADuration(part, whole);
    }
  }

  private static IllegalArgumentException notADuration(String part, String whole) {
    return new IllegalArgumentException("'" + part + "' in latency buckets '" + whole
        + "' is not a duration; write a number with a unit (ns, us, ms, s, m) such as 2.5ms, or "
        + "an ISO-8601 duration such as PT0.25S");
  }

  private static String format(Duration d) {
    long nanos = d.toNanos();
    String[] units = {"s", "ms", "us"};
    long[] sizes = {1_000_000_000L, 1_000_000L, 1_000L};
    for (int i = 0; i < units.length; i++) {
      if (nanos >= sizes[i]) {
        BigDecimal value = BigDecimal.valueOf(nanos).divide(BigDecimal.valueOf(sizes[i]));
        return value.stripTrailingZeros().toPlainString() + units[i];
      }
    }
    return nanos + "ns";
  }
}

package dev.mlops.testkit.data;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One change a {@link DriftingDataGenerator} applies during a span of its stream: a numeric
 * feature's mean moves or its spread scales, a categorical feature's mix changes, or labels are
 * flipped (concept drift that lowers any model's accuracy by a known amount).
 *
 * <p>A shift starts at a row index or an instant and lasts for good unless it is given an end
 * (the recovery), also as a row index or an instant. Start and end are inclusive and exclusive.
 *
 * <pre>{@code
 * FeatureShift.meanShift("x0", 2.0).fromRow(1_000).untilRow(2_000)
 * FeatureShift.categoryMix("c0", Map.of("a", 0.8, "b", 0.1, "c", 0.1)).from(Instant.parse(...))
 * }</pre>
 *
 * <p>Immutable: the methods that set the span return a new shift.
 *
 * @since 0.1
 */
public final class FeatureShift {

  /**
   * What a shift changes.
   *
   * @since 0.1
   */
  public enum Kind {
    /** Adds an amount to a numeric feature. */
    MEAN,
    /** Multiplies a numeric feature's deviation from its mean. */
    SCALE,
    /** Draws a categorical feature with other weights. */
    CATEGORY_MIX,
    /** Inverts the label with a probability. */
    LABEL_FLIP
  }

  private final Kind kind;
  private final @Nullable String feature;
  private final double amount;
  private final Map<String, Double> mix;
  private final long fromRow;
  private final @Nullable Instant fromTime;
  private final long untilRow;
  private final @Nullable Instant untilTime;

  private FeatureShift(Kind kind, @Nullable String feature, double amount, Map<String, Double> mix,
      long fromRow, @Nullable Instant fromTime, long untilRow, @Nullable Instant untilTime) {
    this.kind = kind;
    this.feature = feature;
    this.amount = amount;
    this.mix = mix;
    this.fromRow = fromRow;
    this.fromTime = fromTime;
    this.untilRow = untilRow;
    this.untilTime = untilTime;
  }

  private static FeatureShift of(Kind kind, @Nullable String feature, double amount,
      Map<String, Double> mix) {
    return new FeatureShift(kind, feature, amount, mix, 0, null, Long.MAX_VALUE, null);
  }

  /**
   * Adds {@code delta} to every value of a numeric feature (from row 0, for good, until a span is
   * set).
   *
   * @param feature a numeric feature of the generator
   * @param delta the amount added, in the feature's units
   * @return the shift
   * @throws IllegalArgumentException if delta is not finite
   */
  public static FeatureShift meanShift(String feature, double delta) {
    Objects.requireNonNull(feature, "feature");
    if (!Double.isFinite(delta)) {
      throw new IllegalArgumentException("delta of the mean shift of '" + feature
          + "' must be finite but was " + delta);
    }
    return of(Kind.MEAN, feature, delta, Map.of());
  }

  /**
   * Multiplies the deviation of a numeric feature from its configured mean by {@code factor}, so
   * that its standard deviation is multiplied by it.
   *
   * @param feature a numeric feature of the generator
   * @param factor the factor, positive
   * @return the shift
   * @throws IllegalArgumentException if the factor is not positive and finite
   */
  public static FeatureShift scale(String feature, double factor) {
    Objects.requireNonNull(feature, "feature");
    if (!(factor > 0 && Double.isFinite(factor))) {
      throw new IllegalArgumentException("factor of the scale shift of '" + feature
          + "' must be positive but was " + factor);
    }
    return of(Kind.SCALE, feature, factor, Map.of());
  }

  /**
   * Draws a categorical feature with new weights. Categories the map leaves out get weight 0.
   *
   * @param feature a categorical feature of the generator
   * @param weights category to weight, at least one positive, none negative (they need not sum
   *     to 1)
   * @return the shift
   * @throws IllegalArgumentException if a weight is negative or not finite, or none is positive
   */
  public static FeatureShift categoryMix(String feature, Map<String, Double> weights) {
    Objects.requireNonNull(feature, "feature");
    double total = 0;
    for (Map.Entry<String, Double> e : weights.entrySet()) {
      double w = e.getValue();
      if (!(w >= 0 && Double.isFinite(w))) {
        throw new IllegalArgumentException("weight of category '" + e.getKey() + "' of '" + feature
            + "' must be 0 or more but was " + w);
      }
      total += w;
    }
    if (total <= 0) {
      throw new IllegalArgumentException("the category mix of '" + feature
          + "' needs at least one positive weight");
    }
    return of(Kind.CATEGORY_MIX, feature, 0, Map.copyOf(new LinkedHashMap<>(weights)));
  }

  /**
   * Inverts each label with a probability: concept drift with a known cost, since a model right
   * with probability {@code a} is then right with probability {@code a(1-p) + (1-a)p}.
   *
   * @param probability the chance that a label is inverted, from 0 to 1
   * @return the shift
   * @throws IllegalArgumentException if the probability is outside [0, 1]
   */
  public static FeatureShift labelFlip(double probability) {
    if (!(probability >= 0 && probability <= 1)) {
      throw new IllegalArgumentException("the label flip probability must be between 0 and 1 but was "
          + probability);
    }
    return of(Kind.LABEL_FLIP, null, probability, Map.of());
  }

  /**
   * This shift, starting at a row.
   *
   * @param row the first row index affected, 0 or more
   * @return a copy with the start replaced
   * @throws IllegalArgumentException if the row is negative
   */
  public FeatureShift fromRow(long row) {
    if (row < 0) {
      throw new IllegalArgumentException("the first row of a shift must be 0 or more but was " + row);
    }
    return new FeatureShift(kind, feature, amount, mix, row, null, untilRow, untilTime);
  }

  /**
   * This shift, starting with the first row whose time is at or after an instant.
   *
   * @param time the start
   * @return a copy with the start replaced
   */
  public FeatureShift from(Instant time) {
    Objects.requireNonNull(time, "time");
    return new FeatureShift(kind, feature, amount, mix, 0, time, untilRow, untilTime);
  }

  /**
   * This shift, ending (the data recovers) at a row, which is no longer affected.
   *
   * @param row the first row index no longer affected
   * @return a copy with the end replaced
   * @throws IllegalArgumentException if the row is negative
   */
  public FeatureShift untilRow(long row) {
    if (row < 0) {
      throw new IllegalArgumentException("the end row of a shift must be 0 or more but was " + row);
    }
    return new FeatureShift(kind, feature, amount, mix, fromRow, fromTime, row, null);
  }

  /**
   * This shift, ending (the data recovers) with the first row whose time is at or after an
   * instant.
   *
   * @param time the end
   * @return a copy with the end replaced
   */
  public FeatureShift until(Instant time) {
    Objects.requireNonNull(time, "time");
    return new FeatureShift(kind, feature, amount, mix, fromRow, fromTime, Long.MAX_VALUE, time);
  }

  /**
   * What this shift changes.
   *
   * @return the kind
   */
  public Kind kind() {
    return kind;
  }

  /**
   * The feature this shift changes.
   *
   * @return the feature name, or null for a label flip
   */
  public @Nullable String feature() {
    return feature;
  }

  /**
   * Whether a row is inside this shift's span.
   *
   * @param row the row index
   * @param time the row's time
   * @return true if the shift applies to the row
   */
  public boolean appliesTo(long row, Instant time) {
    boolean started = fromTime == null ? row >= fromRow : !time.isBefore(fromTime);
    boolean ended = untilTime == null ? row >= untilRow : !time.isBefore(untilTime);
    return started && !ended;
  }

  double amount() {
    return amount;
  }

  Map<String, Double> mix() {
    return mix;
  }

  @Override
  public String toString() {
    String what = switch (kind) {
      case MEAN -> "mean of " + feature + " + " + amount;
      case SCALE -> "spread of " + feature + " x " + amount;
      case CATEGORY_MIX -> "mix of " + feature + " " + mix;
      case LABEL_FLIP -> "labels flipped with probability " + amount;
    };
    String start = fromTime == null ? "row " + fromRow : fromTime.toString();
    String end = untilTime != null ? " until " + untilTime
        : untilRow == Long.MAX_VALUE ? "" : " until row " + untilRow;
    return what + " from " + start + end;
  }
}

package dev.mlops.djl;

/**
 * How a shadow challenger's answers compared with the champion's so far.
 *
 * @param compared calls both sides scored
 * @param sameLabelRate the fraction of compared calls where both chose the same label (or the
 *     same highest-scoring index when the signature has no labels); 0 before the first comparison
 * @param meanAbsoluteScoreDifference the mean over compared calls of the mean absolute difference
 *     between the two score vectors; 0 before the first comparison
 * @param dropped shadow calls dropped because the queue was full
 * @param errors shadow calls that failed (the challenger threw, or its scores could not be
 *     compared); never seen by callers
 * @since 0.1
 */
public record ShadowAgreement(long compared, double sameLabelRate,
    double meanAbsoluteScoreDifference, long dropped, long errors) {

  /** No shadow calls yet. */
  public static final ShadowAgreement NONE = new ShadowAgreement(0, 0.0, 0.0, 0, 0);

  /**
   * Checks the figures.
   *
   * @param compared calls both sides scored
   * @param sameLabelRate in [0, 1]
   * @param meanAbsoluteScoreDifference not negative
   * @param dropped shadow calls dropped
   * @param errors shadow calls that failed
   * @throws IllegalArgumentException if a figure is out of range
   */
  public ShadowAgreement {
    if (compared < 0 || dropped < 0 || errors < 0) {
      throw new IllegalArgumentException("counts must not be negative but were compared="
          + compared + ", dropped=" + dropped + ", errors=" + errors);
    }
    if (!(sameLabelRate >= 0.0 && sameLabelRate <= 1.0)) {
      throw new IllegalArgumentException("sameLabelRate must be in [0, 1] but was "
          + sameLabelRate);
    }
    if (!(meanAbsoluteScoreDifference >= 0.0)) {
      throw new IllegalArgumentException("meanAbsoluteScoreDifference must not be negative but was "
          + meanAbsoluteScoreDifference);
    }
  }
}

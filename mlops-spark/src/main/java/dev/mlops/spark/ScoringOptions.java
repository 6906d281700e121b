package dev.mlops.spark;

/**
 * How {@link MlopsSpark#score(org.apache.spark.sql.Dataset, String, String, ScoringOptions)}
 * scores: for now, how many rows go into one engine call. Immutable.
 *
 * @since 0.1
 */
public final class ScoringOptions {

  /** The default number of rows per engine call. */
  public static final int DEFAULT_BATCH_SIZE = 256;

  /** The largest number of rows per engine call. */
  public static final int MAX_BATCH_SIZE = 65_536;

  private static final ScoringOptions DEFAULTS = new ScoringOptions(DEFAULT_BATCH_SIZE);

  private final int batchSize;

  private ScoringOptions(int batchSize) {
    this.batchSize = batchSize;
  }

  /**
   * The defaults: {@value #DEFAULT_BATCH_SIZE} rows per engine call.
   *
   * @return the default options
   */
  public static ScoringOptions defaults() {
    return DEFAULTS;
  }

  /**
   * Options with another batch size. Larger batches amortise the engine call over more rows and
   * hold more rows of a partition in memory at once.
   *
   * @param rows rows per engine call, from 1 to {@value #MAX_BATCH_SIZE}
   * @return options with that batch size
   * @throws IllegalArgumentException if out of range
   */
  public ScoringOptions batchSize(int rows) {
    if (rows < 1 || rows > MAX_BATCH_SIZE) {
      throw new IllegalArgumentException(
          "batchSize must be in [1, " + MAX_BATCH_SIZE + "] but was " + rows);
    }
    return new ScoringOptions(rows);
  }

  /**
   * Rows per engine call.
   *
   * @return the batch size
   */
  public int batchSize() {
    return batchSize;
  }

  @Override
  public String toString() {
    return "ScoringOptions[batchSize=" + batchSize + "]";
  }
}

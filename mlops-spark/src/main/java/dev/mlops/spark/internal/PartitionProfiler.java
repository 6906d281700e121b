package dev.mlops.spark.internal;

import dev.mlops.core.drift.DatasetProfile;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;

/**
 * Profiles one partition: starts from an empty profile (shipped in its binary form), adds every
 * row and returns the partition's profile as bytes, which the driver merges.
 */
public final class PartitionProfiler implements MapPartitionsFunction<Row, byte[]> {

  private static final long serialVersionUID = 1L;

  private final byte[] emptyProfile;
  private final Map<String, Integer> positions;

  /**
   * Creates the function.
   *
   * @param emptyProfile {@link DatasetProfile#toBytes()} of a profile without rows
   * @param positions each feature's column index in the rows
   */
  public PartitionProfiler(byte[] emptyProfile, Map<String, Integer> positions) {
    this.emptyProfile = emptyProfile.clone();
    this.positions = new HashMap<>(positions);
  }

  @Override
  public Iterator<byte[]> call(Iterator<Row> rows) {
    DatasetProfile profile = DatasetProfile.fromBytes(emptyProfile);
    while (rows.hasNext()) {
      profile.update(new RowFeatures(rows.next(), positions));
    }
    return List.of(profile.toBytes()).iterator();
  }
}

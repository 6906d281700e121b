package dev.mlops.bench;

import dev.mlops.core.drift.DataTable;
import dev.mlops.core.drift.DatasetProfile;
import java.nio.charset.StandardCharsets;

/**
 * The memory a dataset profile takes, measured as its serialised size: {@code toBytes().length}
 * (the binary form, which holds every sketch and counter of the profile) and the UTF-8 length of
 * {@code toJson()}, for 100,000 and 1,000,000 rows of the 20-feature drift table, beside the size
 * of the raw columns it summarises. The heap footprint of the live objects is of the same order as
 * the binary form (the sketches' arrays dominate both) but is not measured here (no JOL).
 */
public final class ProfileSizeProgram {

  private ProfileSizeProgram() {}

  /**
   * Builds the profiles and prints their sizes.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    System.out.println("profile size (20 features: 15 numeric, 5 categorical)");
    for (int rows : new int[] {100_000, 1_000_000}) {
      DataTable table = DriftData.table(rows, false, 1);
      DatasetProfile profile = DatasetProfile.of(table);
      long binary = profile.toBytes().length;
      long json = profile.toJson().getBytes(StandardCharsets.UTF_8).length;
      // Raw columns: 8 bytes per numeric value, a 4-byte (compressed) reference per category.
      long raw = (long) rows * (DriftData.NUMERIC * 8L + DriftData.CATEGORICAL * 4L);
      System.out.printf("  %,9d rows: toBytes %,9d B, JSON %,9d B; raw columns ~%,d MB%n", rows,
          binary, json, raw >> 20);
    }
  }
}

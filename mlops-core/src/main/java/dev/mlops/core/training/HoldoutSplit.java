package dev.mlops.core.training;

import dev.mlops.training.Dataset;
import dev.mlops.training.TrainingException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A seeded split of a dataset's rows into training and hold-out rows. For classification it is
 * stratified: each class contributes {@code round(fraction × its rows)} rows to the hold-out set,
 * but always leaves at least one of its rows for training, so the hold-out class mix follows the
 * data's. Rows are shuffled with {@link Random} seeded with the seed (its algorithm is specified
 * by the Java SE API, so the split is the same on every JVM); both index arrays come back in
 * ascending order.
 *
 * @param training the row indices to train on, ascending
 * @param holdout the row indices to evaluate on, ascending
 */
record HoldoutSplit(int[] training, int[] holdout) {

  /**
   * Splits a dataset.
   *
   * @throws TrainingException if either part would be empty
   */
  static HoldoutSplit of(Dataset data, double fraction, long seed) {
    Random random = new Random(seed);
    List<int[]> groups = new ArrayList<>();
    if (data.classification()) {
      Map<Object, List<Integer>> byClass = new LinkedHashMap<>();
      for (String c : data.target().categories()) {
        byClass.put(c, new ArrayList<>());
      }
      for (int r = 0; r < data.size(); r++) {
        byClass.computeIfAbsent(data.target(r), k -> new ArrayList<>()).add(r);
      }
      byClass.values().forEach(rows -> groups.add(rows.stream().mapToInt(i -> i).toArray()));
    } else {
      int[] all = new int[data.size()];
      Arrays.setAll(all, i -> i);
      groups.add(all);
    }
    int[] holdoutMark = new int[data.size()];
    int holdoutCount = 0;
    for (int[] rows : groups) {
      shuffle(rows, random);
      int take = (int) Math.min(Math.round(fraction * rows.length), rows.length - 1L);
      for (int i = 0; i < Math.max(take, 0); i++) {
        holdoutMark[rows[i]] = 1;
        holdoutCount++;
      }
    }
    int trainingCount = data.size() - holdoutCount;
    if (holdoutCount == 0 || trainingCount == 0) {
      throw new TrainingException("Cannot split " + data.size() + " rows into training and "
          + "hold-out sets with hold-out fraction " + fraction + ": one of them would be empty;"
          + " supply more rows or raise the fraction");
    }
    int[] training = new int[trainingCount];
    int[] holdout = new int[holdoutCount];
    int t = 0;
    int h = 0;
    for (int r = 0; r < data.size(); r++) {
      if (holdoutMark[r] == 1) {
        holdout[h++] = r;
      } else {
        training[t++] = r;
      }
    }
    return new HoldoutSplit(training, holdout);
  }

  private static void shuffle(int[] a, Random random) {
    for (int i = a.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int tmp = a[i];
      a[i] = a[j];
      a[j] = tmp;
    }
  }
}

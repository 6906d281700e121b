package dev.mlops.samples.churn;

import dev.mlops.core.training.TabularDataset;
import dev.mlops.testkit.data.ChurnDataGenerator;
import dev.mlops.testkit.data.ChurnRow;
import dev.mlops.training.DataSource;
import dev.mlops.training.Dataset;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * What the business knows: the customers of each past week whose outcome (churned or not) has
 * arrived. Retraining reads the most recent weeks of it as a {@link DataSource}.
 */
final class LabelledHistory {

  private final TreeMap<Integer, List<ChurnRow>> weeks = new TreeMap<>();
  private final int weeksPerDataset;

  LabelledHistory(int weeksPerDataset) {
    this.weeksPerDataset = weeksPerDataset;
  }

  synchronized void add(int week, List<ChurnRow> rows) {
    weeks.computeIfAbsent(week, w -> new ArrayList<>()).addAll(rows);
  }

  synchronized int latestWeek() {
    return weeks.isEmpty() ? -1 : weeks.lastKey();
  }

  /** The most recent labelled weeks, as the training job sees them when it runs. */
  DataSource recentWeeks() {
    return new DataSource() {
      @Override
      public Dataset fetch() {
        return dataset();
      }

      @Override
      public String describe() {
        int last = latestWeek();
        return "labelled customers of weeks " + Math.max(0, last - weeksPerDataset + 1) + " to " + last;
      }
    };
  }

  private synchronized Dataset dataset() {
    int last = latestWeek();
    TabularDataset.Builder data =
        TabularDataset.builder(ChurnDataGenerator.features(), ChurnDataGenerator.label());
    for (int w = Math.max(0, last - weeksPerDataset + 1); w <= last; w++) {
      for (ChurnRow row : weeks.getOrDefault(w, List.of())) {
        data.addRow(row.features(), row.churned());
      }
    }
    return data.build();
  }

  /** A dataset of given rows, for the first model's training on history. */
  static DataSource of(List<ChurnRow> rows, String description) {
    return new DataSource() {
      @Override
      public Dataset fetch() {
        TabularDataset.Builder data =
            TabularDataset.builder(ChurnDataGenerator.features(), ChurnDataGenerator.label());
        rows.forEach(r -> data.addRow(r.features(), r.churned()));
        return data.build();
      }

      @Override
      public String describe() {
        return description;
      }
    };
  }
}

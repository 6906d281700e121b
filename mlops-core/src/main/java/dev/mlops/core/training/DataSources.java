package dev.mlops.core.training;

import dev.mlops.training.DataSource;
import dev.mlops.training.Dataset;
import java.util.Objects;

/**
 * Ready-made {@link DataSource}s; for a CSV file see {@link CsvDataSource}.
 *
 * @since 0.1
 */
public final class DataSources {

  private DataSources() {}

  /**
   * A source that always yields this dataset, for data already in memory and for tests. It is
   * described as {@code memory:} followed by the first 12 digits of the dataset's fingerprint.
   *
   * @param dataset the data
   * @return the source
   * @since 0.1
   */
  public static DataSource of(Dataset dataset) {
    Objects.requireNonNull(dataset, "dataset");
    return of(dataset, "memory:" + dataset.fingerprint().substring(0, 12));
  }

  /**
   * A source that always yields this dataset, with a description of where the data came from.
   *
   * @param dataset the data
   * @param description for lineage and logs, such as {@code jdbc:postgresql://db/churn}
   * @return the source
   * @throws IllegalArgumentException if the description is blank
   * @since 0.1
   */
  public static DataSource of(Dataset dataset, String description) {
    Objects.requireNonNull(dataset, "dataset");
    if (description == null || description.isBlank()) {
      throw new IllegalArgumentException("A data source needs a non-blank description");
    }
    return new InMemory(dataset, description);
  }

  private record InMemory(Dataset dataset, String description) implements DataSource {
    @Override
    public Dataset fetch() {
      return dataset;
    }

    @Override
    public String describe() {
      return description;
    }
  }
}

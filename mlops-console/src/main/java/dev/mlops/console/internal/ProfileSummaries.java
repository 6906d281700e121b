package dev.mlops.console.internal;

import dev.mlops.core.drift.CategoricalProfile;
import dev.mlops.core.drift.DatasetProfile;
import dev.mlops.core.drift.FeatureProfile;
import dev.mlops.core.drift.NumericProfile;
import dev.mlops.core.drift.ReferenceProfiles;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelVersion;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Summaries of versions' reference profiles (the training data's {@code reference-profile.json}),
 * kept for the most recently viewed versions: versions are immutable, and reading a profile
 * opens, and so verifies, the whole artifact.
 */
final class ProfileSummaries {

  private static final int CACHED = 64;

  /**
   * One feature of a reference profile.
   *
   * @param feature the feature
   * @param kind {@code numeric} or {@code categorical}
   * @param count values present
   * @param missing values missing
   * @param statistics for numeric features: min, p5, p25, median, p75, p95, max, mean, std; empty
   *     otherwise
   * @param categories for categorical features: up to five categories with their share, most
   *     frequent first; empty otherwise
   * @param distinct for categorical features, how many categories it counts
   */
  record Row(String feature, String kind, long count, long missing, List<Double> statistics,
      List<Map.Entry<String, Double>> categories, int distinct) {}

  private final Map<String, Optional<List<Row>>> cache = new LinkedHashMap<>(16, 0.75f, true) {
    private static final long serialVersionUID = 1L;

    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Optional<List<Row>>> eldest) {
      return size() > CACHED;
    }
  };

  /**
   * A version's reference profile, summarised.
   *
   * @param registry the registry
   * @param version the version
   * @return the rows, or empty if the version has no reference profile
   * @throws dev.mlops.MlopsException if the artifact or the profile cannot be read
   */
  Optional<List<Row>> of(ModelRegistry registry, ModelVersion version) {
    if (!ReferenceProfiles.hasProfile(version)) {
      return Optional.empty();
    }
    String key = version.name() + "/" + version.version();
    synchronized (cache) {
      Optional<List<Row>> cached = cache.get(key);
      if (cached != null) {
        return cached;
      }
    }
    Optional<List<Row>> rows = ReferenceProfiles.read(registry, version.name(), version.version())
        .map(ProfileSummaries::rows);
    synchronized (cache) {
      cache.put(key, rows);
    }
    return rows;
  }

  private static List<Row> rows(DatasetProfile profile) {
    List<Row> rows = new ArrayList<>();
    for (FeatureProfile feature : profile.profiles()) {
      if (feature instanceof NumericProfile n) {
        List<Double> statistics = n.count() == 0 ? List.of() : List.of(n.min(), n.quantile(0.05),
            n.quantile(0.25), n.quantile(0.5), n.quantile(0.75), n.quantile(0.95), n.max(), n.mean(),
            n.standardDeviation());
        rows.add(new Row(n.feature(), "numeric", n.count(), n.missing() + n.invalid(), statistics,
            List.of(), 0));
      } else {
        CategoricalProfile c = (CategoricalProfile) feature;
        long total = c.count();
        List<Map.Entry<String, Double>> top = c.counts().entrySet().stream()
            .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                .thenComparing(Map.Entry.comparingByKey()))
            .limit(5).map(e -> Map.entry(e.getKey(), total == 0 ? 0.0 : (double) e.getValue() / total))
            .toList();
        rows.add(new Row(c.feature(), "categorical", c.count(), c.missing(), List.of(), top,
            c.counts().size()));
      }
    }
    return List.copyOf(rows);
  }
}

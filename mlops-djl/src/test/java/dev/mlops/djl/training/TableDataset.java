package dev.mlops.djl.training;

import dev.mlops.registry.FieldSpec;
import dev.mlops.training.Dataset;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** A dataset held in lists, for the trainer's tests. */
public final class TableDataset implements Dataset {

  private final List<FieldSpec> features;
  private final FieldSpec target;
  private final List<Map<String, @Nullable Object>> rows;
  private final List<Object> targets;

  /**
   * Creates the dataset.
   *
   * @param features the schema
   * @param target the target column
   * @param rows the feature rows
   * @param targets the targets, one per row
   */
  public TableDataset(List<FieldSpec> features, FieldSpec target,
      List<Map<String, @Nullable Object>> rows, List<Object> targets) {
    this.features = List.copyOf(features);
    this.target = target;
    List<Map<String, @Nullable Object>> copies = new ArrayList<>();
    for (Map<String, @Nullable Object> row : rows) {
      copies.add(Collections.unmodifiableMap(new LinkedHashMap<>(row)));
    }
    this.rows = List.copyOf(copies);
    this.targets = List.copyOf(targets);
  }

  @Override
  public List<FieldSpec> features() {
    return features;
  }

  @Override
  public FieldSpec target() {
    return target;
  }

  @Override
  public int size() {
    return rows.size();
  }

  @Override
  public Map<String, @Nullable Object> features(int row) {
    return rows.get(row);
  }

  @Override
  public Object target(int row) {
    return targets.get(row);
  }

  @Override
  public TableDataset subset(int[] indices) {
    List<Map<String, @Nullable Object>> r = new ArrayList<>();
    List<Object> t = new ArrayList<>();
    for (int i : indices) {
      r.add(rows.get(i));
      t.add(targets.get(i));
    }
    return new TableDataset(features, target, r, t);
  }

  @Override
  public String fingerprint() {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update((features + "|" + target + "|" + rows + "|" + targets)
          .getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The first rows.
   *
   * @param count how many
   * @return the subset
   */
  public TableDataset head(int count) {
    return subset(java.util.stream.IntStream.range(0, count).toArray());
  }

  /**
   * The rows from an index on.
   *
   * @param from the first row
   * @return the subset
   */
  public TableDataset tail(int from) {
    return subset(java.util.stream.IntStream.range(from, size()).toArray());
  }

  /**
   * All feature rows, for predict calls.
   *
   * @return the rows
   */
  public List<Map<String, @Nullable Object>> rows() {
    return rows;
  }
}

package dev.mlops.monitor.spi;

import dev.mlops.lifecycle.LeaderElection;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where the monitors of a fleet keep what they observed, so that a model's monitoring is the whole
 * fleet's: window partials written by each instance (merged by {@code mlops-core} into fleet
 * snapshots), sampled predictions waiting for their ground truth, the outcomes joined to them by
 * any instance, and revisioned state for decisions the fleet takes once. It is also the fleet's
 * {@link LeaderElection}.
 *
 * <p>Implementations are thread-safe. Every method either takes full effect or none: a failure
 * leaves nothing half-written. Methods throw an unchecked {@link dev.mlops.MlopsException} (such as
 * {@link dev.mlops.registry.RegistryUnavailableException} for a database that cannot be reached)
 * when the store cannot be used; monitors call them from their own threads, never from a
 * prediction. The testkit's {@code MonitorStoreContract} checks an implementation.
 *
 * @since 0.1
 */
public interface MonitorStore extends LeaderElection, AutoCloseable {

  /**
   * Where the store keeps its data, for messages; never carries credentials.
   *
   * @return such as {@code jdbc:postgresql://db/mlops (schema mlops)} or {@code memory}
   */
  String describe();

  /**
   * Writes partials, each replacing the one stored under the same key (model, version, pane
   * start, pane length, instance).
   *
   * @param partials the partials
   * @throws dev.mlops.MlopsException if the store cannot be written
   */
  void writePartials(List<WindowPartial> partials);

  /**
   * The partials of a model whose pane starts in {@code [from, to)}, of every instance and
   * version.
   *
   * @param model the model name
   * @param from the earliest pane start, inclusive
   * @param to the latest pane start, exclusive
   * @return the partials, in no particular order
   * @throws dev.mlops.MlopsException if the store cannot be read
   */
  List<WindowPartial> readPartials(String model, Instant from, Instant to);

  /**
   * Stores sampled predictions waiting for their outcome. A prediction whose id the model already
   * has in the store is left as stored (the first one wins).
   *
   * @param predictions the predictions, each without an outcome
   * @throws IllegalArgumentException if one already carries an outcome
   * @throws dev.mlops.MlopsException if the store cannot be written
   */
  void writePredictions(List<StoredPrediction> predictions);

  /**
   * Looks predictions up by id.
   *
   * @param model the model name
   * @param predictionIds the ids
   * @return the stored predictions found (pending or joined), by id; ids not kept are absent
   * @throws dev.mlops.MlopsException if the store cannot be read
   */
  Map<String, StoredPrediction> findPredictions(String model, Collection<String> predictionIds);

  /**
   * Joins outcomes to their predictions, each with compare-and-set: an outcome is joined only to a
   * prediction that has none, so two instances joining the same prediction at once join it once.
   *
   * @param model the model name
   * @param outcomes the outcome (a class name, or a number as text) by prediction id
   * @return what happened to each, by prediction id
   * @throws dev.mlops.MlopsException if the store cannot be written; then nothing was joined
   */
  Map<String, JoinResult> joinOutcomes(String model, Map<String, String> outcomes);

  /**
   * The outcomes of a model's predictions whose pane starts in {@code [from, to)}, per version and
   * pane: joined predictions, and counts of pending and expired ones.
   *
   * @param model the model name
   * @param from the earliest pane start, inclusive
   * @param to the latest pane start, exclusive
   * @return one entry per version and pane that has any, in no particular order
   * @throws dev.mlops.MlopsException if the store cannot be read
   */
  List<PaneOutcomes> readOutcomes(String model, Instant from, Instant to);

  /**
   * How many predictions of each version of a model wait for their outcome now.
   *
   * @param model the model name
   * @return pending predictions by version; versions with none are absent
   * @throws dev.mlops.MlopsException if the store cannot be read
   */
  Map<Integer, Long> pendingCounts(String model);

  /**
   * Stops pending predictions from waiting: those whose {@code expiresAt} has passed, then the
   * oldest beyond {@code maxPending} of the model. Each counts as expired in its pane. Joined
   * predictions stay until retired.
   *
   * @param model the model name
   * @param now the time to compare {@code expiresAt} with
   * @param maxPending the most pending predictions the model may keep
   * @return how many predictions expired
   * @throws dev.mlops.MlopsException if the store cannot be written
   */
  long expire(String model, Instant now, long maxPending);

  /**
   * Deletes everything of a model whose pane starts before a time: partials, predictions (pending
   * or joined) and expiry counts. Outcomes for retired predictions are then unknown.
   *
   * @param model the model name
   * @param before the earliest pane start to keep
   * @throws dev.mlops.MlopsException if the store cannot be written
   */
  void retire(String model, Instant before);

  /**
   * Reads a state record.
   *
   * @param key the key
   * @return the record, or empty if none was written
   * @throws dev.mlops.MlopsException if the store cannot be read
   */
  Optional<StoredState> readState(String key);

  /**
   * Writes a state record if its revision is still the expected one.
   *
   * @param key the key
   * @param expectedRevision the revision read before ({@link StoredState#revision()}), or 0 if
   *     there was none
   * @param value the new value; stored with revision {@code expectedRevision + 1}
   * @return true if written, false if another writer changed the record first (nothing written)
   * @throws dev.mlops.MlopsException if the store cannot be written
   */
  boolean writeState(String key, long expectedRevision, String value);

  /** Releases the store's resources (connections), and every leadership it holds. */
  @Override
  void close();
}

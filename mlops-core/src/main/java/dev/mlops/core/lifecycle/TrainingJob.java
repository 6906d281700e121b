package dev.mlops.core.lifecycle;

import dev.mlops.training.TrainingRun;
import java.util.Map;

/**
 * A training job that registers its challenger with tags the controller gives, such as {@code
 * pipeline::run} of a {@link dev.mlops.core.training.TrainingPipeline}. The controller tags each
 * challenger with the retrain it was trained for ({@link LifecycleTags#RETRAIN_TRIGGER}); given at
 * registration, in the same step, the tag lets another instance that carries an interrupted
 * retrain on find the challenger it registered, instead of training a second one.
 *
 * @since 0.1
 */
@FunctionalInterface
public interface TrainingJob {

  /**
   * Trains, evaluates and registers a challenger carrying the given version tags.
   *
   * @param versionTags tags the registered version must carry
   * @return the run; a failed run rather than an exception where the job can
   */
  TrainingRun run(Map<String, String> versionTags);
}

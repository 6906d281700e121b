package dev.mlops.console.internal;

import dev.mlops.console.MonitorHistory;
import dev.mlops.core.lifecycle.Promotions;
import dev.mlops.core.training.TrainingRunLog;
import dev.mlops.registry.ModelRegistry;
import java.nio.file.Path;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What the pages read and may change.
 *
 * @param registry the registry
 * @param runLog the training run log, or null if none is configured
 * @param driftReports the directory of stored drift reports, or null if none is configured
 * @param monitor the monitor history, or null if none is configured
 * @param allowChanges whether alias moves, approvals and rejections are allowed
 * @param promotions how approvals and rejections move aliases
 * @since 0.1
 */
public record ConsoleSettings(ModelRegistry registry, @Nullable TrainingRunLog runLog,
    @Nullable Path driftReports, @Nullable MonitorHistory monitor, boolean allowChanges,
    Promotions promotions) {

  /**
   * Checks the components.
   *
   * @throws NullPointerException if the registry or the promotions are null
   */
  public ConsoleSettings {
    Objects.requireNonNull(registry, "registry");
    Objects.requireNonNull(promotions, "promotions");
  }
}

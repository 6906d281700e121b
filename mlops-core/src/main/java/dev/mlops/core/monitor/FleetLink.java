package dev.mlops.core.monitor;

import dev.mlops.predict.Prediction;

/**
 * Where a monitor that shares a {@link dev.mlops.monitor.spi.MonitorStore} hands the sampled
 * predictions waiting for their outcome, instead of keeping them in its own join buffer. Called
 * while the monitor's fold lock is held: implementations only enqueue, never wait.
 */
interface FleetLink {

  /**
   * Queues a sampled prediction for the store.
   *
   * @param prediction the prediction
   * @param paneIndex the pane whose window its outcome counts in
   * @param timeMillis when the call returned
   */
  void awaitOutcome(Prediction prediction, long paneIndex, long timeMillis);
}

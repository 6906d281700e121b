package dev.mlops.core.monitor;

import dev.mlops.predict.Deployment;
import dev.mlops.predict.DeploymentListener;
import dev.mlops.predict.Prediction;
import dev.mlops.registry.ModelUri;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.Subscription;
import java.util.Map;

/**
 * A deployment whose calls are monitored; each prediction is recorded under the version that
 * computed it, and the monitor learns of every swap.
 */
final class MonitoredDeployment extends MonitoredPredictor
    implements Deployment<Map<String, Object>, Prediction> {

  private final Deployment<Map<String, Object>, Prediction> delegate;
  private final Subscription swaps;

  MonitoredDeployment(Deployment<Map<String, Object>, Prediction> delegate, ModelMonitor monitor) {
    super(delegate, monitor);
    this.delegate = delegate;
    this.swaps = delegate.addListener(new DeploymentListener() {
      @Override
      public void onSwapped(ModelVersion from, ModelVersion to) {
        monitor.swapped(to);
      }
    });
  }

  @Override
  public ModelUri target() {
    return delegate.target();
  }

  @Override
  public ModelVersion rollback(String reason) {
    return delegate.rollback(reason);
  }

  @Override
  public Subscription addListener(DeploymentListener listener) {
    return delegate.addListener(listener);
  }

  /** Closes the delegate and stops following its swaps; the monitor stays open. */
  @Override
  public void close() {
    swaps.close();
    super.close();
  }
}

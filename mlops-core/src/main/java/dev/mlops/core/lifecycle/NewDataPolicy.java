package dev.mlops.core.lifecycle;

import dev.mlops.lifecycle.RetrainContext;
import dev.mlops.lifecycle.RetrainDecision;
import dev.mlops.lifecycle.RetrainPolicy;

/** Retrains once enough new labelled rows have arrived since the champion was trained. */
final class NewDataPolicy implements RetrainPolicy {

  private final long rows;

  NewDataPolicy(long rows) {
    this.rows = rows;
  }

  @Override
  public RetrainDecision evaluate(RetrainContext context) {
    long available = context.newDataRows();
    return available >= rows
        ? RetrainDecision.retrain("new data: " + available + " rows >= " + rows)
        : RetrainDecision.skip("new data: " + available + " rows < " + rows);
  }

  @Override
  public String toString() {
    return "onNewData(" + rows + ")";
  }
}

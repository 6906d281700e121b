package dev.mlops.samples.churn;

import dev.mlops.alert.Alert;
import dev.mlops.alert.AlertSink;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps every alert delivered, for the weekly table and the report. */
final class AlertLog implements AlertSink {

  private final List<Alert> alerts = new CopyOnWriteArrayList<>();

  @Override
  public void send(Alert alert) {
    alerts.add(alert);
  }

  List<Alert> alerts() {
    return List.copyOf(alerts);
  }
}

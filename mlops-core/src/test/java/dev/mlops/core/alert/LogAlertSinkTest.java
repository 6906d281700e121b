package dev.mlops.core.alert;

import static dev.mlops.core.alert.Snapshots.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.alert.Alert;
import dev.mlops.alert.AlertState;
import dev.mlops.alert.Severity;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

class LogAlertSinkTest {

  private final List<String> calls = new ArrayList<>();

  /** A logger that records which method was called and the formatted arguments. */
  private final Logger logger = (Logger) Proxy.newProxyInstance(
      Logger.class.getClassLoader(), new Class<?>[] {Logger.class}, (proxy, method, args) -> {
        if (method.getName().equals("getName")) {
          return "test";
        }
        if (args != null && args.length == 3 && args[0] instanceof String format) {
          calls.add(method.getName() + ": "
              + format.replaceFirst("\\{}", String.valueOf(args[1]))
                  .replaceFirst("\\{}", String.valueOf(args[2])));
        }
        return method.getReturnType() == boolean.class ? Boolean.TRUE : null;
      });

  private static Alert alert(Severity severity, AlertState state) {
    return new Alert("dataset-drift", severity, state, "churn", 3, "2 of 3 features drifted",
        T0);
  }

  @Test
  void logsFiringAlertsAtTheLevelOfTheirSeverity() {
    LogAlertSink sink = new LogAlertSink(logger);

    sink.send(alert(Severity.INFO, AlertState.FIRING));
    sink.send(alert(Severity.WARNING, AlertState.FIRING));
    sink.send(alert(Severity.CRITICAL, AlertState.FIRING));

    assertThat(calls).containsExactly(
        "info: [INFO] FIRING dataset-drift churn v3: 2 of 3 features drifted (at " + T0 + ")",
        "warn: [WARNING] FIRING dataset-drift churn v3: 2 of 3 features drifted (at " + T0 + ")",
        "error: [CRITICAL] FIRING dataset-drift churn v3: 2 of 3 features drifted (at " + T0
            + ")");
  }

  @Test
  void logsResolvedAlertsAtInfo() {
    new LogAlertSink(logger).send(alert(Severity.CRITICAL, AlertState.RESOLVED));

    assertThat(calls).singleElement().asString().startsWith("info: [CRITICAL] RESOLVED");
  }

  @Test
  void usesTheAlertsLoggerUnlessNamedOtherwise() {
    assertThat(new LogAlertSink()).hasToString("LogAlertSink[dev.mlops.alerts]");
    assertThat(new LogAlertSink("ops.pager")).hasToString("LogAlertSink[ops.pager]");
  }
}

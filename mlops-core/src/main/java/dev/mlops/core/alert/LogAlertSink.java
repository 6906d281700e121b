package dev.mlops.core.alert;

import dev.mlops.alert.Alert;
import dev.mlops.alert.AlertSink;
import dev.mlops.alert.AlertState;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes alerts to an SLF4J logger, {@value #DEFAULT_LOGGER} unless named otherwise. A firing
 * alert is logged at the level of its severity (INFO, WARN, ERROR for {@code INFO}, {@code
 * WARNING}, {@code CRITICAL}); a resolved one at INFO, since it reports good news. The line is the
 * alert's {@linkplain Alert#summary() summary} followed by its time.
 *
 * @since 0.1
 */
public final class LogAlertSink implements AlertSink {

  /** The logger used unless another is named. */
  public static final String DEFAULT_LOGGER = "dev.mlops.alerts";

  private final Logger logger;

  /** Logs to {@value #DEFAULT_LOGGER}. */
  public LogAlertSink() {
    this(DEFAULT_LOGGER);
  }

  /**
   * Logs to the named logger.
   *
   * @param loggerName the logger's name
   */
  public LogAlertSink(String loggerName) {
    this(LoggerFactory.getLogger(Objects.requireNonNull(loggerName, "loggerName")));
  }

  LogAlertSink(Logger logger) {
    this.logger = logger;
  }

  /**
   * Logs the alert.
   *
   * @param alert the alert
   */
  @Override
  public void send(Alert alert) {
    String text = alert.summary();
    if (alert.state() == AlertState.RESOLVED) {
      logger.info("{} (at {})", text, alert.at());
      return;
    }
    switch (alert.severity()) {
      case CRITICAL -> logger.error("{} (at {})", text, alert.at());
      case WARNING -> logger.warn("{} (at {})", text, alert.at());
      case INFO -> logger.info("{} (at {})", text, alert.at());
    }
  }

  @Override
  public String toString() {
    return "LogAlertSink[" + logger.getName() + "]";
  }
}

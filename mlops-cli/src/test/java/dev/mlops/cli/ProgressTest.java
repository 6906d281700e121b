package dev.mlops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class ProgressTest {
  private static final long SECOND = 1_000_000_000L;

  private final StringWriter text = new StringWriter();
  private long now;

  @Test
  void offATerminalALineEveryFiveSecondsWithRowsRateAndTimeLeft() {
    Progress progress = new Progress(new PrintWriter(text), "rows", false, () -> now);

    now = 2 * SECOND;
    progress.update(1_000, 0.1);
    now = 5 * SECOND;
    progress.update(50_000, 0.25);
    now = 7 * SECOND;
    progress.update(60_000, 0.3);
    now = 10 * SECOND;
    progress.update(100_000, Double.NaN);
    progress.finish();

    assertThat(text.toString().lines()).containsExactly(
        "mlops: 50,000 rows, 10,000 rows/s, 25 %, 0:15 left",
        "mlops: 100,000 rows, 10,000 rows/s");
  }

  @Test
  void onATerminalOneLineIsRedrawnInPlaceAndEndedAtTheFinish() {
    Progress progress = new Progress(new PrintWriter(text), "rows", true, () -> now);

    now = SECOND;
    progress.update(100, 0.5);
    now = 2 * SECOND;
    progress.update(12, Double.NaN);
    progress.finish();

    assertThat(text.toString()).isEqualTo("\rmlops: 100 rows, 100 rows/s, 50 %, 0:01 left"
        + "\rmlops: 12 rows, 6 rows/s" + " ".repeat(20) + System.lineSeparator());
  }
}

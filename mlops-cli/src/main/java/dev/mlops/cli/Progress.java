package dev.mlops.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Reports the progress of long work on stderr: how many are done, the rate, and the time left
 * when the share done is known. On a terminal the line is redrawn in place a few times a second;
 * otherwise (a log, a pipe) a line is printed at most every {@value #LINE_INTERVAL_SECONDS}
 * seconds, so that CI logs stay short.
 *
 * <p>Whether stderr is a terminal: {@code bin/mlops} says so in the system property {@value
 * #TERMINAL_PROPERTY}; without it, whether the JVM has a console.
 */
final class Progress {
  /** The system property, {@code true} or {@code false}, that says whether stderr is a terminal. */
  static final String TERMINAL_PROPERTY = "mlops.stderr.terminal";

  private static final long LINE_INTERVAL_SECONDS = 5;
  private static final long REDRAW_INTERVAL_NANOS = 200_000_000L;
  private static final long NANOS = 1_000_000_000L;

  private final PrintWriter err;
  private final String what;
  private final boolean terminal;
  private final LongSupplier clock;
  private final long start;
  private long lastReport;
  private int drawnWidth;

  /**
   * Starts reporting on the real clock.
   *
   * @param err where to report
   * @param what what is counted, such as {@code rows}
   */
  Progress(PrintWriter err, String what) {
    this(err, what, stderrIsATerminal(), System::nanoTime);
  }

  /**
   * Starts reporting.
   *
   * @param err where to report
   * @param what what is counted
   * @param terminal whether to redraw one line in place
   * @param clock the time in nanoseconds
   */
  Progress(PrintWriter err, String what, boolean terminal, LongSupplier clock) {
    this.err = err;
    this.what = what;
    this.terminal = terminal;
    this.clock = clock;
    this.start = clock.getAsLong();
    this.lastReport = start;
  }

  /**
   * Reports, if it is time to.
   *
   * @param done how many are finished
   * @param fraction the share of the work done, from 0 to 1, or NaN if unknown
   */
  void update(long done, double fraction) {
    long now = clock.getAsLong();
    long interval = terminal ? REDRAW_INTERVAL_NANOS : LINE_INTERVAL_SECONDS * NANOS;
    if (now - lastReport < interval) {
      return;
    }
    lastReport = now;
    String line = describe(done, fraction, now);
    if (terminal) {
      err.print("\r" + line + " ".repeat(Math.max(0, drawnWidth - line.length())));
      drawnWidth = line.length();
    } else {
      err.println(line);
    }
    err.flush();
  }

  /** Ends the redrawn line on a terminal. */
  void finish() {
    if (drawnWidth > 0) {
      err.println();
      err.flush();
      drawnWidth = 0;
    }
  }

  private String describe(long done, double fraction, long now) {
    double seconds = (now - start) / (double) NANOS;
    StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "mlops: %,d %s, %,.0f %s/s",
        done, what, seconds > 0 ? done / seconds : 0.0, what));
    if (fraction > 0 && fraction <= 1) {
      long left = Math.round(seconds * (1 - fraction) / fraction);
      s.append(String.format(Locale.ROOT, ", %.0f %%, %d:%02d left", 100 * fraction, left / 60,
          left % 60));
    }
    return s.toString();
  }

  private static boolean stderrIsATerminal() {
    String told = System.getProperty(TERMINAL_PROPERTY);
    return told == null ? System.console() != null : Boolean.parseBoolean(told);
  }
}

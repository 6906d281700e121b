package dev.mlops.cli;

import java.io.PrintWriter;

/**
 * Reports the progress of long work on stderr: a bar redrawn in place on a terminal, otherwise a
 * line at most every {@value #LINE_INTERVAL_SECONDS} seconds, so that CI logs stay short.
 */
final class Progress {
  private static final long LINE_INTERVAL_SECONDS = 5;
  private static final int BAR_WIDTH = 30;

  private final PrintWriter err;
  private final String what;
  private final long total;
  private final boolean terminal;
  private long lastReport = System.nanoTime();
  private boolean drawn;

  /**
   * Starts reporting.
   *
   * @param err where to report
   * @param what what is counted, such as {@code rows}
   * @param total how many there are in all
   */
  Progress(PrintWriter err, String what, long total) {
    this.err = err;
    this.what = what;
    this.total = total;
    this.terminal = System.console() != null;
  }

  /**
   * Reports that {@code done} of the total are finished, if it is time to.
   *
   * @param done how many are finished
   */
  void update(long done) {
    long now = System.nanoTime();
    if (terminal) {
      int filled = total == 0 ? BAR_WIDTH : (int) (BAR_WIDTH * done / total);
      err.print("\r[" + "#".repeat(filled) + " ".repeat(BAR_WIDTH - filled) + "] " + done + "/" + total
          + " " + what);
      err.flush();
      drawn = true;
    } else if (now - lastReport >= LINE_INTERVAL_SECONDS * 1_000_000_000L) {
      err.println("mlops: " + done + " of " + total + " " + what);
      err.flush();
      lastReport = now;
    }
  }

  /** Ends the bar's line on a terminal. */
  void finish() {
    if (drawn) {
      err.println();
      err.flush();
    }
  }
}

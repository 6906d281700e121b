package dev.mlops.core.alert;

import java.math.BigDecimal;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.Duration;
import java.util.Locale;

/** How alert messages and rule names write numbers, the same in every locale. */
final class Figures {

  private static final DecimalFormatSymbols SYMBOLS = DecimalFormatSymbols.getInstance(Locale.ROOT);

  private Figures() {}

  /** A measured value such as a metric: two to four decimals, {@code 0.71}, {@code 0.8051}. */
  static String value(double v) {
    if (!Double.isFinite(v)) {
      return Double.toString(v);
    }
    if (v != 0 && Math.abs(v) < 0.01) {
      return String.format(Locale.ROOT, "%.3g", v);
    }
    return new DecimalFormat("#,##0.00##", SYMBOLS).format(v);
  }

  /** A count with thousands separators: {@code 1,204}. */
  static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  /** A share in [0, 1] as a percentage: {@code 5.20%}. */
  static String percent(double share) {
    return String.format(Locale.ROOT, "%.2f%%", share * 100);
  }

  /** A p-value: four decimals, or scientific notation below 0.001. */
  static String pValue(double p) {
    return p >= 0.001 || p == 0
        ? String.format(Locale.ROOT, "%.4f", p)
        : String.format(Locale.ROOT, "%.2e", p);
  }

  /** A latency in milliseconds: {@code 412 ms}, {@code 0.85 ms}, {@code 1,250 ms}. */
  static String millis(Duration d) {
    double ms = d.toNanos() / 1e6;
    return new DecimalFormat("#,##0.##", SYMBOLS).format(ms) + " ms";
  }

  /** A bound as written in a rule name: {@code 0.8}, {@code 0.05}, {@code 12}. */
  static String bound(double v) {
    if (!Double.isFinite(v)) {
      return Double.toString(v);
    }
    return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
  }

  /** A duration as written in a rule name: {@code 250ms}, {@code 2s}, {@code 800us}. */
  static String bound(Duration d) {
    long nanos = d.toNanos();
    if (nanos % 1_000_000_000L == 0) {
      return nanos / 1_000_000_000L + "s";
    }
    if (nanos % 1_000_000L == 0) {
      return nanos / 1_000_000L + "ms";
    }
    if (nanos % 1_000L == 0) {
      return nanos / 1_000L + "us";
    }
    return nanos + "ns";
  }

  /** The end of every built-in message: {@code model churn v3}. */
  static String model(String name, int version) {
    return "model " + name + " v" + version;
  }
}

package dev.mlops.console.internal;

import java.time.Duration;
import dev.mlops.core.drift.internal.HtmlText;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** How the console writes numbers, times and sizes for people. */
final class Formats {

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

  private Formats() {}

  /**
   * A number as the drift report writes it: up to four decimals for ordinary magnitudes,
   * scientific notation for tiny or huge ones (p-values such as 3.10e-12), NaN and infinities by
   * name.
   *
   * @param value the number, or null
   * @return the text; a dash for null
   */
  static String number(@Nullable Double value) {
    return value == null ? "–" : HtmlText.number(value);
  }

  /**
   * A share as a percentage with at most one decimal, as the drift report writes it.
   *
   * @param share between 0 and 1
   * @return such as {@code 12.5%}; a dash for NaN
   */
  static String percent(double share) {
    return Double.isNaN(share) ? "–" : HtmlText.percent(share);
  }

  /**
   * An instant to the second, in UTC.
   *
   * @param instant the instant, or null
   * @return such as {@code 2026-05-04 12:00:00Z}; a dash for null
   */
  static String time(@Nullable Instant instant) {
    return instant == null ? "–" : TIME.format(instant);
  }

  /**
   * A duration for people.
   *
   * @param duration the duration
   * @return such as {@code 850 ms}, {@code 12.3 s}, {@code 4 min 5 s}
   */
  static String duration(Duration duration) {
    long millis = duration.toMillis();
    if (millis < 1000) {
      return millis + " ms";
    }
    if (millis < 60_000) {
      return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }
    long seconds = duration.toSeconds();
    if (seconds < 3600) {
      return seconds / 60 + " min " + seconds % 60 + " s";
    }
    return seconds / 3600 + " h " + seconds % 3600 / 60 + " min";
  }

  /**
   * A size in bytes for people.
   *
   * @param bytes the size
   * @return such as {@code 925 B}, {@code 1.2 MiB}
   */
  static String bytes(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    double value = bytes;
    int unit = -1;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
  }
}

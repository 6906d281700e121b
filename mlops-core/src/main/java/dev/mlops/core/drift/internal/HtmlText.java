package dev.mlops.core.drift.internal;

import java.util.Locale;

/**
 * Escaping and number formatting for HTML: the drift report's, and the web console's
 * ({@code mlops-console}), so that both show numbers alike.
 *
 * @since 0.1
 */
public final class HtmlText {

  private HtmlText() {}

  /**
   * Escapes text for HTML element content and double-quoted attribute values: {@code & < > " '},
   * and a control character other than tab, line feed and carriage return becomes U+FFFD.
   *
   * @param text the text
   * @return the escaped text
   */
  public static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c < 0x20 && c != '\n' && c != '\t' && c != '\r' ? '\uFFFD' : c);
      }
    }
    return out.toString();
  }

  /**
   * A number for people: up to four decimals for ordinary magnitudes, scientific notation for
   * tiny or huge ones (p-values such as 3.1e-12), NaN and infinities by name.
   *
   * @param value the number
   * @return the text
   */
  public static String number(double value) {
    if (Double.isNaN(value)) {
      return "NaN";
    }
    if (Double.isInfinite(value)) {
      return value > 0 ? "∞" : "-∞";
    }
    double magnitude = Math.abs(value);
    if (value == 0 || (magnitude >= 1e-4 && magnitude < 1e7)) {
      String fixed = String.format(Locale.ROOT, "%.4f", value);
      fixed = fixed.replaceAll("0+$", "");
      return fixed.endsWith(".") ? fixed.substring(0, fixed.length() - 1) : fixed;
    }
    return String.format(Locale.ROOT, "%.2e", value);
  }

  /**
   * A share as a percentage with at most one decimal.
   *
   * @param share the share, such as 0.125
   * @return such as {@code 12.5%}
   */
  public static String percent(double share) {
    return number(Math.round(share * 1000) / 10.0) + "%";
  }

  /**
   * A coordinate for SVG, with two decimals.
   *
   * @param value the coordinate
   * @return such as {@code 12.50}
   */
  public static String coordinate(double value) {
    return String.format(Locale.ROOT, "%.2f", value);
  }
}

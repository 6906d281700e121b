package dev.mlops.core.lifecycle;

import java.math.BigDecimal;
import java.math.MathContext;

/** Numbers as reasons show them: four significant digits, no trailing zeros ("0.31", "0.1"). */
final class DecimalText {

  private static final MathContext FOUR_DIGITS = new MathContext(4);

  private DecimalText() {}

  static String of(double value) {
    if (!Double.isFinite(value)) {
      return Double.toString(value);
    }
    if (value == 0.0) {
      return "0";
    }
    return BigDecimal.valueOf(value).round(FOUR_DIGITS).stripTrailingZeros().toPlainString();
  }

  static String percent(double share) {
    return of(share * 100) + "%";
  }
}

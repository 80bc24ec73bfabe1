package org.widenet.data;

import java.util.regex.Pattern;

/** Number parsing and message quoting shared by the parsers. */
final class Fields {
  /** Plain decimal numbers only: no hex, no 'd'/'f' suffix, no NaN or Infinity words. */
  private static final Pattern DECIMAL =
      Pattern.compile("[+-]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][+-]?\\d+)?");
  private static final Pattern INTEGER = Pattern.compile("[+-]?\\d+");
  private static final int MAX_QUOTED = 40;

  private Fields() {}

  /**
   * Parses a finite decimal number.
   *
   * @return the value, or NaN if the text is not a decimal number or overflows to infinity
   */
  static double finiteOrNaN(String s) {
    if (!DECIMAL.matcher(s).matches()) {
      return Double.NaN;
    }
    double v = Double.parseDouble(s);
    return Double.isFinite(v) ? v : Double.NaN;
  }

  /** @return true if {@code s} is an optionally signed run of digits */
  static boolean isInteger(String s) {
    return INTEGER.matcher(s).matches();
  }

  /** Quotes text for an error message, shortened so the message stays readable. */
  static String quote(String s) {
    String t = s.length() > MAX_QUOTED ? s.substring(0, MAX_QUOTED) + "..." : s;
    return "\"" + t + "\"";
  }
}

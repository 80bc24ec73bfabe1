package org.widenet.report;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The legend labels of a {@link RunReport}: which settings differ between the runs, and a
 * short {@code key=value} label per run built from them.
 */
final class RunLabels {
  private RunLabels() {}

  /**
   * The settings keys whose values are not the same in every run (a key missing from some runs
   * differs), in the order they first appear.
   *
   * @param settings each run's flattened settings
   * @return the differing keys; empty for a single run
   */
  static List<String> differingKeys(List<Map<String, String>> settings) {
    Set<String> keys = new LinkedHashSet<>();
    settings.forEach(s -> keys.addAll(s.keySet()));
    List<String> differing = new ArrayList<>();
    for (String key : keys) {
      String first = settings.get(0).get(key);
      for (Map<String, String> s : settings) {
        if (!same(first, s.get(key))) {
          differing.add(key);
          break;
        }
      }
    }
    return differing;
  }

  /**
   * Whether two settings values are the same; numbers that differ only in the last bits of a
   * double (0.1 vs 0.10000000000000002, from arithmetic) count as the same.
   */
  static boolean same(String a, String b) {
    if (Objects.equals(a, b)) {
      return true;
    }
    double x = decimal(a);
    double y = decimal(b);
    return Double.isFinite(x) && Double.isFinite(y)
        && Math.abs(x - y) <= 1e-12 * Math.max(Math.abs(x), Math.abs(y));
  }

  /** A decimal number written with a point or exponent, else NaN (integers, words). */
  private static double decimal(String v) {
    if (v == null || !v.matches("[+-]?(\\d+\\.\\d*|\\.\\d+|\\d+(\\.\\d*)?[eE][+-]?\\d+)")) {
      return Double.NaN;
    }
    return Double.parseDouble(v);
  }

  /** A decimal number to 4 significant digits for a legend (1.2348780495384473 -> 1.235). */
  static String shortNumber(String v) {
    double x = decimal(v);
    if (!Double.isFinite(x)) {
      return v;
    }
    String f = String.format(Locale.ROOT, "%.4g", x);
    int e = f.indexOf('e');
    String mantissa = e < 0 ? f : f.substring(0, e);
    if (mantissa.contains(".")) {
      mantissa = mantissa.replaceAll("0+$", "").replaceAll("\\.$", "");
    }
    return e < 0 ? mantissa : mantissa + f.substring(e);
  }

  /**
   * One legend label per run: {@code key=value} for every differing setting, joined by
   * {@code ", "}, e.g. {@code width=1000}, decimals to 4 significant digits; the directory name
   * when no setting differs; a key a run lacks reads {@code key=unset}. Labels that still
   * coincide get the directory name appended in parentheses.
   *
   * @param settings each run's flattened settings
   * @param names each run's directory name
   * @return the labels, in run order
   */
  static List<String> labels(List<Map<String, String>> settings, List<String> names) {
    List<String> keys = differingKeys(settings);
    List<String> labels = new ArrayList<>();
    for (int i = 0; i < settings.size(); i++) {
      if (keys.isEmpty()) {
        labels.add(names.get(i));
        continue;
      }
      List<String> parts = new ArrayList<>();
      for (String key : keys) {
        String v = settings.get(i).get(key);
        parts.add(key + "=" + (v == null ? "unset" : shortNumber(v)));
      }
      labels.add(String.join(", ", parts));
    }
    for (int i = 0; i < labels.size(); i++) {
      if (labels.indexOf(labels.get(i)) != labels.lastIndexOf(labels.get(i))
          && !labels.get(i).equals(names.get(i))) {
        String same = labels.get(i);
        for (int j = 0; j < labels.size(); j++) {
          if (labels.get(j).equals(same)) {
            labels.set(j, same + " (" + names.get(j) + ")");
          }
        }
      }
    }
    return labels;
  }
}

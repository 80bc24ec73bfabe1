package org.widenet.analysis;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How well predictions f fit targets y, as Arora et al. (2019) Figure 2 reports them:
 * the mean l1 loss |f - y|, the mean squared loss (f - y)^2 / 2, and, when every target is
 * +-1, the 0-1 error of sign(f) (which the l1 loss bounds from above).
 */
public final class Evaluation {
  private Evaluation() {}

  /**
   * @param prefix key prefix, e.g. "test" gives test_l1_loss, test_squared_loss, test_error
   * @return an ordered map of the metrics (test_error only for +-1 targets)
   */
  public static Map<String, Object> metrics(String prefix, double[] f, double[] y) {
    if (f.length != y.length || f.length == 0) {
      throw new IllegalArgumentException("need equally many predictions and targets, got "
          + f.length + " and " + y.length);
    }
    double l1 = 0;
    double squared = 0;
    long wrong = 0;
    boolean binary = true;
    for (int i = 0; i < f.length; i++) {
      double diff = f[i] - y[i];
      l1 += Math.abs(diff);
      squared += 0.5 * diff * diff;
      binary &= y[i] == 1.0 || y[i] == -1.0;
      if ((f[i] > 0 ? 1.0 : -1.0) != y[i]) {
        wrong++;
      }
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put(prefix + "_n", f.length);
    out.put(prefix + "_l1_loss", l1 / f.length);
    out.put(prefix + "_squared_loss", squared / f.length);
    if (binary) {
      out.put(prefix + "_error", (double) wrong / f.length);
    }
    return out;
  }
}

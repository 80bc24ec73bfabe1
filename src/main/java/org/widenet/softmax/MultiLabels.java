package org.widenet.softmax;

import org.widenet.data.LabelRange;

/**
 * The label range softmax2 assumes (Gu et al. Assumption 6.1, docs/models/softmax2.md, Formulas):
 * ||y_i|| &lt;= 1 for every row of the n x k label matrix (column-major).
 */
public final class MultiLabels {
  private MultiLabels() {}

  /** ||y_i||_2 of row i. */
  public static double rowNorm(double[] y, int n, int k, int i) {
    double s = 0.0;
    for (int l = 0; l < k; l++) {
      double v = y[l * n + i];
      s += v * v;
    }
    return Math.sqrt(s);
  }

  /** The first row with ||y_i|| &gt; 1 + {@link LabelRange#TOLERANCE}, or -1. */
  public static int firstRowOutsideUnitBall(double[] y, int n, int k) {
    for (int i = 0; i < n; i++) {
      if (!(rowNorm(y, n, k, i) <= 1 + LabelRange.TOLERANCE)) {
        return i;
      }
    }
    return -1;
  }

  /** max_i ||y_i||, or 1 when all rows are 0: what --scale-labels divides by. */
  public static double scaleFactor(double[] y, int n, int k) {
    double max = 0.0;
    for (int i = 0; i < n; i++) {
      max = Math.max(max, rowNorm(y, n, k, i));
    }
    return max > 0 ? max : 1.0;
  }
}

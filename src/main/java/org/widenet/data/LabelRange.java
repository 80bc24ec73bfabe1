package org.widenet.data;

/**
 * The label range the models assume: relu2 follows Arora et al. (2019, Section 3.1) and exp2
 * Gao, Mahadevan and Song (Definition 4.1), and both take |y_i| <= 1; their width and step-size
 * bounds (through ||y - f(0)||^2 <= n, for instance) are stated for it. Labels outside are refused
 * for training unless the user asks to divide them by their largest magnitude.
 */
public final class LabelRange {
  /**
   * How far |y| may exceed 1 and still count as inside: room for the rounding of labels
   * written by another program, not for real overshoot.
   */
  public static final double TOLERANCE = 1e-9;

  private LabelRange() {}

  /** @return the index of the first label with |y| > 1 + TOLERANCE, or -1 when there is none */
  public static int firstOutside(double[] y) {
    for (int i = 0; i < y.length; i++) {
      if (!(Math.abs(y[i]) <= 1 + TOLERANCE)) {
        return i;
      }
    }
    return -1;
  }

  /** @return max_i |y_i| (0 for no labels) */
  public static double maxAbs(double[] y) {
    double max = 0.0;
    for (double v : y) {
      max = Math.max(max, Math.abs(v));
    }
    return max;
  }

  /** @return the factor the labels are divided by to make max |y| = 1: max |y|, or 1 if all are 0 */
  public static double scaleFactor(double[] y) {
    double max = maxAbs(y);
    return max > 0 ? max : 1.0;
  }

  /** @return a new array y / factor */
  public static double[] divided(double[] y, double factor) {
    double[] out = new double[y.length];
    for (int i = 0; i < y.length; i++) {
      out[i] = y[i] / factor;
    }
    return out;
  }

  /**
   * Refuses labels outside [-1, 1], naming the data's source, the row (counted from 1 among the
   * rows read) and the value, and the setting that scales them.
   *
   * @param fix what the user should set, e.g. "--scale-labels"
   * @throws DataException for the first label with |y| > 1
   */
  public static void requireInside(Dataset data, String fix) {
    int i = firstOutside(data.y());
    if (i >= 0) {
      throw new DataException(data.source() + " row " + (i + 1) + ": "
          + outsideMessage(data.y()[i], maxAbs(data.y()), fix));
    }
  }

  /**
   * The one-line explanation of a label outside [-1, 1], without the place it was found.
   *
   * @param value the offending label
   * @param max max |y| over the labels
   * @param fix what the user should set, e.g. "--scale-labels"
   */
  public static String outsideMessage(double value, double max, String fix) {
    return "label " + value + " is outside [-1, 1], the range the relu2 and exp2 models assume "
        + "(max |y| = " + max + "): add " + fix + " to divide the labels by max |y|";
  }
}

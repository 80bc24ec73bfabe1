package org.widenet.deep;

/**
 * The deep-last activations and their a.e. derivative (see {@link DeepSpec}): the scaled
 * shifted ReLU s max(x - tau, 0) or the scaled hard threshold s x 1[x &gt; tau]; both have
 * derivative s 1[x &gt; tau].
 */
public final class ShiftedRelu {
  private ShiftedRelu() {}

  public static double value(double x, double tau, double scale, boolean shifted) {
    return x > tau ? scale * (shifted ? x - tau : x) : 0.0;
  }

  public static double derivative(double x, double tau, double scale) {
    return x > tau ? scale : 0.0;
  }
}

package org.widenet.data;

import java.util.SplittableRandom;

/** Target functions for {@link SyntheticSpec}; the draw order is documented there. */
final class SyntheticTargets {
  private SyntheticTargets() {}

  /** Draws the target's parameters from rng and returns y scaled to max |y| = 1. */
  static double[] compute(String target, SplittableRandom rng, int n, int d, double[] x) {
    double[] y = new double[n];
    switch (target) {
      case "random":
        for (int i = 0; i < n; i++) {
          y[i] = rng.nextBoolean() ? 1.0 : -1.0;
        }
        break;
      case "linear": {
        double[] beta = new double[d];
        SyntheticSpec.unitGaussian(rng, beta);
        dot(x, n, d, beta, y);
        break;
      }
      case "quadratic": {
        double[] g = new double[d * d];
        for (int k = 0; k < g.length; k++) {
          g[k] = SyntheticSpec.gaussian(rng);
        }
        for (int i = 0; i < n; i++) {
          double s = 0.0;
          for (int a = 0; a < d; a++) {
            double xa = x[i + a * n];
            for (int b = 0; b < d; b++) {
              double aab = 0.5 * (g[a * d + b] + g[b * d + a]);
              s += xa * aab * x[i + b * n];
            }
          }
          y[i] = s;
        }
        break;
      }
      case "cos": {
        double[] beta = new double[d];
        SyntheticSpec.unitGaussian(rng, beta);
        for (int j = 0; j < d; j++) {
          beta[j] *= SyntheticSpec.COS_BETA_NORM;
        }
        dot(x, n, d, beta, y);
        for (int i = 0; i < n; i++) {
          y[i] = StrictMath.cos(y[i]) - 1.0;
        }
        break;
      }
      default:
        throw new IllegalArgumentException("unknown target \"" + target + "\"");
    }
    scaleToUnitMax(y);
    return y;
  }

  /** y_i = beta^T x_i for the column-major x. */
  private static void dot(double[] x, int n, int d, double[] beta, double[] y) {
    for (int i = 0; i < n; i++) {
      double s = 0.0;
      for (int j = 0; j < d; j++) {
        s += beta[j] * x[i + j * n];
      }
      y[i] = s;
    }
  }

  /** Divides y by max |y| (so that maximum becomes exactly 1) unless all entries are 0. */
  private static void scaleToUnitMax(double[] y) {
    double m = 0.0;
    for (double v : y) {
      m = Math.max(m, Math.abs(v));
    }
    if (m > 0.0) {
      for (int i = 0; i < y.length; i++) {
        y[i] /= m;
      }
    }
  }
}

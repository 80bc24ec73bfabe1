package org.widenet.math;

/**
 * Student's t distribution: the CDF through the regularized incomplete beta function
 * (continued fraction, Numerical Recipes 6.4) and the quantile by bisection on it. Used for
 * t-intervals of means and regression slopes; accurate to about 1e-10.
 */
public final class StudentT {
  private StudentT() {}

  /**
   * P(T &lt;= t) for T with {@code df} degrees of freedom.
   *
   * @throws IllegalArgumentException when df is not positive
   */
  public static double cdf(double t, double df) {
    if (!(df > 0)) {
      throw new IllegalArgumentException("degrees of freedom must be > 0, got " + df);
    }
    if (Double.isNaN(t)) {
      return Double.NaN;
    }
    if (Double.isInfinite(t)) {
      return t > 0 ? 1.0 : 0.0;
    }
    double tail = 0.5 * regularizedBeta(df / (df + t * t), 0.5 * df, 0.5);
    return t > 0 ? 1.0 - tail : tail;
  }

  /**
   * The p-quantile: the t with P(T &lt;= t) = p, e.g. {@code quantile(0.975, df)} for a
   * two-sided 95% interval.
   *
   * @throws IllegalArgumentException when p is outside (0, 1) or df is not positive
   */
  public static double quantile(double p, double df) {
    if (!(p > 0 && p < 1)) {
      throw new IllegalArgumentException("probability must lie in (0, 1), got " + p);
    }
    if (!(df > 0)) {
      throw new IllegalArgumentException("degrees of freedom must be > 0, got " + df);
    }
    if (p == 0.5) {
      return 0.0;
    }
    if (p < 0.5) {
      return -quantile(1 - p, df);
    }
    double lo = 0.0;
    double hi = 1.0;
    while (cdf(hi, df) < p) {
      lo = hi;
      hi *= 2;
    }
    for (int i = 0; i < 200 && hi - lo > 1e-13 * Math.max(1.0, hi); i++) {
      double mid = 0.5 * (lo + hi);
      if (cdf(mid, df) < p) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return 0.5 * (lo + hi);
  }

  /** I_x(a, b), the regularized incomplete beta function, for x in [0, 1]. */
  static double regularizedBeta(double x, double a, double b) {
    if (x <= 0) {
      return 0.0;
    }
    if (x >= 1) {
      return 1.0;
    }
    double front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x)
        + b * Math.log1p(-x));
    if (x < (a + 1) / (a + b + 2)) {
      return front * betaFraction(x, a, b) / a;
    }
    return 1.0 - front * betaFraction(1 - x, b, a) / b;
  }

  /** The continued fraction of I_x(a, b) by the modified Lentz method. */
  private static double betaFraction(double x, double a, double b) {
    double tiny = 1e-300;
    double c = 1.0;
    double d = 1.0 - (a + b) * x / (a + 1);
    d = 1.0 / (Math.abs(d) < tiny ? tiny : d);
    double h = d;
    for (int m = 1; m <= 10_000; m++) {
      int m2 = 2 * m;
      double aa = m * (b - m) * x / ((a + m2 - 1) * (a + m2));
      d = 1.0 + aa * d;
      d = 1.0 / (Math.abs(d) < tiny ? tiny : d);
      c = 1.0 + aa / c;
      c = Math.abs(c) < tiny ? tiny : c;
      h *= d * c;
      aa = -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1));
      d = 1.0 + aa * d;
      d = 1.0 / (Math.abs(d) < tiny ? tiny : d);
      c = 1.0 + aa / c;
      c = Math.abs(c) < tiny ? tiny : c;
      double del = d * c;
      h *= del;
      if (Math.abs(del - 1.0) < 1e-15) {
        break;
      }
    }
    return h;
  }

  /** log Gamma(x) for x &gt; 0 (Lanczos, g = 7, 9 terms; relative error about 1e-15). */
  static double logGamma(double x) {
    if (x < 0.5) {
      return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
    }
    double[] c = {0.99999999999980993, 676.5203681218851, -1259.1392167224028,
        771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012,
        9.9843695780195716e-6, 1.5056327351493116e-7};
    double z = x - 1;
    double sum = c[0];
    for (int i = 1; i < 9; i++) {
      sum += c[i] / (z + i);
    }
    double t = z + 7.5;
    return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
  }
}

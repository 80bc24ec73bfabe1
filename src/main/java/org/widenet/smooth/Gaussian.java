package org.widenet.smooth;

/**
 * The standard normal density and distribution function, with an error function accurate to
 * about 5e-15 absolute (a few ulps below |x| = 1/2), so that GeLU and its exact derivatives
 * agree with each other to round-off (finite-difference checks rely on it).
 */
public final class Gaussian {
  private static final double INV_SQRT_2PI = 0.3989422804014327;
  private static final double INV_SQRT_PI = 0.5641895835477563;
  private static final double INV_SQRT_2 = 0.7071067811865476;

  private Gaussian() {}

  /** phi_N(x) = exp(-x^2 / 2) / sqrt(2 pi). */
  public static double pdf(double x) {
    return INV_SQRT_2PI * Math.exp(-0.5 * x * x);
  }

  /** Phi_N(x) = (1 + erf(x / sqrt 2)) / 2. */
  public static double cdf(double x) {
    return 0.5 * (1.0 + erf(x * INV_SQRT_2));
  }

  /** Below this |x|, {@link #erf} takes its Maclaurin polynomial. */
  static final double SMALL = 0.5;
  /**
   * (-1)^n / (n! (2n + 1)), n = 0..12: erf's Maclaurin coefficients after the factor
   * 2/sqrt(pi) x; for |x| &lt; 1/2 the first omitted term is below 1e-17 of the sum.
   */
  private static final double[] MACLAURIN = maclaurin(13);

  /**
   * erf(x). For |x| &lt; 1/2, where the pre-activations of a network at initialization lie,
   * its Maclaurin polynomial in x^2 by Horner's rule (no exp, no division: the block passes
   * evaluate GeLU once or twice per row and neuron). Otherwise the series
   * erf(x) = 2/sqrt(pi) exp(-x^2) sum_n 2^n x^(2n+1) / (1*3*...*(2n+1)), whose terms are all of
   * one sign (no cancellation); beyond |x| = 6, erf is +-1 in double precision (erfc(6) is
   * about 2e-17).
   */
  public static double erf(double x) {
    if (Math.abs(x) < SMALL) {
      double u = x * x;
      double sum = MACLAURIN[MACLAURIN.length - 1];
      for (int n = MACLAURIN.length - 2; n >= 0; n--) {
        sum = sum * u + MACLAURIN[n];
      }
      return 2.0 * INV_SQRT_PI * x * sum;
    }
    return erfBySeries(x);
  }

  /** erf(x) by the one-signed series of {@link #erf}, for any x. */
  static double erfBySeries(double x) {
    double ax = Math.abs(x);
    if (Double.isNaN(x)) {
      return Double.NaN;
    }
    if (ax >= 6.0) {
      return Math.copySign(1.0, x);
    }
    double x2 = ax * ax;
    double term = ax;
    double sum = ax;
    for (int n = 1; n < 500; n++) {
      term *= 2.0 * x2 / (2 * n + 1);
      sum += term;
      if (term < 1e-17 * sum) {
        break;
      }
    }
    double value = 2.0 * INV_SQRT_PI * Math.exp(-x2) * sum;
    return Math.copySign(Math.min(1.0, value), x);
  }

  private static double[] maclaurin(int terms) {
    double[] c = new double[terms];
    double factorial = 1.0;
    for (int n = 0; n < terms; n++) {
      if (n > 0) {
        factorial *= n;
      }
      c[n] = (n % 2 == 0 ? 1.0 : -1.0) / (factorial * (2 * n + 1));
    }
    return c;
  }
}

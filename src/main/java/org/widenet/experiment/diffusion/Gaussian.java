package org.widenet.experiment.diffusion;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * A d-dimensional Gaussian N(mean, covariance) with its Cholesky factor, for the small d of the
 * diffusion targets (plain loops; d is at most a few dozen). Immutable.
 */
public final class Gaussian {
  private final int d;
  private final double[] mean;
  private final double[] covariance;
  /** Lower Cholesky factor L (row-major d x d), covariance = L L^T. */
  private final double[] chol;
  private final double logNormalizer;

  /**
   * @param mean the mean (length d)
   * @param covariance the covariance, row-major d x d, symmetric positive definite
   * @throws IllegalArgumentException if the sizes disagree or the covariance is not SPD
   */
  public Gaussian(double[] mean, double[] covariance) {
    d = mean.length;
    if (covariance.length != d * d) {
      throw new IllegalArgumentException("covariance has " + covariance.length + " entries, "
          + "expected " + d * d);
    }
    this.mean = mean.clone();
    this.covariance = covariance.clone();
    chol = cholesky(covariance, d);
    double logDet = 0;
    for (int j = 0; j < d; j++) {
      logDet += 2 * Math.log(chol[j * d + j]);
    }
    logNormalizer = -0.5 * (d * Math.log(2 * Math.PI) + logDet);
  }

  /** The dimension d. */
  public int dimension() {
    return d;
  }

  /** A copy of the mean. */
  public double[] mean() {
    return mean.clone();
  }

  /** A copy of the covariance (row-major). */
  public double[] covariance() {
    return covariance.clone();
  }

  /**
   * The law of {@code alpha X + sigma Z} for X of this law and Z ~ N(0, I) independent:
   * N(alpha mean, alpha^2 covariance + sigma2 I).
   */
  public Gaussian diffused(double alpha, double sigma2) {
    double[] m = new double[d];
    double[] c = new double[d * d];
    for (int i = 0; i < d; i++) {
      m[i] = alpha * mean[i];
      for (int j = 0; j < d; j++) {
        c[i * d + j] = alpha * alpha * covariance[i * d + j] + (i == j ? sigma2 : 0);
      }
    }
    return new Gaussian(m, c);
  }

  /**
   * log N(x; mean, covariance); also writes the whitened residual
   * {@code covariance^-1 (x - mean)} into {@code precisionTimesResidual} when it is non-null.
   */
  public double logDensity(double[] x, double[] precisionTimesResidual) {
    double[] r = new double[d];
    for (int i = 0; i < d; i++) {
      r[i] = x[i] - mean[i];
    }
    // Solve L u = r (forward), then the quadratic form is |u|^2.
    double[] u = new double[d];
    double q = 0;
    for (int i = 0; i < d; i++) {
      double s = r[i];
      for (int k = 0; k < i; k++) {
        s -= chol[i * d + k] * u[k];
      }
      u[i] = s / chol[i * d + i];
      q += u[i] * u[i];
    }
    if (precisionTimesResidual != null) {
      // Solve L^T v = u (backward): v = covariance^-1 r.
      for (int i = d - 1; i >= 0; i--) {
        double s = u[i];
        for (int k = i + 1; k < d; k++) {
          s -= chol[k * d + i] * precisionTimesResidual[k];
        }
        precisionTimesResidual[i] = s / chol[i * d + i];
      }
    }
    return logNormalizer - 0.5 * q;
  }

  /** One draw mean + L z, z ~ N(0, I) from {@code rng}, written into {@code out}. */
  public void sample(RandomGenerator rng, double[] out) {
    double[] z = new double[d];
    for (int i = 0; i < d; i++) {
      z[i] = rng.nextGaussian();
    }
    for (int i = 0; i < d; i++) {
      double s = mean[i];
      for (int k = 0; k <= i; k++) {
        s += chol[i * d + k] * z[k];
      }
      out[i] = s;
    }
  }

  private static double[] cholesky(double[] a, int d) {
    double[] l = new double[d * d];
    for (int j = 0; j < d; j++) {
      for (int i = j; i < d; i++) {
        if (a[i * d + j] != a[j * d + i]) {
          throw new IllegalArgumentException("covariance is not symmetric at (" + i + ", " + j
              + ")");
        }
        double s = a[i * d + j];
        for (int k = 0; k < j; k++) {
          s -= l[i * d + k] * l[j * d + k];
        }
        if (i == j) {
          if (!(s > 0)) {
            throw new IllegalArgumentException("covariance is not positive definite "
                + Arrays.toString(a));
          }
          l[j * d + j] = Math.sqrt(s);
        } else {
          l[i * d + j] = s / l[j * d + j];
        }
      }
    }
    return l;
  }
}

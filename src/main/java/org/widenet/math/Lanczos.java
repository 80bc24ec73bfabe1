package org.widenet.math;

import java.util.Random;
import java.util.function.UnaryOperator;
import org.netlib.util.intW;

/**
 * The extreme eigenvalues of a symmetric n by n matrix A known only through its products v -> A
 * v, by the Lanczos process with full reorthogonalization (Golub and Van Loan, Matrix
 * Computations, 4th ed., Sections 10.1 and 10.3.1).
 *
 * <p>Step j multiplies by A once and orthogonalizes the new vector against every earlier Lanczos
 * vector (twice, which is enough in floating point), so the k vectors stay orthonormal to
 * working precision and no spurious copies of converged eigenvalues appear. After each step the
 * tridiagonal T_j is solved by LAPACK dstev; its extreme eigenvalues (Ritz values) theta_min and
 * theta_max are the estimates.
 *
 * <p><b>Accuracy.</b> Ritz values lie inside the spectrum: theta_max &lt;= lambda_max and
 * theta_min &gt;= lambda_min, always. Each Ritz value comes with the residual bound
 * beta_j |s_j| (the last entry of its eigenvector of T_j times the next off-diagonal), and some
 * eigenvalue of A lies within that bound of it (within bound^2 / gap when the gap to the rest of
 * the spectrum is known). The process stops when both extreme bounds are at most
 * {@code tolerance * max|theta|}, after {@code maxSteps} steps, or after n steps (then T holds
 * the whole spectrum). In practice lambda_max, well separated at the top of a kernel matrix's
 * spectrum, converges in a few dozen steps to near machine precision; lambda_min of a Gram
 * matrix sits in a cluster of small eigenvalues and converges much more slowly, so with
 * k &lt; n steps it is an upper estimate whose error is reported by its bound. With k &gt;= n
 * steps both are exact to round-off.
 *
 * <p>Memory: k vectors of n doubles. The start vector is Gaussian from a fixed seed, so a
 * deterministic operator gives the same bits on every run.
 */
public final class Lanczos {
  /** Default relative residual bound at which the process stops early. */
  public static final double DEFAULT_TOLERANCE = 1e-10;

  private static final long START_SEED = 0x5eed_1a2c_05L;

  private Lanczos() {}

  /**
   * The extreme Ritz values after the process stopped.
   *
   * @param lambdaMin theta_min, an upper estimate of lambda_min(A)
   * @param lambdaMax theta_max, a lower estimate of lambda_max(A)
   * @param boundMin the residual bound of theta_min: some eigenvalue of A lies within it
   * @param boundMax the residual bound of theta_max
   * @param steps the products with A taken
   * @param converged whether both bounds reached the tolerance (or the process ran n steps)
   */
  public record Result(double lambdaMin, double lambdaMax, double boundMin, double boundMax,
      int steps, boolean converged) {}

  /**
   * Runs at most {@code maxSteps} Lanczos steps on A. Allocates min(maxSteps, n) n-vectors; the
   * operator must return a new (or unshared) array of length n and not modify its argument.
   *
   * @param n the order of A, &gt;= 1
   * @param a the operator v -> A v of a symmetric A
   * @param maxSteps the most products with A, &gt;= 1
   * @param tolerance stop when both extreme residual bounds are at most tolerance * max|theta|
   * @return the extreme Ritz values and their bounds
   * @throws IllegalArgumentException on n &lt; 1, maxSteps &lt; 1 or a bad tolerance
   * @throws ArithmeticException when the operator returns a non-finite value or a wrong length,
   *     or LAPACK fails on the tridiagonal matrix
   */
  public static Result extremes(int n, UnaryOperator<double[]> a, int maxSteps,
      double tolerance) {
    if (n < 1) {
      throw new IllegalArgumentException("Lanczos needs n >= 1, got " + n);
    }
    if (maxSteps < 1) {
      throw new IllegalArgumentException("Lanczos steps must be >= 1, got " + maxSteps);
    }
    if (!(tolerance >= 0) || Double.isInfinite(tolerance)) {
      throw new IllegalArgumentException("Lanczos tolerance must be a finite number >= 0, got "
          + tolerance);
    }
    int k = Math.min(maxSteps, n);
    double[][] q = new double[k][];
    double[] alpha = new double[k];
    double[] beta = new double[k];
    q[0] = startVector(n);
    for (int j = 0; ; j++) {
      double[] w = a.apply(q[j]);
      if (w.length != n) {
        throw new ArithmeticException("the operator returned " + w.length + " values for a "
            + "vector of length " + n);
      }
      alpha[j] = dot(q[j], w);
      if (!Double.isFinite(alpha[j])) {
        throw new ArithmeticException("the operator returned a non-finite value in Lanczos "
            + "step " + (j + 1));
      }
      axpy(-alpha[j], q[j], w);
      if (j > 0) {
        axpy(-beta[j - 1], q[j - 1], w);
      }
      for (int pass = 0; pass < 2; pass++) {
        for (int i = 0; i <= j; i++) {
          axpy(-dot(q[i], w), q[i], w);
        }
      }
      beta[j] = Math.sqrt(dot(w, w));
      Ritz ritz = ritz(j + 1, alpha, beta);
      double bound = beta[j];
      double boundMin = Math.abs(bound * ritz.lastMin);
      double boundMax = Math.abs(bound * ritz.lastMax);
      double size = Math.max(Math.abs(ritz.min), Math.abs(ritz.max));
      boolean converged = j + 1 == n
          || (boundMin <= tolerance * size && boundMax <= tolerance * size);
      if (converged || j + 1 == k || beta[j] == 0.0) {
        return new Result(ritz.min, ritz.max, boundMin, boundMax, j + 1,
            converged || beta[j] == 0.0);
      }
      for (int i = 0; i < n; i++) {
        w[i] /= beta[j];
      }
      q[j + 1] = w;
    }
  }

  /** Extreme eigenvalues of T_m and the last entries of their unit eigenvectors. */
  private record Ritz(double min, double max, double lastMin, double lastMax) {}

  private static Ritz ritz(int m, double[] alpha, double[] beta) {
    double[] d = new double[m];
    System.arraycopy(alpha, 0, d, 0, m);
    double[] e = new double[Math.max(1, m - 1)];
    System.arraycopy(beta, 0, e, 0, m - 1);
    double[] z = new double[m * m];
    double[] work = new double[Math.max(1, 2 * m - 2)];
    intW info = new intW(0);
    Blas.lapack().dstev("V", m, d, e, z, m, work, info);
    if (info.val != 0) {
      throw new ArithmeticException("LAPACK dstev failed on the Lanczos tridiagonal matrix of "
          + "order " + m + " with info=" + info.val);
    }
    return new Ritz(d[0], d[m - 1], z[m - 1], z[(m - 1) + (m - 1) * m]);
  }

  private static double[] startVector(int n) {
    Random rnd = new Random(START_SEED);
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = rnd.nextGaussian();
    }
    double norm = Math.sqrt(dot(v, v));
    for (int i = 0; i < n; i++) {
      v[i] /= norm;
    }
    return v;
  }

  private static double dot(double[] u, double[] v) {
    double sum = 0.0;
    for (int i = 0; i < u.length; i++) {
      sum += u[i] * v[i];
    }
    return sum;
  }

  private static void axpy(double c, double[] x, double[] y) {
    for (int i = 0; i < y.length; i++) {
      y[i] += c * x[i];
    }
  }
}

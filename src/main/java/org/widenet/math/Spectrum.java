package org.widenet.math;

import org.netlib.util.intW;

/**
 * The eigen-decomposition H = sum_i lambda_i v_i v_i^T of a symmetric kernel matrix, and what
 * Arora, Du, Hu, Li, Wang (2019) read from it: the projections (v_i . y)^2 of the labels on the
 * eigenvectors (Section 4, Figure 1) and the residual norms that Theorem 4.1 predicts for gradient
 * descent, ||y - u(k)|| ~ sqrt(sum_i (1 - eta lambda_i)^{2k} (v_i . y)^2). Eigenpairs are in
 * ascending order of eigenvalue. Instances are immutable as far as callers do not write into
 * {@link #eigenvalues()}.
 */
public final class Spectrum {

  private static final String VECTORS = "V";
  private static final String UPPER = "U";

  private final int n;
  private final double[] values;
  /** Eigenvectors as the columns of an n by n column-major matrix, in ascending order. */
  private final double[] vectors;

  private Spectrum(int n, double[] values, double[] vectors) {
    this.n = n;
    this.values = values;
    this.vectors = vectors;
  }

  /**
   * Decomposes a symmetric matrix with LAPACK dsyevd (jobz "V", uplo "U", divide and conquer) on
   * an unpacked copy, which LAPACK overwrites with the eigenvectors. Allocates the n*n
   * eigenvector matrix, LAPACK's workspace (at least 1 + 6n + 2n^2 doubles and 3 + 5n ints, so
   * about 3n^2 doubles in all: 2.4 GB at n = 10,000) and the n eigenvalues; does not modify
   * packed.
   *
   * @param n the order
   * @param packed the packed upper triangle, length n(n+1)/2, read only
   * @return the decomposition
   * @throws IllegalArgumentException on a negative n, a wrong length or a non-finite entry
   * @throws ArithmeticException if LAPACK reports failure; the message carries LAPACK's info
   */
  public static Spectrum of(int n, double[] packed) {
    int length = PackedSymmetric.packedLength(n);
    Checks.exactLength("packed", packed, length);
    Checks.finite("packed", packed, length);
    double[] values = new double[n];
    double[] a = new double[Checks.size("n", n, "n", n)];
    if (n == 0) {
      return new Spectrum(0, values, a);
    }
    PackedSymmetric.unpackUpper(n, packed, 0.0, a);
    intW info = new intW(0);
    double[] workQuery = new double[1];
    int[] iworkQuery = new int[1];
    Blas.lapack().dsyevd(VECTORS, UPPER, n, a, n, values, workQuery, -1, iworkQuery, -1, info);
    check(info.val, "workspace query");
    long minWork = 1L + 6L * n + 2L * n * n;
    long lwork = Math.max(minWork, (long) Math.ceil(workQuery[0]));
    int liwork = Math.max(3 + 5 * n, iworkQuery[0]);
    if (lwork > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("dsyevd workspace for order " + n + " is " + lwork
          + " doubles, too long for a Java array");
    }
    double[] work = new double[(int) lwork];
    int[] iwork = new int[liwork];
    Blas.lapack().dsyevd(VECTORS, UPPER, n, a, n, values, work, (int) lwork, iwork, liwork, info);
    check(info.val, "eigen-decomposition");
    return new Spectrum(n, values, a);
  }

  /**
   * Returns the order of the matrix. Allocates nothing.
   *
   * @return n
   */
  public int n() {
    return n;
  }

  /**
   * Returns the eigenvalues in ascending order. This is the internal array, not a copy: do not
   * write into it. Allocates nothing.
   *
   * @return the n eigenvalues, ascending
   */
  public double[] eigenvalues() {
    return values;
  }

  /**
   * Returns the unit eigenvector of eigenvalue k (ascending order, 0-based), as LAPACK gives it
   * (its sign is arbitrary). Allocates the returned copy.
   *
   * @param k the index of the eigenvalue
   * @return a new array of length n
   * @throws IllegalArgumentException if k is outside [0, n)
   */
  public double[] eigenvector(int k) {
    if (k < 0 || k >= n) {
      throw new IllegalArgumentException("eigenvector index " + k + " is outside [0, " + n + ")");
    }
    double[] v = new double[n];
    System.arraycopy(vectors, k * n, v, 0, n);
    return v;
  }

  /**
   * Returns the smallest eigenvalue, lambda_0 of Arora et al. when H is H-infinity. Allocates
   * nothing.
   *
   * @return the smallest eigenvalue
   * @throws IllegalStateException if n is 0
   */
  public double lambdaMin() {
    requireNonEmpty();
    return values[0];
  }

  /**
   * Returns the largest eigenvalue. Allocates nothing.
   *
   * @return the largest eigenvalue
   * @throws IllegalStateException if n is 0
   */
  public double lambdaMax() {
    requireNonEmpty();
    return values[n - 1];
  }

  /**
   * Returns the condition number lambdaMax / lambdaMin. Allocates nothing.
   *
   * @return the ratio, or +Infinity if lambdaMin &lt;= 0
   * @throws IllegalStateException if n is 0
   */
  public double conditionNumber() {
    double min = lambdaMin();
    return min <= 0.0 ? Double.POSITIVE_INFINITY : lambdaMax() / min;
  }

  /**
   * The squared projections p_k = (v_k . y)^2 of y on the eigenvectors, in ascending eigenvalue
   * order (Arora et al. Section 4; Figure 1 plots |v_k . y|). They sum to ||y||^2 up to rounding.
   * Allocates the result; does not modify y.
   *
   * @param y a vector of length n, read only
   * @return a new array of length n
   * @throws IllegalArgumentException on a wrong length or a non-finite entry
   */
  public double[] projections(double[] y) {
    double[] c = coefficients(y);
    for (int k = 0; k < n; k++) {
      c[k] *= c[k];
    }
    return c;
  }

  /**
   * The residual norms predicted by Arora et al. Theorem 4.1 for gradient descent from u(0) ~ 0
   * with step eta on the kernel H: r(k) = sqrt(sum_i (1 - eta lambda_i)^{2k} (v_i . y)^2), that
   * is ||(I - eta H)^k y||, for k = 0..iterations. r(0) = ||y||; when 0 &lt; eta &lt;= 1 /
   * lambdaMax and H is positive semidefinite the sequence does not increase. Allocates the
   * result and two n-vectors; does not modify y.
   *
   * @param y the labels, length n, read only
   * @param eta the step size, finite
   * @param iterations the last k, &gt;= 0
   * @return a new array of length iterations + 1
   * @throws IllegalArgumentException on a wrong length, a non-finite entry or eta, or negative
   *     iterations
   */
  public double[] predictedResidualNorms(double[] y, double eta, int iterations) {
    if (!Double.isFinite(eta)) {
      throw new IllegalArgumentException("eta is not finite: " + eta);
    }
    if (iterations < 0 || iterations == Integer.MAX_VALUE) {
      throw new IllegalArgumentException("iterations must be in [0, 2^31 - 2], got " + iterations);
    }
    double[] terms = projections(y);
    double[] factors = new double[n];
    for (int i = 0; i < n; i++) {
      double f = 1.0 - eta * values[i];
      factors[i] = f * f;
    }
    double[] r = new double[iterations + 1];
    for (int k = 0; k <= iterations; k++) {
      double sum = 0.0;
      for (int i = 0; i < n; i++) {
        sum += terms[i];
        terms[i] *= factors[i];
      }
      r[k] = Math.sqrt(sum);
    }
    return r;
  }

  /**
   * Rebuilds the matrix V diag(lambda) V^T, packed, for tests and diagnostics. Allocates two n*n
   * matrices and the packed result.
   *
   * @return a new packed n by n matrix
   */
  public double[] reconstruct() {
    double[] scaled = new double[vectors.length];
    for (int k = 0; k < n; k++) {
      for (int i = 0; i < n; i++) {
        scaled[i + k * n] = vectors[i + k * n] * values[k];
      }
    }
    double[] full = new double[vectors.length];
    if (n > 0) {
      Blas.blas().dgemm("N", "T", n, n, n, 1.0, scaled, n, vectors, n, 0.0, full, n);
    }
    return PackedSymmetric.pack(n, full);
  }

  /** V^T y as a new array, after checking y. */
  private double[] coefficients(double[] y) {
    Checks.exactLength("y", y, n);
    Checks.finite("y", y, n);
    double[] c = new double[n];
    if (n > 0) {
      MatrixVector.transposeTimes(n, n, 1.0, vectors, y, 0.0, c);
    }
    return c;
  }

  private void requireNonEmpty() {
    if (n == 0) {
      throw new IllegalStateException("the spectrum of a 0 by 0 matrix has no eigenvalues");
    }
  }

  private static void check(int info, String stage) {
    if (info != 0) {
      throw new ArithmeticException("LAPACK dsyevd failed in the " + stage + " with info=" + info
          + (info > 0 ? " (the algorithm did not converge)" : " (illegal argument)"));
    }
  }
}

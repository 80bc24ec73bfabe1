package org.widenet.math;

/**
 * Solves damped symmetric positive definite systems {@code (A + shift*I) x = b} by a Cholesky
 * factorization followed by triangular solves ({@link Cholesky}, repeatable bit for bit). A is
 * given packed.
 */
public final class SpdSolver {

  private SpdSolver() {}

  /**
   * Solves {@code (A + shift*I) x = b}. Allocates an n*n working copy of the shifted matrix and the
   * returned solution; does not modify {@code packedA} or {@code b}.
   *
   * @param n the order of A
   * @param packedA A as a packed upper triangle, length n(n+1)/2, read only
   * @param shift the damping added to A's diagonal
   * @param b the right-hand side, length n, read only
   * @return a new array x of length n
   * @throws SingularSystemException if A + shift*I is not positive definite; its
   *     {@link SingularSystemException#leadingMinor()} is the order of the failing leading minor and
   *     its message says that a larger damping is needed
   * @throws IllegalArgumentException on a negative n, a wrong length, a non-finite entry in
   *     packedA, shift or b, or if LAPACK rejects an argument
   */
  public static double[] solve(int n, double[] packedA, double shift, double[] b) {
    return solve(n, packedA, shift, b, null);
  }

  /**
   * {@link #solve(int, double[], double, double[])} with the factor's working copy in
   * {@code work} (overwritten; at least {@link Cholesky#length}(n) long), so that a caller that
   * solves every iteration makes no n^2 garbage; null allocates one.
   */
  public static double[] solve(int n, double[] packedA, double shift, double[] b,
      double[] work) {
    int length = PackedSymmetric.packedLength(n);
    Checks.exactLength("packedA", packedA, length);
    Checks.exactLength("b", b, n);
    if (!Double.isFinite(shift)) {
      throw new IllegalArgumentException("shift is not finite: " + shift);
    }
    Checks.finite("packedA", packedA, length);
    Checks.finite("b", b, n);
    double[] x = b.clone();
    if (n == 0) {
      return x;
    }
    double[] factor = work != null && work.length >= Cholesky.length(n) ? work
        : new double[Cholesky.length(n)];
    PackedSymmetric.unpackUpper(n, packedA, shift, factor);

    int info = Cholesky.factorUpper(n, factor);
    if (info > 0) {
      throw new SingularSystemException("the matrix (A + shift I) of order " + n + " with shift "
          + shift + " is not positive definite at leading minor " + info
          + "; a larger damping is needed", info);
    }
    Cholesky.solveUpper(n, factor, x);
    return x;
  }
}

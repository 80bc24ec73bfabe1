package org.widenet.math;

import org.netlib.util.intW;

/**
 * Solves damped symmetric positive definite systems {@code (A + shift*I) x = b} by a Cholesky
 * factorization (LAPACK dpotrf) followed by triangular solves (dpotrs). A is given packed.
 */
public final class SpdSolver {

  private static final String UPPER = "U";

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
    double[] factor = new double[Checks.size("n", n, "n", n)];
    PackedSymmetric.unpackUpper(n, packedA, shift, factor);

    intW info = new intW(0);
    Blas.lapack().dpotrf(UPPER, n, factor, n, info);
    if (info.val > 0) {
      throw new SingularSystemException("the matrix (A + shift I) of order " + n + " with shift "
          + shift + " is not positive definite at leading minor " + info.val
          + "; a larger damping is needed", info.val);
    }
    rejectIllegal("dpotrf", info.val);
    Blas.lapack().dpotrs(UPPER, n, 1, factor, n, x, n, info);
    rejectIllegal("dpotrs", info.val);
    return x;
  }

  private static void rejectIllegal(String routine, int info) {
    if (info < 0) {
      throw new IllegalArgumentException(
          "LAPACK " + routine + " rejected argument " + (-info) + " (info=" + info + ")");
    }
  }
}

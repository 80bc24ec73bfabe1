package org.widenet.math;

import org.netlib.util.intW;

/**
 * Eigenvalues of a real symmetric matrix given in packed form, computed with LAPACK's
 * divide-and-conquer driver (dsyevd, eigenvalues only), in ascending order.
 */
public final class SymmetricEigen {

  private static final String VALUES_ONLY = "N";
  private static final String UPPER = "U";

  private SymmetricEigen() {}

  /**
   * Computes all eigenvalues of the symmetric n by n matrix stored in {@code packed}. Allocates an
   * n*n working copy of the matrix, LAPACK's workspace and the result; does not modify
   * {@code packed}.
   *
   * @param n the order of the matrix
   * @param packed the packed upper triangle, length n(n+1)/2, read only
   * @return a new array of the n eigenvalues in ascending order
   * @throws IllegalArgumentException on a negative n, a wrong length or a non-finite entry
   * @throws ArithmeticException if LAPACK reports failure; the message carries LAPACK's info
   */
  public static double[] eigenvalues(int n, double[] packed) {
    return eigenvalues(n, packed, null);
  }

  /**
   * {@link #eigenvalues(int, double[])} with the n*n working copy in {@code copy} (overwritten;
   * at least n*n long), so that a caller that asks every iteration makes no n^2 garbage; null
   * allocates one.
   */
  public static double[] eigenvalues(int n, double[] packed, double[] copy) {
    int length = PackedSymmetric.packedLength(n);
    Checks.exactLength("packed", packed, length);
    Checks.finite("packed", packed, length);
    double[] values = new double[n];
    if (n == 0) {
      return values;
    }
    int square = Checks.size("n", n, "n", n);
    double[] a = copy != null && copy.length >= square ? copy : new double[square];
    PackedSymmetric.unpackUpper(n, packed, 0.0, a);

    intW info = new intW(0);
    double[] workQuery = new double[1];
    int[] iworkQuery = new int[1];
    Blas.lapack().dsyevd(VALUES_ONLY, UPPER, n, a, n, values, workQuery, -1, iworkQuery, -1, info);
    check(info.val, "workspace query");
    int lwork = Math.max(2 * n + 1, (int) Math.ceil(workQuery[0]));
    int liwork = Math.max(1, iworkQuery[0]);
    double[] work = new double[lwork];
    int[] iwork = new int[liwork];
    Blas.lapack().dsyevd(VALUES_ONLY, UPPER, n, a, n, values, work, lwork, iwork, liwork, info);
    check(info.val, "eigenvalue computation");
    return values;
  }

  private static void check(int info, String stage) {
    if (info != 0) {
      throw new ArithmeticException("LAPACK dsyevd failed in the " + stage + " with info=" + info
          + (info > 0 ? " (the algorithm did not converge)" : " (illegal argument)"));
    }
  }
}

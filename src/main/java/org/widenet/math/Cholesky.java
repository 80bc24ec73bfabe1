package org.widenet.math;

/**
 * Blocked Cholesky factorization {@code A = U^T U} and its solves, bit-for-bit repeatable.
 *
 * <p>LAPACK's dpotrf factors its diagonal blocks with dgemv("T") and ddot, whose native AVX-512
 * kernels round differently depending on where the array lies in memory (see
 * {@link MatrixVector}). Here the diagonal blocks are factored in plain Java and the rest, which
 * is nearly all the work, is native dtrsm and dsyrk, whose results do not depend on placement.
 * Matrices are column-major n by n with leading dimension n; only the upper triangle is read or
 * written. The array holding one needs {@link #length(int)} entries, n more than n * n: netlib's
 * bounds check of a block that starts below row 0 counts whole columns past its last one.
 */
public final class Cholesky {

  /** Columns per diagonal block: small enough for the Java part to be cheap. */
  static final int BLOCK = 64;

  private Cholesky() {}

  /** The length of an array that can hold an n by n matrix for {@link #factorUpper}. */
  public static int length(int n) {
    return Checks.size("n", n, "n + 1", n + 1);
  }

  /**
   * Overwrites the upper triangle of {@code a} with U. Allocates nothing.
   *
   * @param a the matrix, at least {@link #length(int)} long; entries past n * n are not used
   * @return 0 on success, or k &gt; 0 when the leading minor of order k is not positive definite
   *     (as LAPACK's info)
   */
  public static int factorUpper(int n, double[] a) {
    if (a.length < length(n)) {
      throw new IllegalArgumentException("a holds " + a.length + " values; an order " + n
          + " factorization needs " + length(n));
    }
    for (int j = 0; j < n; j += BLOCK) {
      int width = Math.min(BLOCK, n - j);
      int info = factorDiagonalBlock(n, a, j, width);
      if (info != 0) {
        return info;
      }
      int rest = n - j - width;
      if (rest > 0) {
        int diagonal = j + j * n;
        int right = j + (j + width) * n;
        int trailing = (j + width) + (j + width) * n;
        // U12 = U11^{-T} A12, then A22 -= U12^T U12.
        Blas.blas().dtrsm("L", "U", "T", "N", width, rest, 1.0, a, diagonal, n, a, right, n);
        Blas.blas().dsyrk("U", "T", rest, width, -1.0, a, right, n, 1.0, a, trailing, n);
      }
    }
    return 0;
  }

  /** Solves {@code U^T U x = b} in place, given U from {@link #factorUpper}. */
  public static void solveUpper(int n, double[] u, double[] x) {
    // U^T z = b: forward substitution.
    for (int i = 0; i < n; i++) {
      double s = x[i] - MatrixVector.dot(i, u, i * n, x, 0);
      x[i] = s / u[i + i * n];
    }
    // U x = z: back substitution, column by column.
    for (int j = n - 1; j >= 0; j--) {
      x[j] /= u[j + j * n];
      double xj = x[j];
      int column = j * n;
      for (int i = 0; i < j; i++) {
        x[i] -= xj * u[column + i];
      }
    }
  }

  /** Unblocked upper Cholesky of the width-wide diagonal block starting at (j, j). */
  private static int factorDiagonalBlock(int n, double[] a, int j, int width) {
    for (int c = j; c < j + width; c++) {
      int column = c * n;
      double d = a[c + column] - MatrixVector.dot(c - j, a, j + column, a, j + column);
      if (!(d > 0.0) || !Double.isFinite(d)) {
        return c + 1;
      }
      double pivot = Math.sqrt(d);
      a[c + column] = pivot;
      for (int k = c + 1; k < j + width; k++) {
        int other = k * n;
        double s = a[c + other] - MatrixVector.dot(c - j, a, j + column, a, j + other);
        a[c + other] = s / pivot;
      }
    }
    return 0;
  }
}

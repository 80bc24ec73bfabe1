package org.widenet.math;

/**
 * Matrix-vector products and dot products in plain Java, summed in one fixed order.
 *
 * <p>widenet promises the same result bit for bit for the same seed and block count. Native
 * OpenBLAS breaks that for these level-1 and level-2 routines on AVX-512 machines: its dgemv("T")
 * and ddot kernels peel a head that depends on where the JVM placed the array in memory, so two
 * calls on equal inputs can round differently. These loops are memory-bound like the native ones,
 * so little is lost; level-3 routines (dgemm, dsyrk, dtrsm) pack their operands and stay native.
 * Matrices are column-major with leading dimension equal to their row count.
 */
public final class MatrixVector {

  private MatrixVector() {}

  /**
   * {@code y = alpha * A x + beta * y} for an m by n matrix A. Allocates nothing.
   *
   * @param m the rows of A and the length of y
   * @param n the columns of A and the length of x
   */
  public static void times(int m, int n, double alpha, double[] a, double[] x, double beta,
      double[] y) {
    if (beta != 1.0) {
      for (int i = 0; i < m; i++) {
        y[i] = beta == 0.0 ? 0.0 : beta * y[i];
      }
    }
    for (int j = 0; j < n; j++) {
      double s = alpha * x[j];
      if (s == 0.0) {
        continue;
      }
      int column = j * m;
      for (int i = 0; i < m; i++) {
        y[i] += s * a[column + i];
      }
    }
  }

  /**
   * {@code y = alpha * A^T x + beta * y} for an m by n matrix A. Allocates nothing.
   *
   * @param m the rows of A and the length of x
   * @param n the columns of A and the length of y
   */
  public static void transposeTimes(int m, int n, double alpha, double[] a, double[] x,
      double beta, double[] y) {
    for (int j = 0; j < n; j++) {
      double s = dot(m, a, j * m, x, 0);
      y[j] = (beta == 0.0 ? 0.0 : beta * y[j]) + alpha * s;
    }
  }

  /** The sum of {@code a[aOffset + i] * b[bOffset + i]} for i below n, in index order. */
  public static double dot(int n, double[] a, int aOffset, double[] b, int bOffset) {
    // Four partial sums, always combined the same way: the loop vectorizes, the order is fixed.
    double s0 = 0.0;
    double s1 = 0.0;
    double s2 = 0.0;
    double s3 = 0.0;
    int i = 0;
    for (; i + 3 < n; i += 4) {
      s0 += a[aOffset + i] * b[bOffset + i];
      s1 += a[aOffset + i + 1] * b[bOffset + i + 1];
      s2 += a[aOffset + i + 2] * b[bOffset + i + 2];
      s3 += a[aOffset + i + 3] * b[bOffset + i + 3];
    }
    for (; i < n; i++) {
      s0 += a[aOffset + i] * b[bOffset + i];
    }
    return (s0 + s1) + (s2 + s3);
  }
}

package org.widenet.math;

import java.util.stream.IntStream;

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
   * Matrices with at least this many entries are split over the cores by
   * {@link #timesOnCores} and {@link #transposeTimesOnCores} (8 MiB: a product this size takes
   * about a millisecond, far more than handing out its parts).
   */
  static final long CORES_ENTRIES = 1L << 20;

  /**
   * {@code y = alpha * A x + beta * y} for an m by n matrix A. Allocates nothing.
   *
   * @param m the rows of A and the length of y
   * @param n the columns of A and the length of x
   */
  public static void times(int m, int n, double alpha, double[] a, double[] x, double beta,
      double[] y) {
    timesRows(m, n, alpha, a, x, beta, y, 0, m);
  }

  /**
   * {@link #times}, its rows split in fixed ranges over the machine's cores when A is large.
   * Each y[i] is summed over the columns in the same order as by {@code times}, so the bits
   * are the same whatever the number of cores.
   */
  public static void timesOnCores(int m, int n, double alpha, double[] a, double[] x,
      double beta, double[] y) {
    onCores(m, parts(m, n), (from, to) -> timesRows(m, n, alpha, a, x, beta, y, from, to));
  }

  /** Rows [from, to) of {@link #times}. */
  private static void timesRows(int m, int n, double alpha, double[] a, double[] x, double beta,
      double[] y, int from, int to) {
    scale(beta, y, from, to);
    for (int j = 0; j < n; j++) {
      double s = alpha * x[j];
      if (s == 0.0) {
        continue;
      }
      int column = j * m;
      for (int i = from; i < to; i++) {
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
    transposeColumns(m, alpha, a, x, beta, y, 0, n);
  }

  /**
   * {@link #transposeTimes}, its columns split in fixed ranges over the machine's cores when A
   * is large. Each y[j] is one {@link #dot} as in {@code transposeTimes}: the same bits whatever
   * the number of cores.
   */
  public static void transposeTimesOnCores(int m, int n, double alpha, double[] a, double[] x,
      double beta, double[] y) {
    onCores(n, parts(m, n), (from, to) -> transposeColumns(m, alpha, a, x, beta, y, from, to));
  }

  /** Columns [from, to) of {@link #transposeTimes}. */
  private static void transposeColumns(int m, double alpha, double[] a, double[] x,
      double beta, double[] y, int from, int to) {
    for (int j = from; j < to; j++) {
      double s = dot(m, a, j * m, x, 0);
      y[j] = (beta == 0.0 ? 0.0 : beta * y[j]) + alpha * s;
    }
  }

  /**
   * {@link #timesOnCores} for an A held in single precision (each entry widened to double
   * before it is used): the same fixed order, so the same bits whatever the number of cores.
   */
  public static void timesOnCores(int m, int n, double alpha, float[] a, double[] x,
      double beta, double[] y) {
    onCores(m, parts(m, n), (from, to) -> timesRows(m, n, alpha, a, x, beta, y, from, to));
  }

  private static void timesRows(int m, int n, double alpha, float[] a, double[] x, double beta,
      double[] y, int from, int to) {
    scale(beta, y, from, to);
    for (int j = 0; j < n; j++) {
      double s = alpha * x[j];
      if (s == 0.0) {
        continue;
      }
      int column = j * m;
      for (int i = from; i < to; i++) {
        y[i] += s * a[column + i];
      }
    }
  }

  /**
   * {@link #transposeTimesOnCores} for an A held in single precision: each y[j] is one
   * {@link #dot(int, float[], int, double[], int)}, the same bits whatever the number of cores.
   */
  public static void transposeTimesOnCores(int m, int n, double alpha, float[] a, double[] x,
      double beta, double[] y) {
    onCores(n, parts(m, n), (from, to) -> transposeColumns(m, alpha, a, x, beta, y, from, to));
  }

  private static void transposeColumns(int m, double alpha, float[] a, double[] x,
      double beta, double[] y, int from, int to) {
    for (int j = from; j < to; j++) {
      double s = dot(m, a, j * m, x, 0);
      y[j] = (beta == 0.0 ? 0.0 : beta * y[j]) + alpha * s;
    }
  }

  /** {@link #dot(int, double[], int, double[], int)} with a in single precision. */
  public static double dot(int n, float[] a, int aOffset, double[] b, int bOffset) {
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

  /** y[from, to) := beta y (0 where beta is 0, whatever y held). */
  private static void scale(double beta, double[] y, int from, int to) {
    if (beta != 1.0) {
      for (int i = from; i < to; i++) {
        y[i] = beta == 0.0 ? 0.0 : beta * y[i];
      }
    }
  }

  /** Work on the index range [from, to) of a product split over the cores. */
  @FunctionalInterface
  private interface Range {
    void run(int from, int to);
  }

  /**
   * Runs {@code body} on [0, length) split into {@code parts} fixed ranges, in parallel when
   * there is more than one; each range's result does not depend on the others, so the bits do
   * not depend on the number of parts.
   */
  private static void onCores(int length, int parts, Range body) {
    if (parts == 1) {
      body.run(0, length);
      return;
    }
    IntStream.range(0, parts).parallel().forEach(p -> body.run(bound(length, parts, p),
        bound(length, parts, p + 1)));
  }

  /** How many parts an m x n product is split into: 1 below {@link #CORES_ENTRIES}. */
  private static int parts(int m, int n) {
    if ((long) m * n < CORES_ENTRIES || m < 2 || n < 2) {
      return 1;
    }
    return Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), Math.min(m, n)));
  }

  /** The start of part p of [0, length) split into {@code parts} nearly equal ranges. */
  private static int bound(int length, int parts, int p) {
    return (int) ((long) length * p / parts);
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

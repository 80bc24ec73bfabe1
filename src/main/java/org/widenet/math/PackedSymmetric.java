package org.widenet.math;

/**
 * Helpers for symmetric matrices stored packed: the upper triangle, column by column, as LAPACK
 * stores it with uplo 'U'. Entry (i, j) with i &lt;= j sits at {@code i + j*(j+1)/2}, and an n by n
 * matrix takes n(n+1)/2 doubles. Every method throws {@link IllegalArgumentException} on a negative
 * dimension, a null array or an array of the wrong length.
 */
public final class PackedSymmetric {

  private static final String UPPER = "U";
  private static final String NO_TRANSPOSE = "N";

  private PackedSymmetric() {}

  /**
   * Returns the packed length n(n+1)/2. Allocates nothing.
   *
   * @param n the order of the matrix
   * @return n(n+1)/2
   * @throws IllegalArgumentException if n is negative or the length does not fit in an array
   */
  public static int packedLength(int n) {
    Checks.nonNegative("n", n);
    long length = (long) n * (n + 1) / 2;
    if (length > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          "packed length of order " + n + " is " + length + ", too long for a Java array");
    }
    return (int) length;
  }

  /**
   * Returns the packed position of entry (i, j) for i &lt;= j. Allocates nothing.
   *
   * @param i row, 0-based, at most j
   * @param j column, 0-based
   * @return {@code i + j*(j+1)/2}
   * @throws IllegalArgumentException if i is negative or greater than j
   */
  public static int index(int i, int j) {
    if (i < 0 || i > j) {
      throw new IllegalArgumentException("need 0 <= i <= j, got i=" + i + ", j=" + j);
    }
    return (int) (i + (long) j * (j + 1) / 2);
  }

  /**
   * Reads entry (i, j) of the symmetric matrix, in either order of i and j. Allocates nothing.
   *
   * @param packed the packed matrix, read only
   * @param i row, 0-based
   * @param j column, 0-based
   * @return the entry
   * @throws IllegalArgumentException if an index is negative
   * @throws ArrayIndexOutOfBoundsException if the indices lie outside the packed array
   */
  public static double get(double[] packed, int i, int j) {
    return i <= j ? packed[index(i, j)] : packed[index(j, i)];
  }

  /**
   * Expands a packed matrix into a new full n by n column-major symmetric matrix (both triangles
   * filled). Allocates the n*n result.
   *
   * @param n the order
   * @param packed the packed matrix, length n(n+1)/2, read only
   * @return a new full matrix
   * @throws IllegalArgumentException on a wrong length or an n*n that does not fit in an array
   */
  public static double[] unpack(int n, double[] packed) {
    Checks.exactLength("packed", packed, packedLength(n));
    double[] full = new double[Checks.size("n", n, "n", n)];
    int p = 0;
    for (int j = 0; j < n; j++) {
      for (int i = 0; i <= j; i++) {
        double v = packed[p++];
        full[i + j * n] = v;
        full[j + i * n] = v;
      }
    }
    return full;
  }

  /**
   * Packs the upper triangle of a full n by n column-major matrix; the strict lower triangle is not
   * read. Allocates the n(n+1)/2 result.
   *
   * @param n the order
   * @param full the full matrix, length n*n, read only
   * @return a new packed array
   * @throws IllegalArgumentException on a wrong length
   */
  public static double[] pack(int n, double[] full) {
    Checks.exactLength("full", full, Checks.size("n", n, "n", n));
    return packUpper(n, full);
  }

  /**
   * Elementwise (Hadamard) product of two packed matrices, {@code out := a o b}. Allocates nothing.
   *
   * @param a first factor, read only unless it is also {@code out}
   * @param b second factor, read only unless it is also {@code out}
   * @param out overwritten with the product; may be the same array as a or b
   * @throws IllegalArgumentException if the three arrays are not equally long
   */
  public static void hadamard(double[] a, double[] b, double[] out) {
    if (a == null || b == null || out == null) {
      throw new IllegalArgumentException("arrays must not be null");
    }
    Checks.exactLength("b", b, a.length);
    Checks.exactLength("out", out, a.length);
    for (int p = 0; p < a.length; p++) {
      out[p] = a[p] * b[p];
    }
  }

  /**
   * Frobenius distance ||A - B||_F of the full symmetric matrices that two packed arrays stand
   * for, so off-diagonal differences count twice. Allocates nothing.
   *
   * @param n the order
   * @param a packed A, read only
   * @param b packed B, read only
   * @return the Frobenius norm of A - B
   * @throws IllegalArgumentException if a length is not n(n+1)/2
   */
  public static double frobeniusDistance(int n, double[] a, double[] b) {
    int length = packedLength(n);
    Checks.exactLength("a", a, length);
    Checks.exactLength("b", b, length);
    double diagonal = 0.0;
    double offDiagonal = 0.0;
    int p = 0;
    for (int j = 0; j < n; j++) {
      for (int i = 0; i < j; i++, p++) {
        double diff = a[p] - b[p];
        offDiagonal += diff * diff;
      }
      double diff = a[p] - b[p];
      diagonal += diff * diff;
      p++;
    }
    return Math.sqrt(diagonal + 2.0 * offDiagonal);
  }

  /**
   * Returns the packed Gram matrix X X^T of the rows of X (n by d, column-major), computed with a
   * symmetric rank-d update. Allocates an n*n scratch matrix and the n(n+1)/2 result.
   *
   * @param n rows of X
   * @param d columns of X
   * @param x X, read only, length at least n*d
   * @return a new packed n by n matrix with entry (i, j) = x_i . x_j
   * @throws IllegalArgumentException on a negative dimension or a too-short x
   */
  public static double[] gramOfRows(int n, int d, double[] x) {
    Checks.length("x", x, Checks.size("n", n, "d", d));
    double[] full = new double[Checks.size("n", n, "n", n)];
    if (n > 0 && d > 0) {
      Blas.blas().dsyrk(UPPER, NO_TRANSPOSE, n, d, 1.0, x, n, 0.0, full, n);
    }
    return packUpper(n, full);
  }

  /**
   * Writes a packed matrix into the upper triangle of a full n by n column-major array, optionally
   * adding {@code shift} to the diagonal; the strict lower triangle is left untouched.
   */
  static void unpackUpper(int n, double[] packed, double shift, double[] full) {
    int p = 0;
    for (int j = 0; j < n; j++) {
      int column = j * n;
      for (int i = 0; i < j; i++) {
        full[column + i] = packed[p++];
      }
      full[column + j] = packed[p++] + shift;
    }
  }

  private static double[] packUpper(int n, double[] full) {
    double[] packed = new double[packedLength(n)];
    int p = 0;
    for (int j = 0; j < n; j++) {
      int column = j * n;
      for (int i = 0; i <= j; i++) {
        packed[p++] = full[column + i];
      }
    }
    return packed;
  }
}

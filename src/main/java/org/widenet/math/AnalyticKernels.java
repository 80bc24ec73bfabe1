package org.widenet.math;

import java.util.Arrays;

/**
 * Closed forms of the infinite-width kernels that the finite-width Gram matrices converge to:
 * the ReLU kernel H-infinity of Arora, Du, Hu, Li, Wang (2019), eq. (3), and the exp kernel
 * H^cts of Gao, Mahadevan, Song, Lemma 6.3. Inputs are n by d column-major matrices X whose rows
 * are the data points; whole kernels are returned packed (see {@link PackedSymmetric}), and
 * {@link #rows} computes a row block for assembling large kernels on executors.
 */
public final class AnalyticKernels {

  /** Largest allowed |1 - ||x_i|||| for the ReLU kernel, whose formula assumes unit rows. */
  static final double UNIT_NORM_TOLERANCE = 1e-9;
  /** Above this |cos|, the angle is taken from ||u -+ v|| instead of arccos (ill-conditioned). */
  private static final double NEAR_PARALLEL = 0.99;

  private AnalyticKernels() {}

  /** Which infinite-width kernel to compute; {@link #cliName()} is its command-line spelling. */
  public enum Kind {
    /** H-infinity of Arora et al. eq. (3), the limit of relu2's Gram. */
    RELU_INF("relu-inf"),
    /** H^cts of Gao et al. Lemma 6.3, the limit of exp2's Gram divided by m. */
    EXP_INF("exp-inf");

    private final String cliName;

    Kind(String cliName) {
      this.cliName = cliName;
    }

    /**
     * Returns the command-line name. Allocates nothing; throws nothing.
     *
     * @return {@code "relu-inf"} or {@code "exp-inf"}
     */
    public String cliName() {
      return cliName;
    }

    /**
     * Parses a command-line name (exact spelling, as {@link #cliName()} gives it).
     *
     * @param s the name
     * @return the kind
     * @throws IllegalArgumentException if s is null or not a known name; the message lists them
     */
    public static Kind parse(String s) {
      for (Kind kind : values()) {
        if (kind.cliName.equals(s)) {
          return kind;
        }
      }
      throw new IllegalArgumentException(
          "unknown kernel '" + s + "'; expected relu-inf or exp-inf");
    }
  }

  /**
   * H-infinity of Arora et al. (2019), eq. (3):
   * {@code H_ij = E_{w~N(0,I)}[x_i.x_j 1{w.x_i >= 0, w.x_j >= 0}] = x_i.x_j (pi - theta_ij)/(2 pi)},
   * where theta_ij = arccos(x_i.x_j) is the angle between the unit rows. The cosine is
   * x_i.x_j / (||x_i|| ||x_j||), clamped to [-1, 1]; it equals x_i.x_j for unit rows and makes the
   * diagonal exactly ||x_i||^2 / 2. For nearly parallel or opposite pairs (|cos| &gt; 0.99), where
   * arccos loses half the digits, the angle is computed as 2 asin(||u -+ v|| / 2) of the
   * normalized rows u, v. The dot products come from one BLAS dsyrk (X X^T). Allocates an n*n
   * scratch, the n row norms and the packed result; does not modify x.
   *
   * @param n rows of X (data points)
   * @param d columns of X (features)
   * @param x X, n by d column-major, read only, length at least n*d
   * @return a new packed n by n matrix H-infinity
   * @throws IllegalArgumentException on a negative dimension, a too-short or non-finite x, or a
   *     row whose norm differs from 1 by more than 1e-9; the message names the 0-based row and
   *     its norm and says to use --normalize
   */
  public static double[] reluInfinity(int n, int d, double[] x) {
    double[] norms = checkedNorms(Kind.RELU_INF, n, d, x);
    double[] h = PackedSymmetric.gramOfRows(n, d, x);
    int p = 0;
    for (int j = 0; j < n; j++) {
      for (int i = 0; i <= j; i++, p++) {
        h[p] = reluEntry(n, d, x, norms, i, j, h[p]);
      }
    }
    return h;
  }

  /**
   * The exp kernel H^cts of Gao et al., Lemma 6.3, for w ~ N(0, sigma^2 I):
   * {@code H_ij = E_w[x_i.x_j exp(w.x_i) exp(w.x_j)] = x_i.x_j exp(sigma^2 ||x_i + x_j||^2 / 2)}.
   * Derivation: exp(w.x_i) exp(w.x_j) = exp(w.s) with s = x_i + x_j, and w.s ~ N(0, sigma^2
   * ||s||^2), whose moment generating function at 1 is E[exp(w.s)] = exp(sigma^2 ||s||^2 / 2);
   * the factor x_i.x_j does not depend on w. ||s||^2 is formed as ||x_i||^2 + ||x_j||^2 +
   * 2 x_i.x_j (clamped at 0), so H = (X X^T) o (D K D) with K_ij = exp(sigma^2 x_i.x_j) and D =
   * diag(exp(sigma^2 ||x_i||^2 / 2)) (docs/models/relu2-exp2.md, Formulas), PSD by the Schur product theorem. No norm
   * restriction. The dot products come from one BLAS dsyrk. Allocates an n*n scratch, the n
   * squared norms and the packed result; does not modify x.
   *
   * @param n rows of X
   * @param d columns of X
   * @param x X, n by d column-major, read only, length at least n*d
   * @param sigma the standard deviation of w, finite and &gt;= 0
   * @return a new packed n by n matrix H^cts
   * @throws IllegalArgumentException on a negative dimension, a too-short or non-finite x, or a
   *     negative or non-finite sigma
   * @throws ArithmeticException if an entry overflows; the message names the pair
   */
  public static double[] expInfinity(int n, int d, double[] x, double sigma) {
    double[] squares = squaredNorms(n, d, x);
    checkSigma(sigma);
    double[] h = PackedSymmetric.gramOfRows(n, d, x);
    double s2 = sigma * sigma;
    int p = 0;
    for (int j = 0; j < n; j++) {
      for (int i = 0; i <= j; i++, p++) {
        h[p] = expEntry(s2, squares, i, j, h[p]);
      }
    }
    return h;
  }

  /**
   * Rows [rowStart, rowEnd) of the full kernel, row-major: {@code out[(i - rowStart) * n + j] =
   * K(x_i, x_j)}. Computes the dot products with one BLAS dgemm of all of X against the row
   * slice, then applies the same entry map as {@link #reluInfinity} or {@link #expInfinity}, so
   * the results agree with them to rounding of the dot products. Allocates the n row norms;
   * overwrites the first (rowEnd - rowStart) * n entries of out; does not modify x.
   *
   * @param kind which kernel
   * @param sigma the standard deviation of w for {@link Kind#EXP_INF}; ignored for RELU_INF
   * @param n rows of X
   * @param d columns of X
   * @param x X, n by d column-major, read only
   * @param rowStart first row, 0-based
   * @param rowEnd one past the last row
   * @param out overwritten with the row block, length at least (rowEnd - rowStart) * n
   * @throws IllegalArgumentException on a null kind, a bad range (not 0 &lt;= rowStart &lt;=
   *     rowEnd &lt;= n), a short array, or the conditions of the whole-matrix method
   * @throws ArithmeticException if an exp-kernel entry overflows
   */
  public static void rows(Kind kind, double sigma, int n, int d, double[] x, int rowStart,
      int rowEnd, double[] out) {
    if (kind == null) {
      throw new IllegalArgumentException("kind must not be null");
    }
    double[] norms = kind == Kind.RELU_INF ? checkedNorms(kind, n, d, x) : squaredNorms(n, d, x);
    if (kind == Kind.EXP_INF) {
      checkSigma(sigma);
    }
    if (rowStart < 0 || rowStart > rowEnd || rowEnd > n) {
      throw new IllegalArgumentException("need 0 <= rowStart <= rowEnd <= n, got rowStart="
          + rowStart + ", rowEnd=" + rowEnd + ", n=" + n);
    }
    int r = rowEnd - rowStart;
    Checks.length("out", out, Checks.size("rowEnd - rowStart", r, "n", n));
    if (r == 0 || n == 0) {
      return;
    }
    if (d == 0) {
      Arrays.fill(out, 0, r * n, 0.0);
    } else {
      // out as an n by r column-major matrix is X X_slice^T, i.e. the row block row-major.
      Blas.blas().dgemm("N", "T", n, r, d, 1.0, x, 0, n, x, rowStart, n, 0.0, out, 0, n);
    }
    double s2 = sigma * sigma;
    for (int i = rowStart; i < rowEnd; i++) {
      int offset = (i - rowStart) * n;
      for (int j = 0; j < n; j++) {
        double dot = out[offset + j];
        out[offset + j] = kind == Kind.RELU_INF
            ? reluEntry(n, d, x, norms, Math.min(i, j), Math.max(i, j), dot)
            : expEntry(s2, norms, i, j, dot);
      }
    }
  }

  /**
   * Packs a full symmetric n by n matrix given row-major, e.g. the concatenation of the row
   * blocks from {@link #rows} in row order (the driver's assembly step). Reads only the upper
   * triangle, entry (i, j) with i &lt;= j at {@code fullRowMajor[i * n + j]}. Allocates the
   * n(n+1)/2 result; does not modify the input.
   *
   * @param n the order
   * @param fullRowMajor the full matrix, length exactly n*n, read only
   * @return a new packed array
   * @throws IllegalArgumentException on a negative n or a wrong length
   */
  public static double[] packRows(int n, double[] fullRowMajor) {
    Checks.exactLength("fullRowMajor", fullRowMajor, Checks.size("n", n, "n", n));
    double[] packed = new double[PackedSymmetric.packedLength(n)];
    int p = 0;
    for (int j = 0; j < n; j++) {
      for (int i = 0; i <= j; i++) {
        packed[p++] = fullRowMajor[i * n + j];
      }
    }
    return packed;
  }

  /** One entry of eq. (3), for i &lt;= j, given the dot product and the row norms. */
  private static double reluEntry(int n, int d, double[] x, double[] norms, int i, int j,
      double dot) {
    double theta;
    if (i == j) {
      theta = 0.0;
    } else {
      double cos = Math.max(-1.0, Math.min(1.0, dot / (norms[i] * norms[j])));
      if (Math.abs(cos) <= NEAR_PARALLEL) {
        theta = Math.acos(cos);
      } else {
        double sign = cos > 0.0 ? -1.0 : 1.0;
        double sum = 0.0;
        for (int k = 0; k < d; k++) {
          double diff = x[i + k * n] / norms[i] + sign * (x[j + k * n] / norms[j]);
          sum += diff * diff;
        }
        double half = 2.0 * Math.asin(Math.min(1.0, 0.5 * Math.sqrt(sum)));
        theta = cos > 0.0 ? half : Math.PI - half;
      }
    }
    return dot * (Math.PI - theta) / (2.0 * Math.PI);
  }

  /** One entry of Lemma 6.3's closed form, given the dot product and the squared norms. */
  private static double expEntry(double s2, double[] squares, int i, int j, double dot) {
    double sumSquare = Math.max(0.0, squares[i] + squares[j] + 2.0 * dot);
    double value = dot * Math.exp(0.5 * s2 * sumSquare);
    if (!Double.isFinite(value)) {
      throw new ArithmeticException("exp kernel entry (" + i + ", " + j + ") overflows: sigma^2 "
          + "||x_i + x_j||^2 / 2 = " + 0.5 * s2 * sumSquare);
    }
    return value;
  }

  /** Row norms, after checking x and that every row is a unit vector to 1e-9. */
  private static double[] checkedNorms(Kind kind, int n, int d, double[] x) {
    double[] norms = squaredNorms(n, d, x);
    for (int i = 0; i < n; i++) {
      norms[i] = Math.sqrt(norms[i]);
      if (!(Math.abs(1.0 - norms[i]) <= UNIT_NORM_TOLERANCE)) {
        throw new IllegalArgumentException("the " + kind.cliName() + " kernel needs unit-norm rows"
            + " (Arora et al. eq. (3)), but row " + i + " has norm " + norms[i]
            + "; use --normalize");
      }
    }
    return norms;
  }

  /** Squared row norms in a fixed order, after checking the dimensions and that x is finite. */
  private static double[] squaredNorms(int n, int d, double[] x) {
    int size = Checks.size("n", n, "d", d);
    Checks.length("x", x, size);
    Checks.finite("x", x, size);
    double[] squares = new double[n];
    for (int k = 0; k < d; k++) {
      int column = k * n;
      for (int i = 0; i < n; i++) {
        double v = x[column + i];
        squares[i] += v * v;
      }
    }
    return squares;
  }

  private static void checkSigma(double sigma) {
    if (!(sigma >= 0.0) || Double.isInfinite(sigma)) {
      throw new IllegalArgumentException("sigma must be finite and >= 0, got " + sigma);
    }
  }
}

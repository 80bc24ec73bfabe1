package org.widenet.math;

/**
 * A column-sampling Nystrom preconditioner for {@code (A + mu I) x = b}, A symmetric positive
 * semidefinite, applied by the Woodbury identity, with no eigendecomposition (Frangella, Tropp
 * and Udell, "Randomized Nystrom preconditioning", SIAM J. Matrix Anal. Appl. 44 (2023),
 * section 2, the test matrix being the columns S of the identity).
 *
 * <p>From C = A[:, S] (n x r) it forms, with a tiny shift nu for stability, W = A[S, S] + nu I =
 * U^T U (Cholesky) and F = (C + nu I[:, S]) U^{-1} (in place of C), so that F F^T is the Nystrom
 * approximation of A + nu I, then G = F^T F (r x r). With sigma = lambda_r + mu, lambda_r the
 * smallest eigenvalue of the approximation (that of G, less nu), the preconditioner is
 * {@code P = (F F^T + sigma I) / sigma} and
 * <pre>  P^{-1} v = v - F (sigma I + G)^{-1} F^T v</pre>
 * with one r x r Cholesky of sigma I + G per shift. P maps the approximation's eigenvalues
 * lambda_i + mu to about sigma (between sigma / 2 and sigma) and leaves the rest of the
 * spectrum, which lies under about lambda_r + mu, where it is: conjugate gradients then converge
 * at the rate of the tail. lambda_r is estimated by Lanczos on G^{-1} (its largest eigenvalue,
 * which Lanczos finds fast, is 1 / lambda_min(G)).
 *
 * <p>Cost: the O(n r^2) and O(r^3) work is native level-3 BLAS (dtrsm, dsyrk, and
 * {@link Cholesky}'s blocked factorization), whose results do not depend on where the arrays lie;
 * an application is two n x r matrix-vector products in {@link MatrixVector} (fixed summation
 * order, see there why not native dgemv) and two r x r triangular solves. Memory: F (the caller's
 * n x r array, taken over, or a single-precision copy of it: {@link #fromColumns(int, double[],
 * int[], boolean)}) and three r x r arrays. The same columns give the same bits.
 */
public final class ColumnNystrom implements Preconditioner {
  /** Most Lanczos steps on G^{-1} for lambda_r. */
  static final int SIGMA_STEPS = 40;
  /** Relative residual bound at which that Lanczos stops. */
  static final double SIGMA_TOLERANCE = 1e-6;
  /** Attempts at a Cholesky with the shift raised 100-fold each time. */
  private static final int ATTEMPTS = 6;

  /**
   * Where a build's time went, in seconds.
   *
   * @param factor W's Cholesky (r^3 / 3 flops)
   * @param solve F = Y U^{-1} (n r^2 flops)
   * @param gram G = F^T F (n r^2 flops)
   * @param sigma lambda_r: G's Cholesky and the Lanczos steps
   */
  public record BuildTimes(double factor, double solve, double gram, double sigma) {
    /** The total. */
    public double total() {
      return factor + solve + gram + sigma;
    }
  }

  private final int n;
  private final int rank;
  /** F in double precision, or null when it is held in single precision ({@link #f32}). */
  private final double[] f;
  private final float[] f32;
  private final double[] gram;
  private final double[] factor;
  private final double nu;
  private final double lambdaR;
  private final BuildTimes times;
  private double factoredSigma = Double.NaN;

  private ColumnNystrom(int n, int rank, double[] f, float[] f32, double[] gram,
      double[] factor, double nu, double lambdaR, BuildTimes times) {
    this.n = n;
    this.rank = rank;
    this.f = f;
    this.f32 = f32;
    this.gram = gram;
    this.factor = factor;
    this.nu = nu;
    this.lambdaR = lambdaR;
    this.times = times;
  }

  /**
   * Builds the preconditioner from r columns of A, taking over their array (overwritten by F
   * and kept: the caller must not use it afterwards).
   *
   * @param n the order of A
   * @param columns A[:, S], n x r column-major; overwritten
   * @param indices S: r distinct row indices in [0, n), in the order of the columns
   * @throws IllegalArgumentException on mismatched sizes or bad indices
   * @throws ArithmeticException when the columns are not finite or A[S, S] cannot be factored
   *     even with a raised shift
   */
  public static ColumnNystrom fromColumns(int n, double[] columns, int[] indices) {
    return fromColumns(n, columns, indices, false);
  }

  /**
   * As {@link #fromColumns(int, double[], int[])}, with F kept in single precision when
   * {@code single}: half the memory (4 n r bytes) and half the memory traffic of an
   * application, which is memory-bound. F is rounded to float before G = F^T F is formed, so
   * G is exactly F's Gram and P^{-1} stays symmetric positive definite; the preconditioner is
   * then the Nystrom one of columns within float rounding of C, which CG, whose stopping test
   * is on the true residual, takes as it would the exact one. The caller's array is then only
   * overwritten, not kept.
   */
  public static ColumnNystrom fromColumns(int n, double[] columns, int[] indices,
      boolean single) {
    if (indices == null || columns == null) {
      throw new IllegalArgumentException("the columns and their indices are required");
    }
    int rank = indices.length;
    double frobenius = NystromPreconditioner.checkColumns(n, columns, indices);
    long start = System.nanoTime();
    // W = A[S, S] + nu I = U^T U, nu raised until it factors (A[S, S] may be singular).
    double[] w = new double[Cholesky.length(rank)];
    double nu = Math.sqrt(n) * Math.ulp(Math.max(frobenius, Double.MIN_NORMAL));
    for (int attempt = 0; ; attempt++) {
      for (int c = 0; c < rank; c++) {
        for (int i = 0; i <= c; i++) {
          double upper = columns[indices[i] + c * n];
          double lower = columns[indices[c] + i * n];
          w[i + c * rank] = 0.5 * (upper + lower) + (i == c ? nu : 0.0);
        }
      }
      int info = Cholesky.factorUpper(rank, w);
      if (info == 0) {
        break;
      }
      if (attempt + 1 == ATTEMPTS) {
        throw new ArithmeticException("the sampled block A[S, S] + nu I is not positive "
            + "definite even with nu = " + nu + " (leading minor " + info + ")");
      }
      nu = Math.max(nu * 100, Math.ulp(frobenius) * 1e3);
    }
    long factored = System.nanoTime();
    // F = (C + nu I[:, S]) U^{-1}, in place.
    for (int c = 0; c < rank; c++) {
      columns[indices[c] + c * n] += nu;
    }
    Blas.blas().dtrsm("R", "U", "N", "N", n, rank, 1.0, w, rank, columns, n);
    float[] f32 = null;
    if (single) {
      f32 = new float[columns.length];
      for (int e = 0; e < columns.length; e++) {
        f32[e] = (float) columns[e];
        columns[e] = f32[e];
      }
    }
    long solved = System.nanoTime();
    // G = F^T F, upper triangle.
    double[] gram = new double[Cholesky.length(rank)];
    Blas.blas().dsyrk("U", "T", rank, n, 1.0, columns, n, 0.0, gram, rank);
    long grammed = System.nanoTime();
    // lambda_r: G's smallest eigenvalue (G's and F F^T's nonzero eigenvalues agree), less nu.
    double lambdaR = Math.max(0.0, smallestEigenvalue(rank, gram, w, nu) - nu);
    long end = System.nanoTime();
    BuildTimes times = new BuildTimes((factored - start) / 1e9, (solved - factored) / 1e9,
        (grammed - solved) / 1e9, (end - grammed) / 1e9);
    return new ColumnNystrom(n, rank, single ? null : columns, f32, gram, w, nu, lambdaR,
        times);
  }

  /**
   * An estimate of lambda_min(G) from above (to the Lanczos tolerance) by Lanczos on G^{-1};
   * {@code work} (of {@link Cholesky#length}) is overwritten by the factor of G + t I, t a
   * shift from {@code nu} up that makes it factor. Returns 0 when G is singular to working
   * precision.
   */
  static double smallestEigenvalue(int r, double[] g, double[] work, double nu) {
    double t = 0.0;
    for (int attempt = 0; ; attempt++) {
      shifted(r, g, t, work);
      if (Cholesky.factorUpper(r, work) == 0) {
        break;
      }
      if (attempt + 1 == ATTEMPTS) {
        return 0.0;
      }
      t = t == 0.0 ? nu : t * 100;
    }
    Lanczos.Result inverse = Lanczos.extremes(r, v -> {
      double[] x = v.clone();
      Cholesky.solveUpper(r, work, x);
      return x;
    }, Math.min(SIGMA_STEPS, r), SIGMA_TOLERANCE);
    double largest = inverse.lambdaMax();
    return largest > 0 ? Math.max(0.0, 1.0 / largest - t) : 0.0;
  }

  /** The upper triangle of {@code out} := G + t I (G's upper triangle read). */
  private static void shifted(int r, double[] g, double t, double[] out) {
    for (int c = 0; c < r; c++) {
      System.arraycopy(g, c * r, out, c * r, c + 1);
      out[c + c * r] += t;
    }
  }

  @Override
  public int rank() {
    return rank;
  }

  /** lambda_r: the estimate of the approximation's smallest eigenvalue, the base of sigma. */
  public double lambdaR() {
    return lambdaR;
  }

  /** sigma for the shift mu: lambda_r + mu (at least nu, so that P stays defined). */
  public double sigma(double mu) {
    return Math.max(lambdaR + mu, nu);
  }

  /** Where the build's time went. */
  public BuildTimes buildTimes() {
    return times;
  }

  /**
   * P^{-1} v = v - F (sigma I + F^T F)^{-1} F^T v for sigma = {@link #sigma}(mu), as a new
   * array; v is not modified. The first application at a new mu factors sigma I + G (r^3 / 3
   * flops); later ones at the same mu take O(n r).
   *
   * @param mu the damping of the system solved, &gt;= 0
   * @throws IllegalArgumentException on a v of the wrong length or a bad mu
   */
  @Override
  public double[] apply(double[] v, double mu) {
    if (v == null || v.length != n) {
      throw new IllegalArgumentException("the preconditioner applies to vectors of length " + n
          + ", got " + (v == null ? "null" : String.valueOf(v.length)));
    }
    if (!(mu >= 0) || Double.isInfinite(mu)) {
      throw new IllegalArgumentException("mu must be a finite number >= 0, got " + mu);
    }
    double[] y = new double[rank];
    if (f32 != null) {
      MatrixVector.transposeTimesOnCores(n, rank, 1.0, f32, v, 0.0, y);
    } else {
      MatrixVector.transposeTimesOnCores(n, rank, 1.0, f, v, 0.0, y);
    }
    solveShifted(sigma(mu), y);
    double[] out = v.clone();
    if (f32 != null) {
      MatrixVector.timesOnCores(n, rank, -1.0, f32, y, 1.0, out);
    } else {
      MatrixVector.timesOnCores(n, rank, -1.0, f, y, 1.0, out);
    }
    return out;
  }

  /** y := (sigma I + G)^{-1} y, factoring sigma I + G when sigma changed. */
  private synchronized void solveShifted(double sigma, double[] y) {
    if (sigma != factoredSigma) {
      shifted(rank, gram, sigma, factor);
      int info = Cholesky.factorUpper(rank, factor);
      if (info != 0) {
        factoredSigma = Double.NaN;
        throw new ArithmeticException("sigma I + F^T F is not positive definite (sigma = "
            + sigma + ", leading minor " + info + "): the columns are not finite");
      }
      factoredSigma = sigma;
    }
    Cholesky.solveUpper(rank, factor, y);
  }
}

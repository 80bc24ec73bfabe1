package org.widenet.math;

import dev.ludovic.netlib.lapack.LAPACK;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;
import org.netlib.util.intW;

/**
 * A randomized Nystrom preconditioner for {@code (A + mu I) x = b} with A symmetric positive
 * semidefinite and known only through products (Frangella, Tropp and Udell, "Randomized
 * Nystrom preconditioning", SIAM J. Matrix Anal. Appl. 44 (2023), Algorithms 2.1 and 5.1).
 *
 * <p>From r products Y = A Q with an orthonormal Gaussian test matrix Q (n x r), it forms the
 * rank-r Nystrom approximation A_nys = U diag(lambda) U^T and applies
 * {@code P^{-1} = (lambda_r + mu) U (diag(lambda) + mu I)^{-1} U^T + (I - U U^T)}, which
 * flattens the r largest eigenvalues of A + mu I to about lambda_r + mu: conjugate gradients
 * then converge at the rate of the tail of the spectrum. Building it costs r products with A
 * and O(n r^2) work; applying it O(n r). It keeps U (n x r). The test matrix comes from the
 * seed, so the same operator and seed give the same bits.
 */
public final class NystromPreconditioner implements Preconditioner {
  private final int n;
  private final int rank;
  private final double[] u;
  private final double[] lambda;

  private NystromPreconditioner(int n, int rank, double[] u, double[] lambda) {
    this.n = n;
    this.rank = rank;
    this.u = u;
    this.lambda = lambda;
  }

  /**
   * Builds the preconditioner from products with A.
   *
   * @param n the order of A
   * @param rank r, 1 &lt;= r &lt;= n: the number of products taken
   * @param products Q -&gt; A Q for an n x r column-major Q (r columns at once, so an engine
   *     may take them in one pass); must not modify its argument
   * @param seed the seed of the Gaussian test matrix
   * @throws ArithmeticException when LAPACK fails or A Q is not finite
   */
  public static NystromPreconditioner build(int n, int rank,
      UnaryOperator<double[]> products, long seed) {
    if (rank < 1 || rank > n) {
      throw new IllegalArgumentException("the preconditioner's rank must be in [1, n = " + n
          + "], got " + rank);
    }
    LAPACK lapack = Blas.lapack();
    double[] q = new double[Checks.size("n", n, "rank", rank)];
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = 0; i < q.length; i++) {
      q[i] = random.nextGaussian();
    }
    orthonormalize(lapack, n, rank, q);
    double[] y = products.apply(q);
    if (y.length != q.length) {
      throw new ArithmeticException("the product returned " + y.length + " values, expected "
          + q.length);
    }
    double frobenius = 0.0;
    for (double v : y) {
      frobenius += v * v;
    }
    frobenius = Math.sqrt(frobenius);
    if (!Double.isFinite(frobenius)) {
      throw new ArithmeticException("a product with the matrix is not finite");
    }
    double nu = Math.sqrt(n) * Math.ulp(Math.max(frobenius, Double.MIN_NORMAL));
    for (int attempt = 0; ; attempt++) {
      double[] yNu = y.clone();
      for (int i = 0; i < yNu.length; i++) {
        yNu[i] += nu * q[i];
      }
      // B = Q^T Y_nu (r x r), symmetrized.
      double[] b = new double[rank * rank];
      Blas.blas().dgemm("T", "N", rank, rank, n, 1.0, q, n, yNu, n, 0.0, b, rank);
      NystromPreconditioner p = fromSketch(lapack, n, rank, yNu, b, nu, attempt < 5);
      if (p != null) {
        return p;
      }
      nu = Math.max(nu * 100, Math.ulp(frobenius) * 1e3);
    }
  }

  /**
   * Builds the preconditioner from r columns of A (column-sampling Nystrom: A_nys = A[:, S]
   * A[S, S]^+ A[S, :], Frangella, Tropp and Udell, section 2, with the test matrix the columns
   * of the identity in S). The columns cost one pass of an engine that can form them directly
   * (for relu2/exp2: {@code model.GramColumns}), instead of r products. The same columns give
   * the same bits. This is the eigendecomposition version (an r x r dsyevd in pure-Java LAPACK,
   * O(r^3)), kept for the dense experiment of docs/bench/cg-columns; training uses the
   * Woodbury form {@link ColumnNystrom}, which needs no eigendecomposition.
   *
   * @param n the order of A
   * @param columns A[:, S], n x r column-major (not modified)
   * @param indices S: r distinct row indices in [0, n), in the order of the columns
   * @throws IllegalArgumentException on mismatched sizes or bad indices
   * @throws ArithmeticException when LAPACK fails or the columns are not finite
   */
  public static NystromPreconditioner fromColumns(int n, double[] columns, int[] indices) {
    int rank = indices.length;
    double frobenius = NystromPreconditioner.checkColumns(n, columns, indices);
    LAPACK lapack = Blas.lapack();
    double nu = Math.sqrt(n) * Math.ulp(Math.max(frobenius, Double.MIN_NORMAL));
    for (int attempt = 0; ; attempt++) {
      double[] yNu = columns.clone();
      for (int c = 0; c < rank; c++) {
        yNu[indices[c] + c * n] += nu;
      }
      // B = I_S^T Y_nu = A[S, S] + nu I (r x r), symmetrized.
      double[] b = new double[rank * rank];
      for (int c = 0; c < rank; c++) {
        for (int i = 0; i < rank; i++) {
          b[i + c * rank] = yNu[indices[i] + c * n];
        }
      }
      NystromPreconditioner p = fromSketch(lapack, n, rank, yNu, b, nu, attempt < 5);
      if (p != null) {
        return p;
      }
      nu = Math.max(nu * 100, Math.ulp(frobenius) * 1e3);
    }
  }

  /**
   * r distinct indices drawn uniformly from [0, n) (a partial Fisher-Yates shuffle of the
   * seed), ascending: the columns for {@link ColumnNystrom#fromColumns} (and
   * {@link #fromColumns}).
   */
  public static int[] sampleColumns(int n, int rank, long seed) {
    if (rank < 1 || rank > n) {
      throw new IllegalArgumentException("the preconditioner's rank must be in [1, n = " + n
          + "], got " + rank);
    }
    int[] perm = new int[n];
    for (int i = 0; i < n; i++) {
      perm[i] = i;
    }
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = 0; i < rank; i++) {
      int j = i + random.nextInt(n - i);
      int swap = perm[i];
      perm[i] = perm[j];
      perm[j] = swap;
    }
    int[] rows = java.util.Arrays.copyOf(perm, rank);
    java.util.Arrays.sort(rows);
    return rows;
  }

  /**
   * The common end of both builds, from Y_nu = A Omega + nu Omega (n x r, overwritten) and
   * B = Omega^T Y_nu (r x r, overwritten): C = chol(B), F = Y_nu C^{-1}, A_nys + nu I ~ F F^T.
   * Returns null when B is not numerically positive definite and {@code mayRetry} (the caller
   * raises nu).
   */
  private static NystromPreconditioner fromSketch(LAPACK lapack, int n, int rank, double[] yNu,
      double[] b, double nu, boolean mayRetry) {
    for (int j = 0; j < rank; j++) {
      for (int i = 0; i < j; i++) {
        double s = 0.5 * (b[i + j * rank] + b[j + i * rank]);
        b[i + j * rank] = s;
        b[j + i * rank] = s;
      }
    }
    // Cholesky factor C (upper): B = C^T C.
    intW info = new intW(0);
    lapack.dpotrf("U", rank, b, rank, info);
    if (info.val > 0 && mayRetry) {
      return null;
    }
    if (info.val != 0) {
      throw new ArithmeticException("LAPACK dpotrf failed building the Nystrom "
          + "preconditioner, info=" + info.val);
    }
    // F = Y_nu C^{-1} (n x r); its thin SVD through F^T F = V S^2 V^T: U = F V S^{-1}.
    Blas.blas().dtrsm("R", "U", "N", "N", n, rank, 1.0, b, rank, yNu, n);
    double[] g = new double[rank * rank];
    Blas.blas().dgemm("T", "N", rank, rank, n, 1.0, yNu, n, yNu, n, 0.0, g, rank);
    double[] s2 = symmetricEigen(lapack, rank, g);
    // Descending order, each eigenvector scaled by 1 / sigma: column c of V S^{-1} is
    // eigenvector rank - 1 - c (so U = F V S^{-1} is one product, no n x r copy).
    double[] vScaled = new double[rank * rank];
    double[] lambda = new double[rank];
    for (int c = 0; c < rank; c++) {
      int from = rank - 1 - c;
      double sigma = Math.sqrt(Math.max(s2[from], 0.0));
      double scale = sigma > 0 ? 1.0 / sigma : 0.0;
      for (int i = 0; i < rank; i++) {
        vScaled[i + c * rank] = g[i + from * rank] * scale;
      }
      lambda[c] = Math.max(0.0, s2[from] - nu);
    }
    double[] ordered = new double[yNu.length];
    Blas.blas().dgemm("N", "N", n, rank, rank, 1.0, yNu, n, vScaled, rank, 0.0, ordered, n);
    return new NystromPreconditioner(n, rank, ordered, lambda);
  }

  /** Overwrites the n x r matrix a by the Q of its QR factorization (dgeqrf, dorgqr). */
  private static void orthonormalize(LAPACK lapack, int n, int r, double[] a) {
    double[] tau = new double[r];
    intW info = new intW(0);
    double[] query = new double[1];
    lapack.dgeqrf(n, r, a, n, tau, query, -1, info);
    double[] work = new double[Math.max(r, (int) query[0])];
    lapack.dgeqrf(n, r, a, n, tau, work, work.length, info);
    if (info.val != 0) {
      throw new ArithmeticException("LAPACK dgeqrf failed, info=" + info.val);
    }
    lapack.dorgqr(n, r, r, a, n, tau, query, -1, info);
    work = new double[Math.max(r, (int) query[0])];
    lapack.dorgqr(n, r, r, a, n, tau, work, work.length, info);
    if (info.val != 0) {
      throw new ArithmeticException("LAPACK dorgqr failed, info=" + info.val);
    }
  }

  /** Eigenvalues (ascending, returned) and eigenvectors (overwriting a) of a symmetric r x r. */
  private static double[] symmetricEigen(LAPACK lapack, int r, double[] a) {
    double[] values = new double[r];
    intW info = new intW(0);
    double[] query = new double[1];
    int[] iquery = new int[1];
    lapack.dsyevd("V", "U", r, a, r, values, query, -1, iquery, -1, info);
    double[] work = new double[Math.max(1 + 6 * r + 2 * r * r, (int) query[0])];
    int[] iwork = new int[Math.max(3 + 5 * r, iquery[0])];
    lapack.dsyevd("V", "U", r, a, r, values, work, work.length, iwork, iwork.length, info);
    if (info.val != 0) {
      throw new ArithmeticException("LAPACK dsyevd failed, info=" + info.val);
    }
    return values;
  }

  /** r, the rank of the approximation. */
  @Override
  public int rank() {
    return rank;
  }

  /** The approximate eigenvalues of A, descending (a copy). */
  public double[] eigenvalues() {
    return lambda.clone();
  }

  /**
   * P^{-1} v for the shift mu, as a new array; v is not modified.
   *
   * @param mu the damping of the system solved, &gt;= 0
   */
  @Override
  public double[] apply(double[] v, double mu) {
    double[] utv = new double[rank];
    MatrixVector.transposeTimesOnCores(n, rank, 1.0, u, v, 0.0, utv);
    double floor = lambda[rank - 1] + mu;
    for (int c = 0; c < rank; c++) {
      double denominator = lambda[c] + mu;
      utv[c] *= denominator > 0 ? floor / denominator - 1.0 : 0.0;
    }
    double[] out = v.clone();
    MatrixVector.timesOnCores(n, rank, 1.0, u, utv, 1.0, out);
    return out;
  }

  /**
   * Checks r = indices.length sampled columns of an order-n matrix (n x r, column-major):
   * 1 &lt;= r &lt;= n, distinct indices in [0, n), finite values.
   *
   * @return the columns' Frobenius norm
   * @throws IllegalArgumentException on mismatched sizes or bad indices
   * @throws ArithmeticException when a column is not finite
   */
  static double checkColumns(int n, double[] columns, int[] indices) {
    int rank = indices.length;
    if (rank < 1 || rank > n) {
      throw new IllegalArgumentException("the preconditioner's rank must be in [1, n = " + n
          + "], got " + rank);
    }
    Checks.exactLength("columns", columns, Checks.size("n", n, "rank", rank));
    boolean[] seen = new boolean[n];
    for (int index : indices) {
      if (index < 0 || index >= n || seen[index]) {
        throw new IllegalArgumentException("the column indices must be distinct and in [0, "
            + n + "), got " + index);
      }
      seen[index] = true;
    }
    double frobenius = 0.0;
    for (double v : columns) {
      frobenius += v * v;
    }
    frobenius = Math.sqrt(frobenius);
    if (!Double.isFinite(frobenius)) {
      throw new ArithmeticException("a column of the matrix is not finite");
    }
    return frobenius;
  }
}

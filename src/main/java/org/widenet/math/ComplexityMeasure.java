package org.widenet.math;

/**
 * The data-dependent complexity measure of Arora, Du, Hu, Li, Wang (2019), Theorem 5.1 and
 * eq. (10): sqrt(2 y^T H^{-1} y / n), with H = H-infinity. It bounds the population loss of the
 * trained wide network (eq. (9)) and is computed from the data alone. H^{-1} y comes from a
 * Cholesky solve ({@link SpdSolver}), never an explicit inverse.
 */
public final class ComplexityMeasure {

  /** First jitter, relative to max(1, trace / n). */
  static final double FIRST_JITTER = 1e-12;
  /** Largest jitter, relative to trace / n. */
  static final double LAST_JITTER = 1e-2;

  private ComplexityMeasure() {}

  /**
   * The measure and the diagonal jitter that made H positive definite.
   *
   * @param value sqrt(2 y^T (H + jitter I)^{-1} y / n)
   * @param jitter the shift added to H's diagonal; 0 when H itself was positive definite
   */
  public record Result(double value, double jitter) {}

  /**
   * Computes sqrt(2 y^T H^{-1} y / n) (Arora et al. Theorem 5.1, eq. (10)). When the Cholesky
   * factorization of H fails (H not positive definite to working precision, e.g. duplicated
   * points), it retries with H + jitter I for jitter = 1e-12 * max(1, trace/n) times 1, 10, 100,
   * ... while jitter &lt;= 1e-2 * trace/n, and reports the jitter used. Allocates an n*n working
   * matrix per attempt and the solution; modifies neither input.
   *
   * @param n the order of H, at least 1
   * @param packedH H packed, length n(n+1)/2, read only
   * @param y the labels, length n, read only
   * @return the measure and the jitter used
   * @throws IllegalArgumentException if n &lt; 1, on a wrong length or a non-finite entry
   * @throws SingularSystemException if H + jitter I is not positive definite even at the largest
   *     jitter (or none is allowed because trace/n is not positive); the message says so
   */
  public static Result of(int n, double[] packedH, double[] y) {
    if (n < 1) {
      throw new IllegalArgumentException("n must be >= 1, got " + n);
    }
    Checks.exactLength("packedH", packedH, PackedSymmetric.packedLength(n));
    Checks.exactLength("y", y, n);
    double trace = 0.0;
    for (int i = 0; i < n; i++) {
      trace += packedH[PackedSymmetric.index(i, i)];
    }
    double meanDiagonal = trace / n;
    SingularSystemException last;
    try {
      return new Result(measure(n, SpdSolver.solve(n, packedH, 0.0, y), y), 0.0);
    } catch (SingularSystemException e) {
      last = e;
    }
    double base = FIRST_JITTER * Math.max(1.0, meanDiagonal);
    double cap = LAST_JITTER * meanDiagonal * (1.0 + 1e-12);
    for (int k = 0; ; k++) {
      double jitter = base * Math.pow(10.0, k);
      if (!(jitter <= cap)) {
        break;
      }
      try {
        return new Result(measure(n, SpdSolver.solve(n, packedH, jitter, y), y), jitter);
      } catch (SingularSystemException e) {
        last = e;
      }
    }
    throw new SingularSystemException("the kernel matrix of order " + n + " is not positive "
        + "definite even with a diagonal jitter of up to 1e-2 * trace/n = "
        + LAST_JITTER * meanDiagonal + " (Cholesky fails at leading minor " + last.leadingMinor()
        + ")", last.leadingMinor());
  }

  private static double measure(int n, double[] solution, double[] y) {
    double quadratic = 0.0;
    for (int i = 0; i < n; i++) {
      quadratic += y[i] * solution[i];
    }
    return Math.sqrt(2.0 * quadratic / n);
  }
}

package org.widenet.math;

import java.util.function.UnaryOperator;

/**
 * Solves {@code (A + shift*I) x = b} for a symmetric positive (semi)definite A that is known only
 * through its products v -> A v, by conjugate gradients (Hestenes and Stiefel 1952; Golub and Van
 * Loan, Matrix Computations, 4th ed., Algorithm 11.3.2) started from x = 0.
 *
 * <p>It stops when the relative residual ||b - (A + shift I) x|| / ||b||, as the CG recurrence
 * tracks it, is at most the tolerance, or after the iteration cap. Each iteration costs one product
 * with A plus O(n) work; it keeps four n-vectors. The arithmetic is sequential and fixed, so the
 * same operator and right-hand side give the same bits.
 */
public final class ConjugateGradient {

  private ConjugateGradient() {}

  /**
   * The outcome of a solve.
   *
   * @param solution x, length n
   * @param iterations the products with A taken (0 when b = 0)
   * @param relativeResidual the recurrence's ||r|| / ||b|| at the end (0 when b = 0); it equals
   *     the true residual up to the round-off the recurrence accumulates
   * @param converged whether relativeResidual reached the tolerance within the cap
   */
  public record Result(double[] solution, int iterations, double relativeResidual,
      boolean converged) {}

  /**
   * Solves {@code (A + shift I) x = b}. Allocates the solution and three other n-vectors; does
   * not modify b. The operator must return a new (or otherwise unshared) array of length n and
   * must not modify its argument.
   *
   * @param a the operator v -> A v of a symmetric positive semidefinite A
   * @param shift the damping added to A's diagonal, &gt;= 0
   * @param b the right-hand side, length n, read only
   * @param tolerance the relative residual to reach, &gt; 0
   * @param maxIterations the most products with A, &gt;= 1
   * @return the last iterate with its statistics; when the cap is reached first, the iterate
   *     after the cap (with {@code converged == false})
   * @throws IllegalArgumentException on a bad tolerance, cap, shift or a non-finite b
   * @throws SingularSystemException when a search direction p has p^T (A + shift I) p &lt;= 0:
   *     the matrix is not positive definite (a larger shift is needed); leadingMinor() is 0
   * @throws ArithmeticException when the operator returns a non-finite value or a wrong length
   */
  public static Result solve(UnaryOperator<double[]> a, double shift, double[] b,
      double tolerance, int maxIterations) {
    return solve(a, shift, b, tolerance, maxIterations, null);
  }

  /**
   * Preconditioned conjugate gradients (Golub and Van Loan, Algorithm 11.5.1): as
   * {@link #solve(UnaryOperator, double, double[], double, int)}, with {@code preconditioner}
   * r -&gt; M^{-1} r for a symmetric positive definite M ~ A + shift I (null: none, which is
   * plain CG bit for bit). The stopping test is on the unpreconditioned residual, so the
   * tolerance means the same with or without it.
   */
  public static Result solve(UnaryOperator<double[]> a, double shift, double[] b,
      double tolerance, int maxIterations, UnaryOperator<double[]> preconditioner) {
    return solve(a, shift, b, tolerance, maxIterations, preconditioner, null);
  }

  /** Told after every iteration how far a solve has come (for progress on long solves). */
  @FunctionalInterface
  public interface Progress {
    /**
     * @param iterations the products with A so far
     * @param relativeResidual the recurrence's ||r|| / ||b|| after them
     */
    void after(int iterations, double relativeResidual);
  }

  /**
   * As {@link #solve(UnaryOperator, double, double[], double, int, UnaryOperator)}, telling
   * {@code progress} (null: nobody) after every iteration; it changes nothing in the solve.
   */
  public static Result solve(UnaryOperator<double[]> a, double shift, double[] b,
      double tolerance, int maxIterations, UnaryOperator<double[]> preconditioner,
      Progress progress) {
    if (!(tolerance > 0) || Double.isInfinite(tolerance)) {
      throw new IllegalArgumentException("CG tolerance must be a positive number, got "
          + tolerance);
    }
    if (maxIterations < 1) {
      throw new IllegalArgumentException("CG iteration cap must be >= 1, got " + maxIterations);
    }
    if (!(shift >= 0) || Double.isInfinite(shift)) {
      throw new IllegalArgumentException("shift must be a finite number >= 0, got " + shift);
    }
    int n = b.length;
    Checks.finite("b", b, n);
    double[] x = new double[n];
    double bNorm = Math.sqrt(dot(b, b));
    if (bNorm == 0.0) {
      return new Result(x, 0, 0.0, true);
    }
    double[] r = b.clone();
    double[] z = preconditioner == null ? r : preconditioner.apply(r);
    double[] p = z.clone();
    double rz = dot(r, z);
    double relative = 1.0;
    int k = 0;
    while (k < maxIterations) {
      double[] q = a.apply(p);
      k++;
      if (q.length != n) {
        throw new ArithmeticException("the operator returned " + q.length + " values for a "
            + "vector of length " + n);
      }
      for (int i = 0; i < n; i++) {
        q[i] += shift * p[i];
      }
      double pq = dot(p, q);
      if (!Double.isFinite(pq)) {
        throw new ArithmeticException("the operator returned a non-finite value in CG "
            + "iteration " + k);
      }
      if (!(pq > 0)) {
        throw new SingularSystemException("the matrix (A + shift I) of order " + n
            + " with shift " + shift + " is not positive definite: CG found a direction p with "
            + "p^T (A + shift I) p = " + pq + " in iteration " + k
            + "; a larger damping is needed", 0);
      }
      double alpha = rz / pq;
      for (int i = 0; i < n; i++) {
        x[i] += alpha * p[i];
        r[i] -= alpha * q[i];
      }
      double rr = dot(r, r);
      relative = Math.sqrt(rr) / bNorm;
      if (progress != null) {
        progress.after(k, relative);
      }
      if (relative <= tolerance) {
        return new Result(x, k, relative, true);
      }
      z = preconditioner == null ? r : preconditioner.apply(r);
      double rzNext = preconditioner == null ? rr : dot(r, z);
      double beta = rzNext / rz;
      rz = rzNext;
      for (int i = 0; i < n; i++) {
        p[i] = z[i] + beta * p[i];
      }
    }
    return new Result(x, k, relative, false);
  }

  private static double dot(double[] u, double[] v) {
    double sum = 0.0;
    for (int i = 0; i < u.length; i++) {
      sum += u[i] * v[i];
    }
    return sum;
  }
}

package org.widenet.math;

/**
 * An approximate inverse of {@code A + mu I} for a symmetric positive semidefinite A, built once
 * and applied for any shift mu: what preconditioned conjugate gradients
 * ({@link ConjugateGradient}) take as M^{-1}.
 */
public interface Preconditioner {
  /** The rank of the approximation of A it is built from. */
  int rank();

  /**
   * M^{-1} v for the shift mu, as a new array; v is not modified. M is symmetric positive
   * definite.
   *
   * @param mu the damping of the system solved, &gt;= 0
   */
  double[] apply(double[] v, double mu);
}

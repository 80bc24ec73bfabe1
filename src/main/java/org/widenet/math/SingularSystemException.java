package org.widenet.math;

/**
 * Thrown when a Cholesky factorization finds that a matrix is not positive definite, for example
 * because a Gauss-Newton system was damped too little.
 */
public final class SingularSystemException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** LAPACK's info: the 1-based order of the leading minor that is not positive definite. */
  private final int leadingMinor;

  /**
   * Creates the exception.
   *
   * @param message what failed, for the user
   * @param leadingMinor LAPACK's info: the 1-based order of the failing leading minor
   */
  public SingularSystemException(String message, int leadingMinor) {
    super(message);
    this.leadingMinor = leadingMinor;
  }

  /**
   * Returns the order of the failing leading minor.
   *
   * @return LAPACK's info, 1-based: the leading minor of this order is not positive definite
   */
  public int leadingMinor() {
    return leadingMinor;
  }
}

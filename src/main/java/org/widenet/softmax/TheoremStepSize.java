package org.widenet.softmax;

/**
 * Theorem 4.2's step size eta = 0.1 lambda / (m n^2 d^2 e^{16 B}) of Gu et al., in log space
 * (its e^{16B} is far beyond what a run can use; docs/models/softmax2.md, The step size and its constant), so a run can report how
 * far its practical step size is from the theorem's. lambda = lambda_min(H*) = lambda_min(J J^T)
 * / m, B = max{C sigma sqrt(log(n d / delta)), 1} (Definition 4.1) with C = {@value #C} and
 * delta = {@value #DELTA}, and d = max(input dimension, outputs), since the proofs take the two
 * equal.
 */
public final class TheoremStepSize {
  /** The constant C of Definition 4.1 (the paper asks for C &gt; 10). */
  public static final double C = 10.0;
  /** The failure probability delta. */
  public static final double DELTA = 0.1;

  private TheoremStepSize() {}

  /** B = max{C sigma sqrt(log(n d / delta)), 1}. */
  public static double b(double sigma, int n, int d) {
    return Math.max(C * sigma * Math.sqrt(Math.log(n * (double) d / DELTA)), 1.0);
  }

  /**
   * log10 of 0.1 lambda / (m n^2 d^2 e^{16 B}).
   *
   * @param lambdaMinJacobianGram lambda_min(J J^T(0)) = m lambda_min(H*)
   */
  public static double log10(double lambdaMinJacobianGram, int m, int n, int d, double sigma) {
    double lambda = lambdaMinJacobianGram / m;
    return Math.log10(0.1 * lambda) - Math.log10(m) - 2 * Math.log10(n) - 2 * Math.log10(d)
        - 16 * b(sigma, n, d) / Math.log(10);
  }
}

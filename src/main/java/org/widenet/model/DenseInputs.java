package org.widenet.model;

/**
 * Rows of inputs as the two-layer families read them: n x d, column-major (row i is x_i).
 * The array is kept by reference and never modified.
 */
public final class DenseInputs implements Inputs {
  private static final long serialVersionUID = 1L;
  private final double[] x;
  private final int n;
  private final int d;

  public DenseInputs(double[] x, int n, int d) {
    if (x.length != (long) n * d) {
      throw new IllegalArgumentException("inputs must hold n x d = " + n + " x " + d
          + " numbers, got " + x.length);
    }
    this.x = x;
    this.n = n;
    this.d = d;
  }

  /** The inputs, n x d column-major (not copied: do not modify). */
  public double[] x() {
    return x;
  }

  @Override
  public int rows() {
    return n;
  }

  public int d() {
    return d;
  }
}

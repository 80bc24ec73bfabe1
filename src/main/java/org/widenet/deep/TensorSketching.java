package org.widenet.deep;

/**
 * A sketch S of tensor products u (x) v (u, v in R^m) into R^s, built from a "left" part that
 * is linear in u, so row blocks add their shares, and a "right" part computed once from v:
 * the paper's Theorem D.10 with TensorSketch (Def D.2) or TensorSRHT (Def D.6).
 */
public interface TensorSketching {
  /** The sketch size s. */
  int size();

  /**
   * Adds the left part of rows [first, first + count) of the columns of u (count x n
   * column-major) to out (s x n column-major).
   */
  void addLeft(long first, int count, int n, double[] u, double[] out);

  /** The right part of every column of v (m x n): s x n column-major. */
  double[] right(SparseColumns v);

  /** J~ = the sketches of u_i (x) v_i as rows: n x s column-major. */
  double[] combine(double[] left, double[] right, int n);

  /** S(a (x) b) for single vectors of length m (a convenience for tests and checks). */
  default double[] sketch(double[] a, double[] b) {
    int m = a.length;
    double[] left = new double[size()];
    addLeft(0, m, 1, a, left);
    return combine(left, right(SparseColumns.ofDense(m, 1, b)), 1);
  }
}

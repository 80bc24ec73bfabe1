package org.widenet.deep;

import java.util.ArrayList;
import java.util.List;
import org.widenet.math.Blas;

/**
 * The low-rank maintenance structure of the paper's Appendix C (Algorithms 3-4) for one layer:
 * a dense W (as last rebuilt) plus an implicit Delta W = U V^T kept as lists of factors.
 * {@code update} appends factors; once their total rank r reaches the threshold m^a
 * (a = min{alpha, 1/3}, docs/models/deep-last.md, Notes on the paper, item 4: r grows in steps of n, so the test is r &gt;= m^a)
 * the factors are multiplied into W (one rectangular product) and cleared. {@code query(y)}
 * returns W y + U (V^T y) in O(rows (nnz(y) + r)), skipping the zero entries of y.
 *
 * <p>Last-layer training needs only its special case (V fixed, {@link DeepBlock}); this
 * general form is what training more layers than the last would use.
 */
public final class LowRankMaintenance {
  private final int rows;
  private final int cols;
  private final double[] w;
  private final int threshold;
  private final List<double[]> us = new ArrayList<>();
  private final List<double[]> vs = new ArrayList<>();
  private final List<Integer> ranks = new ArrayList<>();
  private int rank;
  private int rebuilds;

  /**
   * @param w0 the initial W, rows x cols column-major; copied
   * @param threshold rebuild once the pending rank reaches this (&gt;= 1)
   */
  public LowRankMaintenance(int rows, int cols, double[] w0, int threshold) {
    if (w0.length != rows * cols) {
      throw new IllegalArgumentException("W has " + w0.length + " entries, expected " + rows
          + " x " + cols);
    }
    if (threshold < 1) {
      throw new IllegalArgumentException("rebuild threshold must be >= 1, got " + threshold);
    }
    this.rows = rows;
    this.cols = cols;
    this.w = w0.clone();
    this.threshold = threshold;
  }

  /** ceil(m^a) with a = min{alpha, 1/3}: the rebuild threshold of Theorem B.1. */
  public static int threshold(int m, double alpha) {
    return (int) Math.ceil(Math.pow(m, Math.min(alpha, 1.0 / 3)));
  }

  /**
   * Delta W += U V^T with U rows x k and V cols x k (column-major); the arrays are copied.
   * Rebuilds the dense W when the pending rank reaches the threshold.
   */
  public void update(double[] u, double[] v, int k) {
    if (u.length != rows * k || v.length != cols * k) {
      throw new IllegalArgumentException("factors must be " + rows + " x " + k + " and "
          + cols + " x " + k);
    }
    us.add(u.clone());
    vs.add(v.clone());
    ranks.add(k);
    rank += k;
    if (rank >= threshold) {
      rebuild();
    }
  }

  /** W &lt;- W + U V^T for every pending factor, then clears them. */
  public void rebuild() {
    for (int f = 0; f < us.size(); f++) {
      int k = ranks.get(f);
      if (k > 0 && rows > 0 && cols > 0) {
        Blas.blas().dgemm("N", "T", rows, cols, k, 1.0, us.get(f), rows, vs.get(f), cols, 1.0,
            w, rows);
      }
    }
    us.clear();
    vs.clear();
    ranks.clear();
    rank = 0;
    rebuilds++;
  }

  /** (W + U V^T) y; zero entries of y cost nothing. */
  public double[] query(double[] y) {
    double[] out = new double[rows];
    for (int c = 0; c < cols; c++) {
      double yc = y[c];
      if (yc != 0) {
        for (int r = 0; r < rows; r++) {
          out[r] += w[r + c * rows] * yc;
        }
      }
    }
    for (int f = 0; f < us.size(); f++) {
      int k = ranks.get(f);
      double[] u = us.get(f);
      double[] v = vs.get(f);
      for (int j = 0; j < k; j++) {
        double s = 0;
        for (int c = 0; c < cols; c++) {
          if (y[c] != 0) {
            s += v[c + j * cols] * y[c];
          }
        }
        if (s != 0) {
          for (int r = 0; r < rows; r++) {
            out[r] += u[r + j * rows] * s;
          }
        }
      }
    }
    return out;
  }

  /** (W + U V^T)^T y = W^T y + V (U^T y); zero entries of y cost nothing. */
  public double[] queryTransposed(double[] y) {
    double[] out = new double[cols];
    for (int c = 0; c < cols; c++) {
      double s = 0;
      for (int r = 0; r < rows; r++) {
        if (y[r] != 0) {
          s += w[r + c * rows] * y[r];
        }
      }
      out[c] = s;
    }
    for (int f = 0; f < us.size(); f++) {
      int k = ranks.get(f);
      double[] u = us.get(f);
      double[] v = vs.get(f);
      for (int j = 0; j < k; j++) {
        double s = 0;
        for (int r = 0; r < rows; r++) {
          if (y[r] != 0) {
            s += u[r + j * rows] * y[r];
          }
        }
        if (s != 0) {
          for (int c = 0; c < cols; c++) {
            out[c] += v[c + j * cols] * s;
          }
        }
      }
    }
    return out;
  }

  /** The rank of the factors not yet multiplied into W. */
  public int pendingRank() {
    return rank;
  }

  /** How many times the dense W was rebuilt. */
  public int rebuilds() {
    return rebuilds;
  }

  public int threshold() {
    return threshold;
  }
}

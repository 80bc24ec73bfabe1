package org.widenet.deep;

import org.widenet.model.Inputs;

/**
 * What every deep-last row block reads, broadcast once per engine: the frozen layers' outputs
 * V = h_{L-1} on the training points (m x n sparse, column i = v_i) and V^T V (n x n
 * column-major). Both are computed once, before the engine, by {@link LayerPass}; they never
 * change. A plain class (not a record) so that Kryo can broadcast it. Arrays are kept by
 * reference and never modified.
 */
public final class DeepInputs implements Inputs {
  private static final long serialVersionUID = 1L;
  private final SparseColumns v;
  private final double[] kv;
  /** V dense, made on first use by the dense baseline ({@link DenseLastLayer}) only. */
  private transient volatile double[] dense;

  /** V and V^T V, computed here. */
  public DeepInputs(SparseColumns v) {
    this(v, v.gram());
  }

  /**
   * @param kv V^T V, n x n column-major (kept by reference: do not modify)
   */
  public DeepInputs(SparseColumns v, double[] kv) {
    if (kv.length != (long) v.cols() * v.cols()) {
      throw new IllegalArgumentException("V^T V must be n x n = " + v.cols() + " x " + v.cols()
          + ", got " + kv.length + " numbers");
    }
    this.v = v;
    this.kv = kv;
  }

  /** V = h_{L-1}, m x n. */
  public SparseColumns v() {
    return v;
  }

  /** V^T V, n x n column-major (not copied: do not modify). */
  public double[] kv() {
    return kv;
  }

  /**
   * V as a dense m x n column-major array, made once on first use (for the dense baseline;
   * not copied: do not modify).
   */
  public double[] denseV() {
    double[] d = dense;
    if (d == null) {
      d = v.dense();
      dense = d;
    }
    return d;
  }

  @Override
  public int rows() {
    return v.cols();
  }
}

package org.widenet.deep;

import org.widenet.math.Blas;
import org.widenet.model.Block;
import org.widenet.model.Share;

/**
 * One row block of a saved deep-last model: what it takes to evaluate rows [first, first +
 * count) of the trained last layer W_L(t) = W_L(0) + C V^T on new points. It keeps a (the
 * output signs) and C_b (count x n, column-major, column i for training point i); W_L(0) is
 * regenerated from the seed. For new points with frozen-layer outputs V' (m x n') and V^T V'
 * (n x n'), the pre-activations are z' = W_L(0)_b V' + C_b (V^T V') and the block's share of the
 * outputs is f'_i = sum_r a_r phi(z'_ri): the same arithmetic, in the same order, as a training
 * block's forward pass ({@link DeepBlock}), so on the training points it gives the training
 * outputs bit for bit. A plain class (not a record) so that Kryo can ship and cache it.
 */
public final class DeepSavedBlock implements Block {
  private final int blockId;
  private final long first;
  private final int count;
  private final int n;
  private final int steps;
  private final double[] a;
  private final double[] c;

  /**
   * @param a the block's output signs (count), kept by reference
   * @param c C_b, count x n column-major, kept by reference
   */
  public DeepSavedBlock(int blockId, long first, int count, int n, int steps, double[] a,
      double[] c) {
    if (count < 0 || n < 1 || a.length != count || c.length != (long) count * n) {
      throw new IllegalArgumentException("a saved deep-last block of " + count + " rows on "
          + n + " points needs " + count + " signs and " + (long) count * n
          + " coefficients, got " + a.length + " and " + c.length);
    }
    this.blockId = blockId;
    this.first = first;
    this.count = count;
    this.n = n;
    this.steps = steps;
    this.a = a;
    this.c = c;
  }

  /** A trained block's saved part (its arrays by reference). */
  public static DeepSavedBlock of(DeepBlock b) {
    return new DeepSavedBlock(b.blockId(), b.firstNeuron(), b.count(), b.points(),
        b.stepsApplied(), b.signs(), b.coefficients());
  }

  @Override
  public int blockId() {
    return blockId;
  }

  @Override
  public long firstNeuron() {
    return first;
  }

  @Override
  public int count() {
    return count;
  }

  /** n, the training points (columns of C_b). */
  public int points() {
    return n;
  }

  /** Gauss-Newton steps the block had taken. */
  @Override
  public int stepsApplied() {
    return steps;
  }

  /** A saved block has run no pass. */
  @Override
  public Share partial() {
    return null;
  }

  /** a on the block's rows, read only. */
  public double[] signs() {
    return a;
  }

  /** C_b (count x n, column-major), read only. */
  public double[] coefficients() {
    return c;
  }

  /**
   * The block's share of f on new points.
   *
   * @param vNew V' = h_{L-1} on the new points, m x n'
   * @param cross V^T V', n x n' column-major ({@link SparseColumns#crossGram})
   * @return length n'
   */
  public double[] outputsOn(DeepSpec spec, SparseColumns vNew, double[] cross) {
    int points = vNew.cols();
    if (cross.length != (long) n * points) {
      throw new IllegalArgumentException("V^T V' must be " + n + " x " + points + ", got "
          + cross.length + " numbers");
    }
    double[] g0 = LayerPass.preActivations(spec, spec.depth(), first, count, vNew);
    double[] ck = new double[count * points];
    if (count > 0 && points > 0) {
      Blas.blas().dgemm("N", "N", count, points, n, 1.0, c, count, cross, n, 0.0, ck, count);
    }
    double tau = spec.tau();
    double scale = spec.scale();
    double shift = spec.shifted() ? tau : 0.0;
    double[] f = new double[points];
    for (int i = 0; i < points; i++) {
      double fi = 0;
      for (int r = 0; r < count; r++) {
        int k = r + i * count;
        double z = g0[k] + ck[k];
        if (z > tau) {
          fi += a[r] * scale * (z - shift);
        }
      }
      f[i] = fi;
    }
    return f;
  }
}

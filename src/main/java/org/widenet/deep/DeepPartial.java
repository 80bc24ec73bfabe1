package org.widenet.deep;

import org.widenet.model.Share;

/**
 * One row block's additive share of an iteration's results, or the sum of several blocks'
 * shares (summed in block-id order by the engines).
 *
 * <p>f: sum over the block's rows of a_r phi(z_{r,i}) (n); uu: U_b^T U_b packed (n x n, the
 * block's part of (U U^T)_{ij} = u_i . u_j), or null; maxMove: the largest squared row movement
 * ||W_{L,r}(t) - W_{L,r}(0)||^2 over the rows (combined by max); active: the count of active
 * (row, point) pairs of layer L; sketch: the left part of the Jacobian sketch (s x n), or null.
 * For the Gram product job ({@link DeepFamily#gramTimes}) f carries the block's share of G x.
 * Merged in block-id order by the engines ({@link org.widenet.train.OrderedSum}).
 */
public final class DeepPartial implements Share {
  private final int firstBlock;
  private final double[] f;
  private final double[] uu;
  private final double maxMove;
  private final long active;
  private final double[] sketch;

  public DeepPartial(int firstBlock, double[] f, double[] uu, double maxMove, long active,
      double[] sketch) {
    this.firstBlock = firstBlock;
    this.f = f;
    this.uu = uu;
    this.maxMove = maxMove;
    this.active = active;
    this.sketch = sketch;
  }

  @Override
  public int firstBlock() {
    return firstBlock;
  }

  public double[] f() {
    return f;
  }

  public double[] uu() {
    return uu;
  }

  public double maxMove() {
    return maxMove;
  }

  public long active() {
    return active;
  }

  public double[] sketch() {
    return sketch;
  }

  @Override
  public Share plus(Share later) {
    return plus((DeepPartial) later);
  }

  /** This share plus the next block's (element-wise sums, max of the movement). */
  public DeepPartial plus(DeepPartial o) {
    return new DeepPartial(Math.min(firstBlock, o.firstBlock), add(f, o.f), add(uu, o.uu),
        Math.max(maxMove, o.maxMove), active + o.active, add(sketch, o.sketch));
  }

  private static double[] add(double[] a, double[] b) {
    if (a == null || b == null) {
      return null;
    }
    double[] s = a.clone();
    for (int i = 0; i < s.length; i++) {
      s[i] += b[i];
    }
    return s;
  }
}

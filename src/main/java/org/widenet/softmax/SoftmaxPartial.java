package org.widenet.softmax;

import org.widenet.model.Share;
import org.widenet.train.OrderedSum;

/**
 * One block's (or several merged blocks') share of a softmax2 forward pass: per row the
 * max-shifted partial normalizer (max_i, sum_i) and numerators num_il, and movement statistics;
 * or a read-only job's additive share alone ({@link #share}): the packed coefficient Gram C C^T
 * (nk x nk) or a cross product. Partials are merged in block-id order (see {@link #merge}), so
 * a run repeats bit for bit.
 */
public final class SoftmaxPartial implements Share {
  private final int firstBlock;
  private final int n;
  private final int k;
  private final double[] max;
  private final double[] sum;
  private final double[] num;
  private final double[] gram;
  private final double maxMove;
  private final double sumSquaredMove;

  /**
   * @param max per row, the largest score of the neurons summed (length n; owned)
   * @param sum per row, sum_r exp(z_ir - max_i)
   * @param num n x k, sum_r a_lr exp(z_ir - max_i)
   * @param gram an additive share (packed C C^T or a cross product), or null
   * @param maxMove max_r ||w_r - w_r(0)|| over the neurons summed
   * @param sumSquaredMove sum_r ||w_r - w_r(0)||^2 over the neurons summed
   */
  public SoftmaxPartial(int firstBlock, int n, int k, double[] max, double[] sum, double[] num,
      double[] gram, double maxMove, double sumSquaredMove) {
    this.firstBlock = firstBlock;
    this.n = n;
    this.k = k;
    this.max = max;
    this.sum = sum;
    this.num = num;
    this.gram = gram;
    this.maxMove = maxMove;
    this.sumSquaredMove = sumSquaredMove;
  }

  /** A partial that carries only an additive share (no sums): a read-only job's result. */
  public static SoftmaxPartial share(int firstBlock, double[] share) {
    return new SoftmaxPartial(firstBlock, 0, 0, null, null, null, share, 0.0, 0.0);
  }

  @Override
  public int firstBlock() {
    return firstBlock;
  }

  public int rows() {
    return n;
  }

  public int outputs() {
    return k;
  }

  public double[] max() {
    return max;
  }

  public double[] sum() {
    return sum;
  }

  public double[] num() {
    return num;
  }

  /** The additive share, or null when none was asked for. */
  public double[] gram() {
    return gram;
  }

  public double maxMove() {
    return maxMove;
  }

  public double sumSquaredMove() {
    return sumSquaredMove;
  }

  /**
   * this merged with {@code later} (higher block ids), as a new partial: the sums in
   * log-sum-exp form, the shares added, the movements combined. Neither operand changes.
   */
  public SoftmaxPartial merge(SoftmaxPartial later) {
    double[] m = null;
    double[] s = null;
    double[] u = null;
    if (max != null && later.max != null) {
      m = max.clone();
      s = sum.clone();
      u = num.clone();
      SoftmaxKernels.mergeInto(m, s, u, later.max, later.sum, later.num, n, k);
    } else if (max != null || later.max != null) {
      throw new IllegalStateException("cannot merge a partial with sums into a share alone");
    }
    double[] g = null;
    if (gram != null && later.gram != null) {
      g = gram.clone();
      for (int p = 0; p < g.length; p++) {
        g[p] += later.gram[p];
      }
    } else if (gram != null || later.gram != null) {
      throw new IllegalStateException("cannot merge a partial with a Gram share into one "
          + "without");
    }
    return new SoftmaxPartial(Math.min(firstBlock, later.firstBlock), n, k, m, s, u, g,
        Math.max(maxMove, later.maxMove), sumSquaredMove + later.sumSquaredMove);
  }

  @Override
  public Share plus(Share later) {
    return merge((SoftmaxPartial) later);
  }

  /** Merges partials that are in ascending block order, left to right. */
  public static SoftmaxPartial mergeInOrder(java.util.List<SoftmaxPartial> inOrder) {
    return OrderedSum.sequential(inOrder);
  }
}

package org.widenet.model;

/**
 * One block's additive share of what the driver needs after a forward pass: the unscaled
 * output partial u_b, optionally its packed Gram contribution C_b C_b^T, and movement and
 * activation-pattern statistics. Partials are summed in block-id order (see
 * {@link #plus(BlockPartial)}) so a run repeats bit for bit.
 */
public final class BlockPartial implements Share {
  private final int firstBlock;
  private final double[] u;
  private final double[] gram;
  private final double maxMove;
  private final double sumSquaredMove;
  private final long patternChanges;

  /**
   * @param firstBlock the lowest block id summed into this partial
   * @param u unscaled outputs sum_r a_r phi(z_ir), length n (owned by this object)
   * @param gram packed upper triangle of C_b C_b^T, or null when the Gram was not asked for
   * @param maxMove max over this block's neurons of ||w_r(t) - w_r(0)||_2
   * @param sumSquaredMove sum over this block's neurons of ||w_r(t) - w_r(0)||^2
   * @param patternChanges number of (i, r) whose sign of w_r . x_i differs from t = 0
   */
  public BlockPartial(int firstBlock, double[] u, double[] gram, double maxMove,
      double sumSquaredMove, long patternChanges) {
    this.firstBlock = firstBlock;
    this.u = u;
    this.gram = gram;
    this.maxMove = maxMove;
    this.sumSquaredMove = sumSquaredMove;
    this.patternChanges = patternChanges;
  }

  /** The lowest block id in this partial: the key partials are ordered by. */
  @Override
  public int firstBlock() {
    return firstBlock;
  }

  public double[] u() {
    return u;
  }

  /** Packed Gram share, or null if the Gram was not computed this iteration. */
  public double[] gram() {
    return gram;
  }

  public double maxMove() {
    return maxMove;
  }

  public double sumSquaredMove() {
    return sumSquaredMove;
  }

  public long patternChanges() {
    return patternChanges;
  }

  @Override
  public Share plus(Share later) {
    return plus((BlockPartial) later);
  }

  /** The same partial on the rows {@code rows} only (in their order), without a Gram share. */
  public BlockPartial onRows(int[] rows) {
    double[] sub = new double[rows.length];
    for (int t = 0; t < rows.length; t++) {
      sub[t] = u[rows[t]];
    }
    return new BlockPartial(firstBlock, sub, null, maxMove, sumSquaredMove, patternChanges);
  }

  /**
   * this + later, as a new partial; {@code later} must hold higher block ids. Arrays are
   * freshly allocated, so neither operand changes.
   */
  public BlockPartial plus(BlockPartial later) {
    double[] sumU = u.clone();
    for (int i = 0; i < sumU.length; i++) {
      sumU[i] += later.u[i];
    }
    double[] sumGram = null;
    if (gram != null && later.gram != null) {
      sumGram = gram.clone();
      for (int i = 0; i < sumGram.length; i++) {
        sumGram[i] += later.gram[i];
      }
    } else if (gram != null || later.gram != null) {
      throw new IllegalStateException("cannot add a partial with a Gram to one without");
    }
    return new BlockPartial(Math.min(firstBlock, later.firstBlock), sumU, sumGram,
        Math.max(maxMove, later.maxMove), sumSquaredMove + later.sumSquaredMove,
        patternChanges + later.patternChanges);
  }
}

package org.widenet.softmax;

import org.widenet.model.Block;
import org.widenet.model.BlockLayout;

/**
 * The state one task owns: a contiguous range of neurons [first, first + count), their trained
 * weights w (d x count, column-major), fixed signs a (k x count) and how many updates have been
 * applied to them. A step writes into w in place ({@link BlockSteps#advance}) and returns a new
 * small block sharing the arrays. Three transient fields ride along in memory only: the scores
 * at the current weights on the training inputs (a cache, recomputed when missing), W(0) where
 * {@link org.widenet.model.KeptInitialWeights} keeps it (drawn from the seed when missing) and
 * the last pass's partial.
 */
public final class SoftmaxBlock implements Block {
  private final int blockId;
  private final long first;
  private final int count;
  private final int d;
  private final int k;
  private final int stepsApplied;
  private final double[] w;
  private final double[] a;
  private transient double[] scores;
  private transient double[] initialWeights;
  private transient SoftmaxPartial partial;

  SoftmaxBlock(int blockId, long first, int count, int d, int k, int stepsApplied, double[] w,
      double[] a, double[] scores, SoftmaxPartial partial) {
    this(blockId, first, count, d, k, stepsApplied, w, a, scores, null, partial);
  }

  SoftmaxBlock(int blockId, long first, int count, int d, int k, int stepsApplied, double[] w,
      double[] a, double[] scores, double[] initialWeights, SoftmaxPartial partial) {
    this.blockId = blockId;
    this.first = first;
    this.count = count;
    this.d = d;
    this.k = k;
    this.stepsApplied = stepsApplied;
    this.w = w;
    this.a = a;
    this.scores = scores;
    this.initialWeights = initialWeights;
    this.partial = partial;
  }

  /** Block b of the layout at initialization, generated from the seed. */
  public static SoftmaxBlock initial(SoftmaxSpec spec, BlockLayout layout, int b, int d) {
    int count = layout.count(b);
    long first = layout.start(b);
    double[] w = new double[d * count];
    double[] a = new double[spec.outputs() * count];
    SoftmaxInit.fill(spec, d, first, count, w, a);
    return new SoftmaxBlock(b, first, count, d, spec.outputs(), 0, w, a, null, null);
  }

  /** Rebuilds a block from saved weights (a saved model: steps unknown, 0); arrays copied. */
  public static SoftmaxBlock restore(int blockId, long first, int d, int k, double[] w,
      double[] a) {
    return of(blockId, first, d, k, 0, w.clone(), a.clone());
  }

  /** A block over the given arrays (kept, not copied), checked against d and k. */
  static SoftmaxBlock of(int blockId, long first, int d, int k, int stepsApplied, double[] w,
      double[] a) {
    if (a.length % k != 0 || w.length != d * (a.length / k)) {
      throw new IllegalArgumentException("weights of block " + blockId + " have " + w.length
          + " entries and " + a.length + " signs, not d x c and k x c with d = " + d + ", k = "
          + k);
    }
    return new SoftmaxBlock(blockId, first, a.length / k, d, k, stepsApplied, w, a, null,
        null);
  }

  /** The layout softmax2 blocks use: pair-aligned for the symmetric initialization. */
  public static BlockLayout layout(SoftmaxSpec spec, int blocks) {
    return new BlockLayout(spec.width(), blocks, spec.symmetric());
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

  @Override
  public int stepsApplied() {
    return stepsApplied;
  }

  public int inputDim() {
    return d;
  }

  public int outputs() {
    return k;
  }

  /** The weights, d x count (not copied: do not modify). */
  public double[] weights() {
    return w;
  }

  /** The signs, k x count (not copied: do not modify). */
  public double[] signs() {
    return a;
  }

  /** W(0) of this block's neurons (d x count) where kept, or null. */
  double[] initialWeights() {
    return initialWeights;
  }

  /** Scores on the training inputs at these weights, or null when not cached. */
  double[] cachedScores() {
    return scores;
  }

  /** The last pass's partial, or null once the block was serialized. */
  @Override
  public SoftmaxPartial partial() {
    return partial;
  }
}

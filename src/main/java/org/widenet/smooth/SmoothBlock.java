package org.widenet.smooth;

import org.widenet.model.Block;

/**
 * The state one task owns in smooth2: neurons [firstNeuron, firstNeuron + count), their rows
 * w_r of W (stored d0 x count column-major, column j is w_r) and their columns v_r of V (k x
 * count column-major). Both are trained, and every gradient of a neuron's weights needs only
 * that neuron and the broadcast residual, so a block steps on its own.
 *
 * <p>{@link SmoothStepper#advance} writes a step into the block's own w and v arrays (the
 * engines hold one copy of the weights) and returns a new small block sharing them, which
 * carries the partial of its forward pass; the block it was given is retired. The partial,
 * the kept pre-activations and the kept initial weights ride along in memory only (transient),
 * never in a block file or a saved model. A plain class (not a record) so that Kryo can cache and ship it.
 */
public final class SmoothBlock implements Block {
  private final int blockId;
  private final long firstNeuron;
  private final int count;
  private final int stepsApplied;
  private final double[] w;
  private final double[] v;
  private transient SmoothPartial partial;
  private transient double[] preactivations;
  private transient int[] preactivationRows;
  private transient double[] initialWeights;

  SmoothBlock(int blockId, long firstNeuron, int count, int stepsApplied, double[] w,
      double[] v, SmoothPartial partial) {
    this(blockId, firstNeuron, count, stepsApplied, w, v, partial, null, null, null);
  }

  SmoothBlock(int blockId, long firstNeuron, int count, int stepsApplied, double[] w,
      double[] v, SmoothPartial partial, double[] preactivations, int[] preactivationRows,
      double[] initialWeights) {
    this.blockId = blockId;
    this.firstNeuron = firstNeuron;
    this.count = count;
    this.stepsApplied = stepsApplied;
    this.w = w;
    this.v = v;
    this.partial = partial;
    this.preactivations = preactivations;
    this.preactivationRows = preactivationRows;
    this.initialWeights = initialWeights;
  }

  /** Block b at initialization: neurons [first, first + count), generated from the seed. */
  public static SmoothBlock initial(SmoothSpec spec, int blockId, long first, int count) {
    double[] w = new double[spec.d0() * count];
    double[] v = new double[spec.k() * count];
    SmoothInitializer.fill(spec, first, count, w, v);
    return new SmoothBlock(blockId, first, count, 0, w, v, null);
  }

  /** Rebuilds a block from saved weights (copied). */
  public static SmoothBlock restore(SmoothSpec spec, int blockId, long first, int stepsApplied,
      double[] w, double[] v) {
    int count = v.length / spec.k();
    if (v.length != spec.k() * count || w.length != spec.d0() * count) {
      throw new IllegalArgumentException("weights of block " + blockId + " have " + w.length
          + " + " + v.length + " entries, expected (" + spec.d0() + " + " + spec.k() + ") x "
          + count);
    }
    return new SmoothBlock(blockId, first, count, stepsApplied, w.clone(), v.clone(), null);
  }

  @Override
  public int blockId() {
    return blockId;
  }

  @Override
  public long firstNeuron() {
    return firstNeuron;
  }

  @Override
  public int count() {
    return count;
  }

  @Override
  public int stepsApplied() {
    return stepsApplied;
  }

  /** W_b^T: d0 x count column-major (not copied: do not modify). */
  public double[] w() {
    return w;
  }

  /** V_b: k x count column-major (not copied: do not modify). */
  public double[] v() {
    return v;
  }

  /**
   * Z = X_R W_b^T of the last forward pass on the rows R it evaluated, kept (in memory only)
   * so that the next step on the same rows need not recompute it; null when not kept.
   */
  double[] preactivations() {
    return preactivations;
  }

  /** The rows R of {@link #preactivations()}, null for all rows. */
  int[] preactivationRows() {
    return preactivationRows;
  }

  /**
   * w_r(0) then v_r(0) for each neuron ((d0 + k) x count) where {@link
   * org.widenet.model.KeptInitialWeights} keeps them, or null.
   */
  double[] initialWeights() {
    return initialWeights;
  }

  /** The partial of the last forward pass, or null once the block was serialized. */
  @Override
  public SmoothPartial partial() {
    return partial;
  }
}

package org.widenet.smooth;

/**
 * The state one task owns in smooth2: neurons [firstNeuron, firstNeuron + count), their rows
 * w_r of W (stored d0 x count column-major, column j is w_r) and their columns v_r of V (k x
 * count column-major). Both are trained, and every gradient of a neuron's weights needs only
 * that neuron and the broadcast residual, so a block steps on its own. Immutable:
 * {@link SmoothStepper#advance} returns a new block. The partial of the last forward pass rides
 * along in memory only (transient).
 */
public final class SmoothBlock {
  private final int blockId;
  private final long firstNeuron;
  private final int count;
  private final int stepsApplied;
  private final double[] w;
  private final double[] v;
  private transient SmoothPartial partial;

  SmoothBlock(int blockId, long firstNeuron, int count, int stepsApplied, double[] w,
      double[] v, SmoothPartial partial) {
    this.blockId = blockId;
    this.firstNeuron = firstNeuron;
    this.count = count;
    this.stepsApplied = stepsApplied;
    this.w = w;
    this.v = v;
    this.partial = partial;
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

  public int blockId() {
    return blockId;
  }

  public long firstNeuron() {
    return firstNeuron;
  }

  public int count() {
    return count;
  }

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

  /** The partial of the last forward pass, or null once the block was serialized. */
  public SmoothPartial partial() {
    return partial;
  }
}

package org.widenet.model;

/**
 * The state one task owns: a contiguous range of neurons, their trained input weights W_b
 * (d x count, column-major, column j is neuron firstNeuron + j) and fixed output signs a_b.
 *
 * <p>{@link BlockStepper#advance} returns a new block with new weights, so the block it was
 * given is never changed; {@link BlockStepper#advanceInPlace} (the Spark engine's choice, to
 * hold one copy of the weights) reuses the weight array and retires the old block. Four
 * transient fields (and, in the span form, Z(0) and X' W(0) on other rows) ride along in
 * memory only, never in a checkpoint or a saved model: the
 * initial ReLU activation pattern (rebuilt from the seed when missing), the ReLU activation
 * mask at the current weights (what the next step needs of the forward pass, one bit per row
 * and neuron; recomputed from the weights when missing), W(0) where {@link KeptInitialWeights}
 * keeps it (drawn from the seed again when missing) and the partial of the last forward pass.
 */
public final class NeuronBlock implements Block {
  private final int blockId;
  private final long firstNeuron;
  private final int count;
  private final int d;
  private final int stepsApplied;
  private final double[] w;
  private final double[] a;
  /** The span form's A (n x count), or null in the weights form; see {@link SpanStepper}. */
  private final double[] span;
  private transient long[] initialPattern;
  private transient long[] activeMask;
  private transient double[] initialWeights;
  private transient BlockPartial partial;
  /** The span form's Z(0) = X W(0), n x count, where kept (rebuilt from W(0) when missing). */
  private transient double[] initialOutputs;
  /** The span form's X' W(0) on the last other rows scored, shared with successors. */
  private transient OtherInitialOutputs otherOutputs;

  NeuronBlock(int blockId, long firstNeuron, int count, int d, int stepsApplied, double[] w,
      double[] a, long[] initialPattern, BlockPartial partial) {
    this(blockId, firstNeuron, count, d, stepsApplied, w, a, initialPattern, null, null,
        partial);
  }

  NeuronBlock(int blockId, long firstNeuron, int count, int d, int stepsApplied, double[] w,
      double[] a, long[] initialPattern, long[] activeMask, double[] initialWeights,
      BlockPartial partial) {
    this(blockId, firstNeuron, count, d, stepsApplied, w, a, null, initialPattern, activeMask,
        initialWeights, partial, null);
  }

  /** A block in the span form ({@code span} A, {@code w} null), or the weights form. */
  NeuronBlock(int blockId, long firstNeuron, int count, int d, int stepsApplied, double[] w,
      double[] a, double[] span, long[] initialPattern, long[] activeMask,
      double[] initialWeights, BlockPartial partial, double[] initialOutputs) {
    this(blockId, firstNeuron, count, d, stepsApplied, w, a, span, initialPattern, activeMask,
        initialWeights, partial, initialOutputs, null);
  }

  /** The same, with the holder of its scores on other rows ({@link OtherInitialOutputs}). */
  NeuronBlock(int blockId, long firstNeuron, int count, int d, int stepsApplied, double[] w,
      double[] a, double[] span, long[] initialPattern, long[] activeMask,
      double[] initialWeights, BlockPartial partial, double[] initialOutputs,
      OtherInitialOutputs otherOutputs) {
    this.blockId = blockId;
    this.firstNeuron = firstNeuron;
    this.count = count;
    this.d = d;
    this.stepsApplied = stepsApplied;
    this.w = w;
    this.a = a;
    this.initialPattern = initialPattern;
    this.activeMask = activeMask;
    this.initialWeights = initialWeights;
    this.partial = partial;
    this.span = span;
    this.initialOutputs = initialOutputs;
    this.otherOutputs = otherOutputs;
  }

  /** Block b of the layout at initialization, generated from the seed. */
  public static NeuronBlock initial(NetworkSpec spec, BlockLayout layout, int block, int d) {
    int count = layout.count(block);
    long first = layout.start(block);
    double[] w = new double[d * count];
    double[] a = new double[count];
    Initializer.fill(spec, d, first, count, w, a);
    return new NeuronBlock(block, first, count, d, 0, w, a, null, null);
  }

  /** Rebuilds a block from saved weights (e.g. a model file); the copies are owned by the block. */
  public static NeuronBlock restore(int blockId, long firstNeuron, int d, int stepsApplied,
      double[] w, double[] a) {
    if (w.length != d * a.length) {
      throw new IllegalArgumentException("weights of block " + blockId + " have " + w.length
          + " entries, expected " + d + " x " + a.length);
    }
    return new NeuronBlock(blockId, firstNeuron, a.length, d, stepsApplied, w.clone(),
        a.clone(), null, null);
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

  public int inputDim() {
    return d;
  }

  /** How many updates have been applied since initialization. */
  @Override
  public int stepsApplied() {
    return stepsApplied;
  }

  /** The same block carrying another partial (its arrays shared). */
  NeuronBlock withPartial(BlockPartial p) {
    return new NeuronBlock(blockId, firstNeuron, count, d, stepsApplied, w, a, span,
        initialPattern, activeMask, initialWeights, p, initialOutputs, otherOutputs);
  }

  /**
   * The same weights and partial, without the kept W(0), Z(0), pattern and mask (training
   * only). A block in the span form stays in it: its weights are W(0) - X^T A, and serving
   * needs them formed ({@link SpanStepper#settle}).
   */
  @Override
  public NeuronBlock forServing() {
    if (initialPattern == null && activeMask == null && initialWeights == null
        && initialOutputs == null && otherOutputs == null) {
      return this;
    }
    return new NeuronBlock(blockId, firstNeuron, count, d, stepsApplied, w, a, span, null, null,
        null, partial, null);
  }

  /**
   * The weights (not copied: callers must not modify them).
   *
   * @throws IllegalStateException for a block in the span form, whose weights are
   *     W(0) - X^T A: {@link SpanStepper#settle} forms them
   */
  public double[] weights() {
    if (span != null) {
      throw new IllegalStateException("block " + blockId + " is in the span form: its weights "
          + "are W(0) - X^T A, formed by SpanStepper.settle with the training inputs");
    }
    return w;
  }

  /** Whether this block steps in the span form (see {@link SpanStepper}). */
  public boolean inSpanForm() {
    return span != null;
  }

  /** The span form's A, n x count (not copied), or null. */
  double[] span() {
    return span;
  }

  /** The span form's kept Z(0), or null. */
  double[] initialOutputs() {
    return initialOutputs;
  }

  /** The holder of X' W(0) on other rows, or null (the weights form, a block read back). */
  OtherInitialOutputs otherOutputs() {
    return otherOutputs;
  }

  /** The output signs (not copied: callers must not modify them). */
  public double[] outputWeights() {
    return a;
  }

  /**
   * The partial of this block's last forward pass, or null once the block has been
   * serialized (checkpointed or cached off-heap); only read in the job that produced it.
   */
  @Override
  public BlockPartial partial() {
    return partial;
  }

  long[] initialPattern() {
    return initialPattern;
  }

  /** W(0) of this block's neurons (d x count, like the weights) where kept, or null. */
  double[] initialWeights() {
    return initialWeights;
  }

  /** Bit (i + j n) is set when w_j . x_i > 0 at these weights (ReLU only), or null. */
  long[] activeMask() {
    return activeMask;
  }
}

package org.widenet.model;

import org.widenet.math.Activation;
import org.widenet.math.BlockKernels;
import org.widenet.math.PackedSymmetric;
import org.widenet.math.SpanKernels;

/**
 * The span form of a ReLU block's step ({@link SpanKernels}): the block keeps W(0) and the
 * n x count matrix A of its accumulated step factors, so that its weights are
 * {@code W = W(0) - X^T A}, and takes each gradient or Gauss-Newton step as {@code A += F}
 * (the step's factor matrix) followed by one product, {@code Z = Z(0) - (X X^T) A}: 2 n^2 m
 * flops per step where the weights form takes 4 n d m, so fewer when n < 2 d. The results are
 * those of the weights form up to rounding.
 *
 * <p>A is the block's whole trained state, changed only by exact additions. W(0) is not kept:
 * it is drawn from the seed where it is needed (Z(0) of a block read back, forming the weights,
 * outputs on other rows), with the bits of initialization. Z(0), X X^T and the activation
 * masks are recomputed from W(0) and X when missing (a block read back from a checkpoint, a
 * cache or another executor), with the same bits. So the span form keeps the
 * engine's rule: same seed, same blocks, same steps, same bits, also after a replay. A block
 * enters the span form at its first step when that step asks for it ({@link Step#span()})
 * and stays in it; {@link #settle} forms its weights for serving and saving.
 */
public final class SpanStepper {
  private SpanStepper() {}

  /**
   * {@link BlockStepper#advance} in the span form: applies {@code step} (if not null) to A,
   * then runs the forward pass at the new A.
   *
   * @param inPlace whether A may be updated in the block's own array
   */
  static NeuronBlock advance(NeuronBlock block, NetworkSpec spec, double[] x, int n, Step step,
      boolean withGram, boolean inPlace) {
    int d = block.inputDim();
    int mb = block.count();
    StepTimer timer = StepTimer.start(block.blockId());
    double scale = spec.outputScale();
    double[] a = block.outputWeights();
    int size = Math.multiplyExact(n, mb);
    double[] span = block.span() == null ? new double[size]
        : inPlace ? block.span() : block.span().clone();
    double[] z0 = block.initialOutputs();
    boolean drawZ0 = z0 == null;
    if (drawZ0) {
      z0 = new double[size];
    }
    double[] k = InputGrams.of(x, n, d);
    int maskWords = (int) (((long) size + 63) / 64);
    long[] pattern = block.initialPattern();
    boolean buildPattern = pattern == null;
    if (buildPattern) {
      pattern = new long[maskWords];
    }
    long[] oldMask = block.activeMask();
    long[] newMask = new long[maskWords];

    int chunk = BlockStepper.chunkWidth(n, mb);
    double[] aChunk = WorkBuffers.get(WorkBuffers.A_CHUNK, chunk);
    double[] z = WorkBuffers.get(WorkBuffers.Z, n * chunk);
    double[] work = WorkBuffers.get(WorkBuffers.WORK, n * chunk);
    double[] uChunk = WorkBuffers.get(WorkBuffers.U_CHUNK, n);
    // W(0) of a block read back without its Z(0): drawn from the seed again, chunk by chunk.
    double[] w0 = drawZ0 ? WorkBuffers.get(WorkBuffers.W0, d * chunk) : null;
    long[] chunkMask = oldMask == null && step != null ? new long[(n * chunk + 63) / 64] : null;
    double[] u = new double[n];
    double[] gramFull = withGram ? new double[n * n] : null;
    double[] moved = new double[2];

    for (int j0 = 0; j0 < mb; j0 += chunk) {
      int c = Math.min(chunk, mb - j0);
      int o = j0 * n;
      double[] ac = c == chunk ? aChunk : new double[c];
      System.arraycopy(a, j0, ac, 0, c);
      long mark = timer.now();
      if (drawZ0) {
        Initializer.fill(spec, d, block.firstNeuron() + j0, c, w0, 0, new double[c]);
        BlockKernels.preActivations(n, d, c, x, w0, 0, z0, o);
      }
      if (buildPattern) {
        BlockKernels.recordActive(n, c, z0, o, pattern, o);
      }
      if (step != null) {
        long[] mask = oldMask;
        long first = o;
        if (mask == null) {
          // The mask of the last forward pass, recomputed from A as that pass computed it.
          SpanKernels.preActivations(n, c, k, z0, span, o, z);
          java.util.Arrays.fill(chunkMask, 0L);
          BlockKernels.recordActive(n, c, z, chunkMask, 0);
          mask = chunkMask;
          first = 0;
          mark = timer.forward(mark);
        }
        SpanKernels.applyStep(n, c, mask, first, ac, step.s(), step.coef(), span, o, work);
        mark = timer.gradient(mark);
      }
      SpanKernels.preActivations(n, c, k, z0, span, o, z);
      BlockKernels.recordActive(n, c, z, newMask, o);
      BlockKernels.forward(Activation.RELU, n, c, z, ac, uChunk);
      for (int i = 0; i < n; i++) {
        u[i] += uChunk[i];
      }
      mark = timer.forward(mark);
      if (withGram) {
        BlockKernels.accumulateGramFull(Activation.RELU, n, c, z, ac, scale, gramFull, work);
        timer.gram(mark);
      }
      SpanKernels.addMovement(n, c, span, z0, o, z, moved);
    }
    long changes = BlockKernels.countDifferences(newMask, pattern, size);
    int steps = block.stepsApplied() + (step == null ? 0 : 1);
    double[] gram = withGram ? PackedSymmetric.pack(n, gramFull) : null;
    NeuronBlock next = new NeuronBlock(block.blockId(), block.firstNeuron(), mb, d, steps, null,
        a, span, pattern, newMask, null, null, z0,
        block.otherOutputs() != null ? block.otherOutputs() : new OtherInitialOutputs());
    if (!finite(u) || (gram != null && !finite(gram))) {
      // Name the neuron and row at the formed weights.
      NumericalFaults.check(block, settle(next, spec, x, n).weights(), Activation.RELU, scale,
          x, n, u, gram, NumericalFaults.Stage.TRAINING);
    }
    BlockPartial partial = new BlockPartial(block.blockId(), u, gram, moved[0], moved[1],
        changes);
    timer.finish();
    return next.withPartial(partial);
  }

  /**
   * The block with its weights formed, {@code W = W(0) - X^T A} (W(0) drawn from the seed, then
   * 2 n d m flops), in the weights form and with the same partial; a block in the weights form
   * is returned as it is.
   *
   * @param x the training inputs the block stepped on, n x d column-major
   */
  public static NeuronBlock settle(NeuronBlock block, NetworkSpec spec, double[] x, int n) {
    if (!block.inSpanForm()) {
      return block;
    }
    int d = block.inputDim();
    double[] w = new double[Math.multiplyExact(d, block.count())];
    Initializer.fill(spec, d, block.firstNeuron(), block.count(), w, 0,
        new double[block.count()]);
    SpanKernels.weights(n, d, block.count(), x, w, block.span(), w);
    return new NeuronBlock(block.blockId(), block.firstNeuron(), block.count(), d,
        block.stepsApplied(), w, block.outputWeights(), null, null, null, null, block.partial(),
        null);
  }

  /**
   * {@link BlockStepper#outputsOn} for a block in the span form, without forming its weights:
   * {@code Z' = X' W(0) - (X' X^T) A} on the other rows X', 2 r m (d + n) flops for r rows
   * where forming W first would add 2 n d m.
   *
   * @param x the training inputs, n x d column-major
   * @param other the other inputs, rows x d column-major
   */
  public static double[] outputsOn(NeuronBlock block, NetworkSpec spec, double[] x, int n,
      double[] other, int rows) {
    if (!block.inSpanForm()) {
      return BlockStepper.outputsOn(block, spec, other, rows);
    }
    int d = block.inputDim();
    int mb = block.count();
    double[] cross = new double[Math.multiplyExact(rows, n)];
    SpanKernels.crossGram(rows, n, d, other, x, cross);
    int chunk = BlockStepper.chunkWidth(rows, mb);
    // X' W(0) of these rows: kept from an earlier call on the same rows, or drawn and
    // multiplied chunk by chunk here (and kept, for up to n rows, like Z(0)).
    OtherInitialOutputs holder = block.otherOutputs();
    double[] kept = holder == null ? null : holder.lookup(other, rows, d);
    double[] fresh = kept == null && holder != null && rows <= n
        ? new double[Math.multiplyExact(rows, mb)] : null;
    double[] z = new double[rows * chunk];
    double[] w0 = kept == null ? new double[d * chunk] : null;
    double[] ac = new double[chunk];
    double[] uChunk = new double[rows];
    double[] u = new double[rows];
    for (int j0 = 0; j0 < mb; j0 += chunk) {
      int c = Math.min(chunk, mb - j0);
      System.arraycopy(block.outputWeights(), j0, ac, 0, c);
      if (kept != null) {
        System.arraycopy(kept, j0 * rows, z, 0, rows * c);
      } else {
        Initializer.fill(spec, d, block.firstNeuron() + j0, c, w0, 0, new double[c]);
        BlockKernels.preActivations(rows, d, c, other, w0, 0, z);
        if (fresh != null) {
          System.arraycopy(z, 0, fresh, j0 * rows, rows * c);
        }
      }
      SpanKernels.subtractSpanOutputs(rows, n, c, cross, block.span(), j0 * n, z);
      BlockKernels.forward(Activation.RELU, rows, c, z, ac, uChunk);
      for (int i = 0; i < rows; i++) {
        u[i] += uChunk[i];
      }
    }
    if (!finite(u)) {
      NumericalFaults.check(block, settle(block, spec, x, n).weights(), Activation.RELU,
          spec.outputScale(), other, rows, u, null, NumericalFaults.Stage.PREDICTION);
    }
    if (fresh != null) {
      holder.remember(other, rows, d, fresh);
    }
    return u;
  }

  private static boolean finite(double[] v) {
    for (double e : v) {
      if (!Double.isFinite(e)) {
        return false;
      }
    }
    return true;
  }
}

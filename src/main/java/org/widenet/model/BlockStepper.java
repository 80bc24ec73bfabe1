package org.widenet.model;

import org.widenet.math.Activation;
import org.widenet.math.BlockKernels;
import org.widenet.math.MaskedRowSums;
import org.widenet.math.PackedSymmetric;

/**
 * The per-block contract of the neuron-partitioned engine, the same code on every engine:
 * given the broadcast data and the pending step, update my neurons, then return my additive
 * share of the outputs (and, if asked, of the Gram matrix).
 *
 * <p>Neurons are processed in chunks so the n x chunk work arrays stay cache- and heap-sized
 * whatever the block's width. The step needs phi'(Z) at the weights before the update: for
 * ReLU the forward pass keeps it as one bit per row and neuron (n m / 8 bytes, next to the
 * 8 d m of the weights), so an iteration costs the two products of the model, 4 n d m flops;
 * for exp2, phi' = exp(Z) would be n x m doubles, so Z is recomputed (6 n d m). ReLU's
 * gradient product, whose middle factor is that 0/1 mask, is taken as sums of the rows of
 * diag(s) X the mask selects ({@link MaskedRowSums}), in about 0.6 of the dgemm's time.
 */
public final class BlockStepper {
  /**
   * Target n * chunk doubles per work array: 256 KiB keeps Z and its derivative in L2 between
   * the products that make and consume them (measured ~40% faster than whole-block arrays).
   */
  private static final int WORK_DOUBLES = 1 << 15;
  /**
   * Fewest neurons per chunk, so the products stay large enough for BLAS to be efficient: at
   * (n, d) = (2000, 784) a step took 9.9 s with 64 and 8.4 s with 256 per 10^5 neurons (1024:
   * 8.3 s), and at (1000, 784) 256 was no slower than 64 (docs/bench).
   */
  private static final int MIN_CHUNK = 256;

  private BlockStepper() {}

  /**
   * Applies {@code step} (if not null) to a copy of the block's weights, then runs the forward
   * pass at the new weights.
   *
   * @param x the training inputs, n x d column-major (read only)
   * @param withGram whether to compute the packed Gram share C_b C_b^T
   * @return the new block, carrying its {@link NeuronBlock#partial()}
   * @throws NumericalFaultException when an output (or Gram entry) is not finite, e.g. when
   *     exp(w_r . x_i) overflows; the message names the block, neuron and row
   */
  public static NeuronBlock advance(NeuronBlock block, NetworkSpec spec, double[] x, int n,
      Step step, boolean withGram) {
    return advance(block, spec, x, n, step, withGram, false);
  }

  /**
   * Like {@link #advance}, but the step is written into the block's own weight array, so no
   * second copy of the weights exists at any time: the returned block shares that array, and
   * {@code block} must not be used afterwards. If this throws, the array may hold a partly
   * applied step; the caller must then rebuild the block (see the Spark engine's holders).
   */
  public static NeuronBlock advanceInPlace(NeuronBlock block, NetworkSpec spec, double[] x,
      int n, Step step, boolean withGram) {
    return advance(block, spec, x, n, step, withGram, true);
  }

  private static NeuronBlock advance(NeuronBlock block, NetworkSpec spec, double[] x, int n,
      Step step, boolean withGram, boolean inPlace) {
    if (block.inSpanForm() || (step != null && step.span() && block.stepsApplied() == 0
        && spec.family().activation() == Activation.RELU)) {
      return SpanStepper.advance(block, spec, x, n, step, withGram, inPlace);
    }
    int d = block.inputDim();
    int mb = block.count();
    StepTimer timer = StepTimer.start(block.blockId());
    Activation act = spec.family().activation();
    double scale = spec.outputScale();
    double[] a = block.outputWeights();
    double[] w = inPlace ? block.weights() : block.weights().clone();
    long[] pattern = block.initialPattern();
    boolean trackPattern = act == Activation.RELU;
    boolean buildPattern = trackPattern && pattern == null;
    int maskWords = (int) (((long) n * mb + 63) / 64);
    if (buildPattern) {
      pattern = new long[maskWords];
    }
    // ReLU keeps phi'(Z) of the forward pass as bits, so a step needs only X^T G, not X W
    // again: 4 n d m flops per iteration. A block that lost its mask (it was serialized, or
    // recomputed) takes the step from Z recomputed at the same weights: the same bits.
    long[] oldMask = act == Activation.RELU ? block.activeMask() : null;
    long[] newMask = act == Activation.RELU ? new long[maskWords] : null;

    int chunk = chunkWidth(n, mb);
    // ReLU steps read Y = diag(s) X, formed once per step for all chunks; a block that lost
    // its mask records each chunk's from Z recomputed at the same weights.
    double[] y = null;
    long[] chunkMask = null;
    if (step != null && act == Activation.RELU) {
      y = WorkBuffers.get(WorkBuffers.Y_ROWS, n * d);
      MaskedRowSums.scaledRows(n, d, x, step.s(), y);
      if (oldMask == null) {
        chunkMask = new long[(int) (((long) n * chunk + 63) / 64)];
      }
    }
    double[] aChunk = WorkBuffers.get(WorkBuffers.A_CHUNK, chunk);
    double[] z = WorkBuffers.get(WorkBuffers.Z, n * chunk);
    double[] work = WorkBuffers.get(WorkBuffers.WORK, n * chunk);
    double[] uChunk = WorkBuffers.get(WorkBuffers.U_CHUNK, n);
    // W(0) for the movement statistics: kept by the block, or drawn again chunk by chunk (into
    // the block's new kept copy when it starts keeping one now, else into a work array).
    double[] kept = block.initialWeights();
    boolean draw = kept == null;
    if (draw && KeptInitialWeights.keep(spec.width() * (d + 1L) * Double.BYTES)) {
      kept = new double[d * mb];
    }
    double[] w0 = kept != null ? kept : WorkBuffers.get(WorkBuffers.W0, d * chunk);
    double[] u = new double[n];
    double[] gramFull = withGram ? new double[n * n] : null;
    double[] moved = new double[2]; // the largest distance from W(0), the sum of squares
    long changes = 0;

    for (int j0 = 0; j0 < mb; j0 += chunk) {
      int c = Math.min(chunk, mb - j0);
      // The chunk's weights are read and stepped where they are, columns j0.. of w.
      int wo = j0 * d;
      double[] ac = c == chunk ? aChunk : new double[c];
      System.arraycopy(a, j0, ac, 0, c);
      if (step != null) {
        long mark = timer.now();
        if (oldMask != null) {
          BlockKernels.applyReluStep(n, d, c, y, oldMask, (long) j0 * n, ac, step.coef(), w,
              wo);
        } else if (y != null) {
          BlockKernels.preActivations(n, d, c, x, w, wo, z);
          mark = timer.forward(mark);
          java.util.Arrays.fill(chunkMask, 0L);
          BlockKernels.recordActive(n, c, z, chunkMask, 0);
          BlockKernels.applyReluStep(n, d, c, y, chunkMask, 0, ac, step.coef(), w, wo);
        } else {
          BlockKernels.preActivations(n, d, c, x, w, wo, z);
          mark = timer.forward(mark);
          BlockKernels.applyStep(act, n, d, c, x, z, ac, step.s(), step.coef(), w, wo, work);
        }
        timer.gradient(mark);
      }
      long mark = timer.now();
      BlockKernels.preActivations(n, d, c, x, w, wo, z);
      if (newMask != null) {
        BlockKernels.recordActive(n, c, z, newMask, (long) j0 * n);
      }
      BlockKernels.forward(act, n, c, z, ac, uChunk);
      for (int i = 0; i < n; i++) {
        u[i] += uChunk[i];
      }
      mark = timer.forward(mark);
      if (withGram) {
        BlockKernels.accumulateGramFull(act, n, c, z, ac, scale, gramFull, work);
        timer.gram(mark);
      }

      int w0o = kept != null ? wo : 0;
      if (draw) {
        Initializer.fill(spec, d, block.firstNeuron() + j0, c, w0, w0o, new double[c]);
      }
      BlockKernels.addMovement(d, c, w, wo, w0, w0o, moved);
      if (buildPattern) {
        // The signs of X W(0); work is free here (z keeps X W for the mask and outputs).
        BlockKernels.preActivations(n, d, c, x, w0, w0o, work);
        BlockKernels.recordActive(n, c, work, pattern, (long) j0 * n);
      }
    }
    if (trackPattern) {
      // newMask holds the signs of Z at the new weights, pattern those at W(0), bit for bit in
      // the same layout: the (row, neuron) pairs that changed are the set bits of their XOR.
      changes = BlockKernels.countDifferences(newMask, pattern, (long) n * mb);
    }
    int steps = block.stepsApplied() + (step == null ? 0 : 1);
    double[] gram = withGram ? PackedSymmetric.pack(n, gramFull) : null;
    NumericalFaults.check(block, w, act, scale, x, n, u, gram,
        steps == 0 ? NumericalFaults.Stage.INITIALIZATION : NumericalFaults.Stage.TRAINING);
    BlockPartial partial = new BlockPartial(block.blockId(), u, gram, moved[0], moved[1],
        changes);
    timer.finish();
    return new NeuronBlock(block.blockId(), block.firstNeuron(), mb, d, steps, w, a,
        trackPattern ? pattern : null, newMask, kept, partial);
  }

  /**
   * The number of neurons advance processes at once for a block of {@code count} neurons and
   * {@code rows} training rows: its BLAS calls multiply n x d by d x chunk (and the transpose),
   * and the Gram is a rank-chunk update. Even (unless the whole block is narrower), so the two
   * neurons of a symmetric pair always share a chunk and cancel exactly; at least 1.
   */
  public static int chunkWidth(int rows, int count) {
    int chunk = Math.max(MIN_CHUNK, WORK_DOUBLES / Math.max(rows, 1)) & ~1;
    return Math.max(1, Math.min(chunk, count));
  }

  /**
   * This block's unscaled share of the outputs on other inputs (e.g. a test set):
   * u_i = sum_r a_r phi(w_r . x_i) over the block's neurons. Changes nothing.
   *
   * @param x rows x d column-major inputs
   * @return a new array of length rows
   * @throws NumericalFaultException when an output is not finite (names block, neuron, row)
   */
  public static double[] outputsOn(NeuronBlock block, NetworkSpec spec, double[] x, int rows) {
    int d = block.inputDim();
    int mb = block.count();
    Activation act = spec.family().activation();
    int chunk = Math.max(1, Math.min(mb, Math.max(MIN_CHUNK, WORK_DOUBLES / Math.max(rows, 1))
        & ~1));
    double[] z = new double[rows * chunk];
    double[] wc = new double[d * chunk];
    double[] ac = new double[chunk];
    double[] uChunk = new double[rows];
    double[] u = new double[rows];
    for (int j0 = 0; j0 < mb; j0 += chunk) {
      int c = Math.min(chunk, mb - j0);
      System.arraycopy(block.weights(), j0 * d, wc, 0, d * c);
      System.arraycopy(block.outputWeights(), j0, ac, 0, c);
      BlockKernels.preActivations(rows, d, c, x, wc, z);
      BlockKernels.forward(act, rows, c, z, ac, uChunk);
      for (int i = 0; i < rows; i++) {
        u[i] += uChunk[i];
      }
    }
    NumericalFaults.check(block, block.weights(), act, spec.outputScale(), x, rows, u, null,
        NumericalFaults.Stage.PREDICTION);
    return u;
  }
}

package org.widenet.softmax;

import org.widenet.math.Blas;
import org.widenet.model.KeptInitialWeights;

/**
 * What a block does, on whichever engine holds it: apply the broadcast step in place, then
 * return its max-shifted sums at the new weights ({@link #advance}); and the read-only passes
 * at its current weights: sums on other inputs ({@link #evaluate}), its Gram share
 * ({@link #gramShare}) and its cross-Gram share ({@link #crossShare}).
 */
public final class BlockSteps {
  /** Neurons per tile of a block pass ({@link SoftmaxTiles#TILE}). */
  public static final int TILE = SoftmaxTiles.TILE;
  /** Keep the scores only while the weights are at least this many times larger. */
  private static final int KEEP_SCORES_RATIO = 16;

  private BlockSteps() {}

  /**
   * One pass over a block: the step (if any) written into the block's weight array, then the
   * forward pass at the new weights. The step's arithmetic does not depend on {@code evalRows},
   * so a replay with a forward pass over all rows gives these weights bit for bit.
   *
   * @param x the training inputs, n x d
   * @param step the update, or null for a forward pass at the current weights; a mini-batch
   *     step ({@link SoftmaxStep#batch}) steps on its rows only
   * @param evalRows the rows whose sums the pass returns (no scores cached), or null for all
   * @return a new block over the same arrays at the new weights, carrying its scores (when
   *     over all rows) and its partial; {@code block} must not be used again
   */
  public static SoftmaxBlock advance(SoftmaxBlock block, SoftmaxSpec spec, double[] x, int n,
      SoftmaxStep step, int[] evalRows) {
    int c = block.count();
    int d = block.inputDim();
    int k = block.outputs();
    double[] z = block.cachedScores();
    double[] w = block.weights();
    int steps = block.stepsApplied();
    if (step != null) {
      if (step.v() == null) {
        throw new IllegalArgumentException("a softmax2 update needs a step matrix");
      }
      // A mini-batch step works on the batch rows only: their inputs and scores.
      int[] batch = step.batch();
      double[] xs = batch == null ? x : gatherRows(x, n, d, batch);
      int rows = batch == null ? n : batch.length;
      SoftmaxTiles.step(xs, rows, d, w, block.signs(), c, k, batch == null ? z : null, step,
          spec.width());
      z = null;
      steps++;
    }
    double[][] sums;
    int outRows;
    if (evalRows == null) {
      outRows = n;
      // The scores are kept for the next step only while they are small next to the weights.
      double[] keep = keepScores(n, d) ? new double[n * c] : null;
      sums = SoftmaxTiles.sums(x, n, d, w, block.signs(), c, k, keep);
      z = keep;
    } else {
      outRows = evalRows.length;
      sums = SoftmaxTiles.sums(gatherRows(x, n, d, evalRows), outRows, d, w, block.signs(), c,
          k, null);
    }
    double[] w0 = block.initialWeights();
    boolean draw = w0 == null;
    if (draw && KeptInitialWeights.keep((long) spec.width() * (d + k) * Double.BYTES)) {
      w0 = new double[d * c];
    }
    double[] move = SoftmaxTiles.movement(spec, block.firstNeuron(), d, k, w, c, w0, draw);
    SoftmaxPartial partial = new SoftmaxPartial(block.blockId(), outRows, k, sums[0], sums[1],
        sums[2], null, move[0], move[1]);
    return new SoftmaxBlock(block.blockId(), block.firstNeuron(), c, d, k, steps, w,
        block.signs(), z, w0, partial);
  }

  /**
   * Whether a block keeps its scores on the n training rows between passes: only while they
   * are at most 1/{@value #KEEP_SCORES_RATIO} of its weights (n x count next to d x count), so
   * that the engine's heap stays within about 1.1 times the weights. Recomputed scores are the
   * same bits (the same tiles), so this changes time, not results.
   */
  public static boolean keepScores(int n, int d) {
    return (long) n * KEEP_SCORES_RATIO <= d;
  }

  /**
   * The block's share C C^T of the Jacobian Gram (packed, order nk, before the input factor)
   * at its current weights, from the normalizers {@code at} of those weights. Reads the block
   * only.
   */
  public static double[] gramShare(SoftmaxBlock block, SoftmaxSpec spec, double[] x, int n,
      SoftmaxStep at) {
    double[] coef = trainCoefficients(block, spec, x, n, at);
    return SoftmaxKernels.coefficientGram(coef, n * block.outputs(), block.count());
  }

  /**
   * The block's share of J J^T v without forming it: with C its coefficients (nk x c) and
   * s[i, r] = sum_l C[(l, i), r] v[(l, i)], the share is C[(l, i), r] (x_i . X^T s[:, r])
   * summed over r. O(n k c + n d c) flops.
   *
   * @param at the normalizers at the current weights and, as its v, the vector (n x k)
   */
  public static double[] gramTimes(SoftmaxBlock block, SoftmaxSpec spec, double[] x, int n,
      SoftmaxStep at) {
    int c = block.count();
    int k = block.outputs();
    int d = block.inputDim();
    int nk = n * k;
    double[] v = at.v();
    double[] coef = trainCoefficients(block, spec, x, n, at);
    double[] s = new double[n * c];
    for (int r = 0; r < c; r++) {
      for (int l = 0; l < k; l++) {
        int o = r * nk + l * n;
        for (int i = 0; i < n; i++) {
          s[r * n + i] += coef[o + i] * v[l * n + i];
        }
      }
    }
    double[] g = new double[d * c];
    double[] t = new double[n * c];
    double[] out = new double[nk];
    if (c == 0 || n == 0) {
      return out;
    }
    Blas.blas().dgemm("T", "N", d, c, n, 1.0, x, n, s, n, 0.0, g, d);
    Blas.blas().dgemm("N", "N", n, c, d, 1.0, x, n, g, d, 0.0, t, n);
    for (int r = 0; r < c; r++) {
      for (int l = 0; l < k; l++) {
        int o = r * nk + l * n;
        for (int i = 0; i < n; i++) {
          out[l * n + i] += coef[o + i] * t[r * n + i];
        }
      }
    }
    return out;
  }

  private static double[] trainCoefficients(SoftmaxBlock block, SoftmaxSpec spec, double[] x,
      int n, SoftmaxStep at) {
    int c = block.count();
    double[] z = block.cachedScores();
    if (z == null) {
      z = SoftmaxTiles.scores(x, n, block.inputDim(), block.weights(), c);
    }
    return SoftmaxKernels.coefficients(z, n, c, block.signs(), block.outputs(), at.logNorm(),
        at.aS(), spec.width());
  }

  /** Rows {@code rows} of x (n x d column-major), as a |rows| x d column-major array. */
  static double[] gatherRows(double[] x, int n, int d, int[] rows) {
    int b = rows.length;
    double[] out = new double[b * d];
    for (int q = 0; q < d; q++) {
      int o = q * n;
      int ob = q * b;
      for (int t = 0; t < b; t++) {
        out[ob + t] = x[o + rows[t]];
      }
    }
    return out;
  }

  /** The block's max-shifted sums on other inputs (rows x d), weights unchanged. */
  public static SoftmaxPartial evaluate(SoftmaxBlock block, double[] xOther, int rows) {
    double[][] sums = SoftmaxTiles.sums(xOther, rows, block.inputDim(), block.weights(),
        block.signs(), block.count(), block.outputs(), null);
    return new SoftmaxPartial(block.blockId(), rows, block.outputs(), sums[0], sums[1],
        sums[2], null, 0.0, 0.0);
  }

  /**
   * The block's share C_te C^T of the cross Jacobian Gram between other inputs and the
   * training inputs, at the current weights, (rows k) x (n k) column-major.
   */
  public static double[] crossShare(SoftmaxBlock block, SoftmaxSpec spec, double[] x, int n,
      SoftmaxStep train, double[] xTest, int rows, SoftmaxStep test) {
    int c = block.count();
    int k = block.outputs();
    double[] coef = trainCoefficients(block, spec, x, n, train);
    double[] zTest = SoftmaxTiles.scores(xTest, rows, block.inputDim(), block.weights(), c);
    double[] coefTest = SoftmaxKernels.coefficients(zTest, rows, c, block.signs(), k,
        test.logNorm(), test.aS(), spec.width());
    return SoftmaxKernels.crossCoefficientProduct(coefTest, rows * k, coef, n * k, c);
  }
}

package org.widenet.softmax;

/**
 * What a block does, on whichever engine holds it: apply the broadcast step in place, then
 * return its max-shifted sums at the new weights ({@link #advance}); and the read-only passes
 * at its current weights: sums on other inputs ({@link #evaluate}), its Gram share
 * ({@link #gramShare}) and its cross-Gram share ({@link #crossShare}).
 */
public final class BlockSteps {
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
      double[] zs = batch == null ? (z != null ? z : SoftmaxKernels.scores(x, n, d, w, c))
          : SoftmaxKernels.scores(xs, rows, d, w, c);
      double[] coef = SoftmaxKernels.coefficients(zs, rows, c, block.signs(), k,
          step.logNorm(), step.aS(), spec.width());
      double[] g = SoftmaxKernels.jacobianTransposeTimes(xs, rows, d, coef, c, k, step.v());
      for (int p = 0; p < w.length; p++) {
        w[p] -= step.eta() * g[p];
      }
      z = null;
      steps++;
    }
    double[][] sums;
    int outRows;
    if (evalRows == null) {
      if (z == null) {
        z = SoftmaxKernels.scores(x, n, d, w, c);
      }
      sums = SoftmaxKernels.shiftedSums(z, n, c, block.signs(), k);
      outRows = n;
    } else {
      outRows = evalRows.length;
      double[] ze = SoftmaxKernels.scores(gatherRows(x, n, d, evalRows), outRows, d, w, c);
      sums = SoftmaxKernels.shiftedSums(ze, outRows, c, block.signs(), k);
    }
    double[] move = movement(block, spec, w);
    SoftmaxPartial partial = new SoftmaxPartial(block.blockId(), outRows, k, sums[0], sums[1],
        sums[2], null, move[0], move[1]);
    return new SoftmaxBlock(block.blockId(), block.firstNeuron(), c, d, k, steps, w,
        block.signs(), z, partial);
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

  private static double[] trainCoefficients(SoftmaxBlock block, SoftmaxSpec spec, double[] x,
      int n, SoftmaxStep at) {
    int c = block.count();
    double[] z = block.cachedScores();
    if (z == null) {
      z = SoftmaxKernels.scores(x, n, block.inputDim(), block.weights(), c);
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
    double[] z = SoftmaxKernels.scores(xOther, rows, block.inputDim(), block.weights(),
        block.count());
    double[][] sums = SoftmaxKernels.shiftedSums(z, rows, block.count(), block.signs(),
        block.outputs());
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
    double[] zTest = SoftmaxKernels.scores(xTest, rows, block.inputDim(), block.weights(), c);
    double[] coefTest = SoftmaxKernels.coefficients(zTest, rows, c, block.signs(), k,
        test.logNorm(), test.aS(), spec.width());
    return SoftmaxKernels.crossCoefficientProduct(coefTest, rows * k, coef, n * k, c);
  }

  /** {max_r ||w_r - w_r(0)||, sum_r ||w_r - w_r(0)||^2} with w(0) rebuilt from the seed. */
  private static double[] movement(SoftmaxBlock block, SoftmaxSpec spec, double[] w) {
    int c = block.count();
    int d = block.inputDim();
    double[] w0 = new double[d * c];
    SoftmaxInit.fill(spec, d, block.firstNeuron(), c, w0, new double[block.outputs() * c]);
    double max = 0.0;
    double total = 0.0;
    for (int j = 0; j < c; j++) {
      double s = 0.0;
      for (int q = 0; q < d; q++) {
        double diff = w[j * d + q] - w0[j * d + q];
        s += diff * diff;
      }
      max = Math.max(max, Math.sqrt(s));
      total += s;
    }
    return new double[] {max, total};
  }
}

package org.widenet.softmax;

/**
 * What a block does in one pass, shared by the local and the Spark engine: apply the broadcast
 * step, then return its max-shifted sums at the new weights (and, if asked, its Gram share at
 * the weights before the step).
 */
public final class BlockSteps {
  private BlockSteps() {}

  /**
   * One pass over a block.
   *
   * @param x the training inputs, n x d
   * @param state the broadcast state, or null for a forward pass at the current weights; a
   *     mini-batch state ({@link StepState#batch}) steps on its rows only, and a state with
   *     {@link StepState#evalRows} returns the sums on those rows only (no scores cached)
   * @return a new block at the new weights, carrying its scores (when over all rows) and its
   *     partial
   */
  public static SoftmaxBlock advance(SoftmaxBlock block, SoftmaxSpec spec, double[] x, int n,
      StepState state) {
    int c = block.count();
    int d = block.inputDim();
    int k = block.outputs();
    int[] batch = state == null ? null : state.batch();
    int[] evalRows = state == null ? null : state.evalRows();
    double[] z = block.cachedScores();
    double[] w = block.weights();
    double[] gram = null;
    if (state != null && (state.withGram() || state.v() != null)) {
      // A mini-batch step works on the batch rows only: their inputs and scores.
      double[] xs = batch == null ? x : gatherRows(x, n, d, batch);
      int rows = batch == null ? n : batch.length;
      double[] zs = batch == null ? (z != null ? z : SoftmaxKernels.scores(x, n, d, w, c))
          : SoftmaxKernels.scores(xs, rows, d, w, c);
      if (batch == null) {
        z = zs;
      }
      double[] coef = SoftmaxKernels.coefficients(zs, rows, c, block.signs(), k,
          state.logNorm(), state.aS(), spec.width());
      if (state.withGram()) {
        if (batch != null) {
          throw new IllegalArgumentException("Gram shares are over all rows, not a batch");
        }
        gram = SoftmaxKernels.coefficientGram(coef, n * k, c);
      }
      if (state.v() != null) {
        double[] g = SoftmaxKernels.jacobianTransposeTimes(xs, rows, d, coef, c, k, state.v());
        w = w.clone();
        for (int p = 0; p < w.length; p++) {
          w[p] -= state.eta() * g[p];
        }
        z = null;
      }
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
        sums[2], gram, move[0], move[1]);
    return new SoftmaxBlock(block.blockId(), block.first(), c, d, k, w, block.signs(), z,
        partial);
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
      StepState train, double[] xTest, int rows, StepState test) {
    int c = block.count();
    int d = block.inputDim();
    int k = block.outputs();
    double[] z = block.cachedScores();
    if (z == null) {
      z = SoftmaxKernels.scores(x, n, d, block.weights(), c);
    }
    double[] coef = SoftmaxKernels.coefficients(z, n, c, block.signs(), k, train.logNorm(),
        train.aS(), spec.width());
    double[] zTest = SoftmaxKernels.scores(xTest, rows, d, block.weights(), c);
    double[] coefTest = SoftmaxKernels.coefficients(zTest, rows, c, block.signs(), k,
        test.logNorm(), test.aS(), spec.width());
    return SoftmaxKernels.crossCoefficientProduct(coefTest, rows * k, coef, n * k, c);
  }

  /** {max_r ||w_r - w_r(0)||, sum_r ||w_r - w_r(0)||^2} with w(0) rebuilt from the seed. */
  private static double[] movement(SoftmaxBlock block, SoftmaxSpec spec, double[] w) {
    int c = block.count();
    int d = block.inputDim();
    double[] w0 = new double[d * c];
    SoftmaxInit.fill(spec, d, block.first(), c, w0, new double[block.outputs() * c]);
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

package org.widenet.smooth;

/**
 * What one task does to its block per engine pass ({@link SmoothSpec#advance}): apply the
 * pending step (if any) in place, then run the forward pass on the rows the driver asked for,
 * with the Gram shares when asked. The same arithmetic whether first run or replayed.
 */
public final class SmoothStepper {
  /** Keep Z for the next step only while it takes at most this many doubles (64 MiB). */
  private static final long KEEP_Z_DOUBLES = 8L << 20;

  private SmoothStepper() {}

  /**
   * @param x all training inputs, n x d0 column-major
   * @param step the update to apply first, or null
   * @param evalRows the rows to return outputs for, or null for all n (in order)
   * @param withGram also return the Gram shares (needs evalRows == null)
   * @return the block after the step, sharing {@code block}'s w and v arrays (the step is
   *     written into them: use the returned block, never {@code block} again), its
   *     {@link SmoothBlock#partial()} set
   */
  public static SmoothBlock advance(SmoothBlock block, SmoothSpec spec, double[] x, int n,
      SmoothStep step, int[] evalRows, boolean withGram) {
    if (withGram && evalRows != null) {
      throw new IllegalArgumentException("the Gram shares need every row");
    }
    int d0 = spec.d0();
    int k = spec.k();
    int count = block.count();
    double[] w = block.w();
    double[] v = block.v();
    int steps = block.stepsApplied();
    if (step != null) {
      double[] xb = step.rows() == null ? x : SmoothKernels.gatherRows(x, n, d0, step.rows());
      int rows = step.rows() == null ? n : step.rows().length;
      // Z of the previous forward pass when it was on exactly these rows: the same product,
      // so the same bits as recomputing it.
      double[] z = block.preactivations() != null
          && java.util.Arrays.equals(block.preactivationRows(), step.rows())
          ? block.preactivations() : null;
      SmoothKernels.gradientStep(spec.activation(), xb, rows, d0, w, v, count, k,
          step.residual(), step.eta(), z);
      steps++;
    }
    double[] xe = evalRows == null ? x : SmoothKernels.gatherRows(x, n, d0, evalRows);
    int rows = evalRows == null ? n : evalRows.length;
    double[] z = SmoothKernels.preactivations(xe, rows, d0, w, count);
    double[] p = SmoothKernels.apply(spec.activation(), z);
    double[] out = SmoothKernels.outputs(p, rows, count, v, k);
    double[] jacobian = null;
    double[] phi = null;
    double[] vv = null;
    if (withGram) {
      jacobian = SmoothKernels.jacobianShare(SmoothKernels.derivative(spec.activation(), z), n,
          count, v, k);
      phi = SmoothKernels.syrk(n, count, p);
      vv = SmoothKernels.syrk(k, count, v);
    }
    // The initial weights neuron by neuron (a function of seed and neuron only), so no second
    // copy of the block's weights is held.
    double[] w0 = new double[d0];
    double[] v0 = new double[k];
    double moveW = 0.0;
    double moveV = 0.0;
    double maxMove = 0.0;
    for (int j = 0; j < count; j++) {
      SmoothInitializer.fill(spec, block.firstNeuron() + j, 1, w0, v0);
      double sw = 0.0;
      for (int i = 0; i < d0; i++) {
        double diff = w[j * d0 + i] - w0[i];
        sw += diff * diff;
      }
      double sv = 0.0;
      for (int i = 0; i < k; i++) {
        double diff = v[j * k + i] - v0[i];
        sv += diff * diff;
      }
      moveW += sw;
      moveV += sv;
      maxMove = Math.max(maxMove, Math.sqrt(sw + sv));
    }
    SmoothPartial partial = new SmoothPartial(block.blockId(), out, jacobian, phi, vv, moveW,
        moveV, maxMove);
    boolean keep = (long) rows * count <= KEEP_Z_DOUBLES;
    return new SmoothBlock(block.blockId(), block.firstNeuron(), count, steps, w, v, partial,
        keep ? z : null, keep ? evalRows : null);
  }

  /** The block's outputs phi(X W_b^T) V_b^T on other inputs (rows x d0), rows x k. */
  public static double[] outputsOn(SmoothBlock block, SmoothSpec spec, double[] x, int rows) {
    double[] z = SmoothKernels.preactivations(x, rows, spec.d0(), block.w(), block.count());
    return SmoothKernels.outputs(SmoothKernels.apply(spec.activation(), z), rows, block.count(),
        block.v(), spec.k());
  }
}

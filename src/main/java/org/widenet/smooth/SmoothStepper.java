package org.widenet.smooth;

import org.widenet.math.Blas;
import org.widenet.math.PackedSymmetric;
import org.widenet.math.SplitMixStream;
import org.widenet.model.KeptInitialWeights;
import org.widenet.model.WorkBuffers;

/**
 * What one task does to its block per engine pass ({@link SmoothSpec#advance}): apply the
 * pending step (if any) in place, then run the forward pass on the rows the driver asked for,
 * with the Gram shares when asked. The same arithmetic whether first run or replayed.
 */
public final class SmoothStepper {
  /** Keep Z for the next step only while W_b^T is at least this many times larger. */
  private static final int KEEP_Z_RATIO = 16;

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
    boolean keep = keepPreactivations(rows, d0);
    double[] z = keep ? new double[rows * count] : null;
    double[][] grams = withGram ? new double[3][] : null;
    double[] out = forward(spec.activation(), xe, rows, d0, w, v, count, k, z, grams);
    double[] jacobian = withGram ? grams[0] : null;
    double[] phi = withGram ? grams[1] : null;
    double[] vv = withGram ? grams[2] : null;
    // The initial weights neuron by neuron (a function of seed and neuron only): kept by the
    // block (w_r(0) then v_r(0) for each neuron) where KeptInitialWeights allows, else drawn
    // again here, so no second copy of the block's weights is held.
    double[] kept = block.initialWeights();
    boolean draw = kept == null;
    int per = d0 + k;
    if (draw && KeptInitialWeights.keep(spec.width() * per * (long) Double.BYTES)) {
      kept = new double[per * count];
    }
    double[] w0 = draw ? new double[d0] : null;
    double[] v0 = draw ? new double[k] : null;
    SplitMixStream rng = draw ? new SplitMixStream(0L) : null;
    double moveW = 0.0;
    double moveV = 0.0;
    double maxMove = 0.0;
    for (int j = 0; j < count; j++) {
      if (draw) {
        SmoothInitializer.fill(spec, block.firstNeuron() + j, 1, w0, v0, rng);
        if (kept != null) {
          System.arraycopy(w0, 0, kept, j * per, d0);
          System.arraycopy(v0, 0, kept, j * per + d0, k);
        }
      }
      // Neuron j's w_r(0) and v_r(0): just drawn, or where the block keeps them.
      double[] wFrom = draw ? w0 : kept;
      double[] vFrom = draw ? v0 : kept;
      int wo = draw ? 0 : j * per;
      int vo = draw ? 0 : j * per + d0;
      double sw = 0.0;
      for (int i = 0; i < d0; i++) {
        double diff = w[j * d0 + i] - wFrom[wo + i];
        sw += diff * diff;
      }
      double sv = 0.0;
      for (int i = 0; i < k; i++) {
        double diff = v[j * k + i] - vFrom[vo + i];
        sv += diff * diff;
      }
      moveW += sw;
      moveV += sv;
      maxMove = Math.max(maxMove, Math.sqrt(sw + sv));
    }
    SmoothPartial partial = new SmoothPartial(block.blockId(), out, jacobian, phi, vv, moveW,
        moveV, maxMove);
    return new SmoothBlock(block.blockId(), block.firstNeuron(), count, steps, w, v, partial,
        keep ? z : null, keep ? evalRows : null, kept);
  }

  /**
   * Whether a block keeps Z = X_R W_b^T (rows x count) for the next step: only while it is at
   * most 1/{@value #KEEP_Z_RATIO} of W_b^T (d0 x count), so that the engine's heap stays within
   * about 1.1 times the weights. Z recomputed is the same bits (the same tiles), so this
   * changes time, not results.
   */
  public static boolean keepPreactivations(int rows, int d0) {
    return (long) rows * KEEP_Z_RATIO <= d0;
  }

  /**
   * The forward pass phi(X W_b^T) V_b^T (rows x k, a new array) in tiles of
   * {@link SmoothKernels#TILE} neurons: per tile Z, P = phi(Z) and out += P V_t^T, so the work
   * arrays are rows x TILE (nk x TILE with the Gram).
   *
   * @param keep a rows x count array to leave Z in, or null
   * @param grams null, or filled with the packed shares {C C^T (nk), P P^T (rows), V V^T (k)}
   *     of {@link SmoothKernels#jacobianShare} and {@link SmoothKernels#syrk}
   */
  static double[] forward(SmoothActivation act, double[] x, int rows, int d0, double[] w,
      double[] v, int count, int k, double[] keep, double[][] grams) {
    double[] out = new double[rows * k];
    int nk = rows * k;
    double[] jacobian = grams != null ? new double[nk * nk] : null;
    double[] phi = grams != null ? new double[rows * rows] : null;
    double[] vv = grams != null ? new double[k * k] : null;
    int tile = Math.max(1, Math.min(SmoothKernels.TILE, count));
    // This thread's work arrays, reused across tiles, blocks and passes (each written first).
    double[] zTile = keep == null ? WorkBuffers.tile(WorkBuffers.TILE_Z, rows * tile) : null;
    double[] p = WorkBuffers.tile(WorkBuffers.TILE_P, rows * tile);
    double[] c = grams != null ? WorkBuffers.tile(WorkBuffers.TILE_JACOBIAN, nk * tile) : null;
    for (int j0 = 0; rows > 0 && j0 < count; j0 += tile) {
      int tc = Math.min(tile, count - j0);
      double[] z = keep != null ? keep : zTile;
      int oz = keep != null ? j0 * rows : 0;
      SmoothKernels.preactivations(x, rows, d0, w, j0, tc, z, oz);
      for (int i = 0; i < rows * tc; i++) {
        p[i] = act.value(z[oz + i]);
      }
      Blas.blas().dgemm("N", "T", rows, k, tc, 1.0, p, 0, rows, v, j0 * k, k, 1.0, out, 0,
          rows);
      if (grams != null) {
        for (int j = 0; j < tc; j++) {
          for (int o = 0; o < k; o++) {
            double vo = v[o + k * (j0 + j)];
            int to = j * nk + o * rows;
            int from = oz + j * rows;
            for (int i = 0; i < rows; i++) {
              c[to + i] = vo * act.derivative(z[from + i]);
            }
          }
        }
        Blas.blas().dsyrk("U", "N", nk, tc, 1.0, c, 0, nk, 1.0, jacobian, 0, nk);
        Blas.blas().dsyrk("U", "N", rows, tc, 1.0, p, 0, rows, 1.0, phi, 0, rows);
        Blas.blas().dsyrk("U", "N", k, tc, 1.0, v, j0 * k, k, 1.0, vv, 0, k);
      }
    }
    if (grams != null) {
      grams[0] = PackedSymmetric.pack(nk, jacobian);
      grams[1] = PackedSymmetric.pack(rows, phi);
      grams[2] = PackedSymmetric.pack(k, vv);
    }
    return out;
  }

  /** The block's outputs phi(X W_b^T) V_b^T on other inputs (rows x d0), rows x k. */
  public static double[] outputsOn(SmoothBlock block, SmoothSpec spec, double[] x, int rows) {
    return forward(spec.activation(), x, rows, spec.d0(), block.w(), block.v(), block.count(),
        spec.k(), null, null);
  }
}

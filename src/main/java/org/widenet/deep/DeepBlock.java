package org.widenet.deep;

import org.widenet.math.Blas;
import org.widenet.math.PackedGram;
import org.widenet.math.PackedSymmetric;
import org.widenet.model.BlockLayout;
import org.widenet.model.WorkBuffers;

/**
 * Rows [first, first + count) of the trained last layer, in the low-rank form of the paper's
 * Appendix C specialized to last-layer training: since v_i = h_{i,L-1} never changes, every
 * Gauss-Newton step -sum_i g_i u_i v_i^T adds to W_L a matrix of the form C V^T, so the block
 * keeps W_L(t) = W_L(0) + C_b V^T as
 * <ul>
 *   <li>g0 = W_L(0)_b V (count x n), the pre-activations at initialization, computed once;
 *   <li>c = C_b (count x n), the accumulated coefficients, starting at 0;
 *   <li>u = D_{i,L} a restricted to the block's rows (count x n) from the last forward pass:
 *       a function of c, so null until the first forward pass after the block was generated or
 *       read from a block file, and recomputed from c (the same bits) when a step needs it.
 * </ul>
 * The forward pass is z = g0 + C_b (V^T V): O(count n^2) per iteration, linear in m, and a
 * dense W_L is never rebuilt. All matrices are column-major, column i for training point i.
 *
 * <p>{@link #advance} writes the step into c and the new u into u's array, in place: the
 * returned block shares the arrays, and the block it was called on must not be used again
 * ({@link org.widenet.model.Family#advance}). A plain class (not a record) so that Kryo can
 * cache and ship it; the partial is transient.
 */
public final class DeepBlock implements LastLayerFamily.Rows {
  private static final String NO = "N";
  /** Rows per tile of {@link #gramTimes}: a fixed constant, so its sums are the same bits. */
  private static final int GRAM_TILE = 256;

  private final int blockId;
  private final long first;
  private final int count;
  private final int n;
  private final int steps;
  private final double[] a;
  private final double[] g0;
  private final double[] c;
  private final double[] u;
  private transient DeepPartial partial;

  private DeepBlock(int blockId, long first, int count, int n, int steps, double[] a,
      double[] g0, double[] c, double[] u, DeepPartial partial) {
    this.blockId = blockId;
    this.first = first;
    this.count = count;
    this.n = n;
    this.steps = steps;
    this.a = a;
    this.g0 = g0;
    this.c = c;
    this.u = u;
    this.partial = partial;
  }

  /** Block b of {@code layout} at initialization: its rows of a and of W_L(0) V, from the seed. */
  public static DeepBlock initial(DeepSpec spec, BlockLayout layout, int b, SparseColumns v) {
    long first = layout.start(b);
    int count = layout.count(b);
    double[] a = new double[count];
    for (int j = 0; j < count; j++) {
      a[j] = DeepWeights.sign(spec, first + j);
    }
    double[] g0 = LayerPass.preActivations(spec, spec.depth(), first, count, v);
    int n = v.cols();
    return new DeepBlock(b, first, count, n, 0, a, g0, new double[count * n], null, null);
  }

  /**
   * A block from its state (a block file): a (count), g0 and c (count x n each), kept by
   * reference. u is recomputed from c when needed.
   */
  static DeepBlock restore(int blockId, long first, int count, int n, int steps, double[] a,
      double[] g0, double[] c) {
    if (a.length != count || g0.length != (long) count * n || c.length != (long) count * n) {
      throw new IllegalStateException("a deep-last block of " + count + " rows and " + n
          + " points needs " + count + " + 2 x " + (long) count * n + " numbers");
    }
    return new DeepBlock(blockId, first, count, n, steps, a, g0, c, null, null);
  }

  @Override
  public int blockId() {
    return blockId;
  }

  @Override
  public long firstNeuron() {
    return first;
  }

  @Override
  public int count() {
    return count;
  }

  /** n, the training points (columns of g0, c and u). */
  public int points() {
    return n;
  }

  /** Steps applied so far. */
  @Override
  public int stepsApplied() {
    return steps;
  }

  /** C_b (count x n), read only. */
  public double[] coefficients() {
    return c;
  }

  /** W_L(0)_b V (count x n), the pre-activations at initialization, read only. */
  public double[] initialPreActivations() {
    return g0;
  }

  /**
   * u_i = D_{i,L} a on the block's rows from the last forward pass (count x n), read only;
   * null before the first forward pass of a generated or read block.
   */
  public double[] u() {
    return u;
  }

  /** a on the block's rows, read only. */
  public double[] signs() {
    return a;
  }

  /** The partial of the last {@link #advance}; null after the block was deserialized. */
  @Override
  public DeepPartial partial() {
    return partial;
  }

  /**
   * Applies the step (C_b[:, i] -= g_i u_i on the block's rows; the sign of
   * docs/models/deep-last.md, Notes on the paper, item 1) in place, when one is given, then runs the forward pass at the new weights, writing the
   * new u into u's array.
   *
   * @param step g (n) or null for none
   * @param kv V^T V, n x n column-major
   * @param gram whether to return U_b^T U_b
   * @param sketch the sketch whose left part to return, or null
   * @return the block after the step, sharing this block's arrays (use it, not this one)
   */
  public DeepBlock advance(DeepSpec spec, double[] step, double[] kv, boolean gram,
      SketchRequest sketch) {
    double[] mask = u;
    int applied = steps;
    if (step != null) {
      if (mask == null) {
        mask = outputsAtCurrentWeights(spec, kv);
      }
      for (int i = 0; i < n; i++) {
        double gi = step[i];
        for (int r = 0; r < count; r++) {
          c[r + i * count] -= gi * mask[r + i * count];
        }
      }
      applied++;
    }
    double[] uNext = mask != null ? mask : new double[count * n];
    DeepPartial p = forward(spec, c, kv, gram, sketch, uNext);
    return new DeepBlock(blockId, first, count, n, applied, a, g0, c, uNext, p);
  }

  /** u at the current c, as the last forward pass computed it (a new array). */
  private double[] outputsAtCurrentWeights(DeepSpec spec, double[] kv) {
    double[] out = new double[count * n];
    forward(spec, c, kv, false, null, out);
    return out;
  }

  /**
   * The forward pass at coefficients {@code coef}, writing u into {@code uOut}. C V^T V is
   * first written into uOut itself (no count x n temporary): the movement loop reads it, then
   * each entry is read once more and overwritten with its u, in one pass.
   */
  private DeepPartial forward(DeepSpec spec, double[] coef, double[] kv, boolean gram,
      SketchRequest sketch, double[] uOut) {
    double tau = spec.tau();
    double scale = spec.scale();
    double shift = spec.shifted() ? tau : 0.0;
    double[] ck = uOut;
    if (count > 0 && n > 0) {
      Blas.blas().dgemm(NO, NO, count, n, n, 1.0, coef, count, kv, n, 0.0, ck, count);
    }
    double maxMove = 0;
    for (int r = 0; r < count; r++) {
      double s = 0;
      for (int i = 0; i < n; i++) {
        s += coef[r + i * count] * ck[r + i * count];
      }
      maxMove = Math.max(maxMove, s);
    }
    double[] f = new double[n];
    long active = 0;
    for (int i = 0; i < n; i++) {
      double fi = 0;
      for (int r = 0; r < count; r++) {
        int k = r + i * count;
        double z = g0[k] + ck[k];
        if (z > tau) {
          fi += a[r] * scale * (z - shift);
          uOut[k] = scale * a[r];
          active++;
        } else {
          uOut[k] = 0.0;
        }
      }
      f[i] = fi;
    }
    double[] uu = null;
    if (gram) {
      // Straight into the packed result, panel by panel through the thread's work array: no
      // n x n temporary (n^2 doubles of humongous garbage per block pass at n = 1000).
      uu = new double[PackedSymmetric.packedLength(n)];
      PackedGram.upperOfColumns(n, count, uOut, uu,
          WorkBuffers.tile(WorkBuffers.TILE_Z, PackedGram.workLength(n)));
    }
    double[] left = null;
    if (sketch != null) {
      left = new double[sketch.size() * n];
      sketch.sketcher().addLeft(first, count, n, uOut, left);
    }
    return new DeepPartial(blockId, f, uu, maxMove, active, left);
  }

  /**
   * The block's share of G x for the Gram G = (U U^T) o (V^T V) at the current weights:
   * (G x)_i = sum_r u_{r,i} sum_j u_{r,j} x_j (V^T V)_{ji}, in O(count n^2).
   */
  @Override
  public double[] gramTimes(DeepSpec spec, double[] kv, double[] x) {
    double[] u = this.u != null ? this.u : outputsAtCurrentWeights(spec, kv);
    // Rows in tiles of GRAM_TILE: the work arrays are GRAM_TILE x n, not count x n, and the
    // thread's, reused across blocks and products (each written first).
    int tile = Math.min(GRAM_TILE, count);
    double[] ux = WorkBuffers.tile(WorkBuffers.TILE_Z, tile * n);
    double[] t = WorkBuffers.tile(WorkBuffers.TILE_P, tile * n);
    double[] out = new double[n];
    for (int r0 = 0; r0 < count; r0 += tile) {
      int tc = Math.min(tile, count - r0);
      for (int j = 0; j < n; j++) {
        for (int r = 0; r < tc; r++) {
          ux[r + j * tc] = u[r0 + r + j * count] * x[j];
        }
      }
      Blas.blas().dgemm(NO, NO, tc, n, n, 1.0, ux, tc, kv, n, 0.0, t, tc);
      for (int i = 0; i < n; i++) {
        double s = out[i];
        for (int r = 0; r < tc; r++) {
          s += u[r0 + r + i * count] * t[r + i * tc];
        }
        out[i] = s;
      }
    }
    return out;
  }
}

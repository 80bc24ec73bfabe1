package org.widenet.math;

/**
 * The matrix-free Jacobian-Gram product of a block of neurons, {@code out += J_b (J_b^T v)}, for
 * a two-layer network f(x) = scale * sum_r a_r phi(w_r . x) and J_b the n x (d mb) Jacobian with
 * respect to the block's input weights. With D the n x mb matrix d_ir = scale a_r phi'(z_ir),
 * Z = X W:
 *
 * <pre>
 *   (J_b J_b^T v)_i = sum_j v_j (x_i . x_j) sum_r d_ir d_jr = sum_k x_ik (D (D^T (x_k o v)))_i,
 * </pre>
 *
 * so one product is G = D^T V (V = X o v, n x d), Q = D G and out_i += sum_k x_ik q_ik: two
 * dgemms of 2 n d mb flops, and the only n x mb element-wise work is forming D. For ReLU,
 * d_ir = scale a_r b_ir with b_ir in {0, 1} (z_ir &gt; 0), read from the activation mask the
 * block's last forward pass kept or from Z formed tile by tile; D itself is never stored:
 * G = B^T V and Q = B (diag(scale a)^2 G) are accumulated over tiles of {@link #tileRows} rows
 * whose 0/1 values are written twice, each time in cache. Both sources of B give the same bits.
 * Other activations form D per chunk of neurons (n x chunk) from Z. Neurons go in chunks of at
 * most {@link #CHUNK}; all matrices are column-major; the arithmetic is in a fixed order, so
 * the same inputs give the same bits.
 */
public final class GramTimesKernel {
  /** Most neurons per chunk: G is chunk x d. */
  static final int CHUNK = 128;
  /** Doubles per tile of B or Z: 256 KB, so a task's tiles stay in a core's L2. */
  static final int TILE_DOUBLES = 1 << 15;
  private static final long ONE_BITS = Double.doubleToRawLongBits(1.0);

  private GramTimesKernel() {}

  /** Rows per tile for chunks of c neurons: about TILE_DOUBLES / c, at least 16, at most n. */
  static int tileRows(int n, int c) {
    return Math.max(1, Math.min(n, Math.max(16, TILE_DOUBLES / Math.max(c, 1))));
  }

  /**
   * Adds the block's {@code J_b (J_b^T v)} to {@code out}.
   *
   * @param act the activation
   * @param n rows of X
   * @param d features
   * @param mb neurons in the block
   * @param x X, n x d column-major, read only
   * @param w the block's W, d x mb column-major, read only (not read when {@code mask} is
   *     given)
   * @param a the block's output weights, length mb, read only
   * @param scale the output scale
   * @param mask for ReLU, the block's activation bits (bit r n + i set when z_ir &gt; 0), or
   *     null to form Z from W
   * @param v length n, read only
   * @param out length n, added to
   * @throws IllegalArgumentException on a mask for another activation than ReLU, or an array
   *     too short for the dimensions
   */
  public static void accumulate(Activation act, int n, int d, int mb, double[] x, double[] w,
      double[] a, double scale, long[] mask, double[] v, double[] out) {
    boolean relu = act == Activation.RELU;
    if (mask != null && !relu) {
      throw new IllegalArgumentException("an activation mask stands for phi' only for ReLU");
    }
    int nd = Checks.size("n", n, "d", d);
    Checks.length("x", x, nd);
    Checks.length("v", v, n);
    Checks.length("out", out, n);
    Checks.length("a", a, mb);
    if (mask == null) {
      Checks.length("w", w, Checks.size("d", d, "mb", mb));
    } else if (((long) n * mb + 63) / 64 > mask.length) {
      throw new IllegalArgumentException("mask has " + mask.length + " words, too few for "
          + n + " x " + mb + " bits");
    }
    if (n == 0 || d == 0 || mb == 0) {
      return;
    }
    int chunk = Math.min(mb, CHUNK);
    int tile = tileRows(n, chunk);
    double[] xv = new double[nd];
    for (int k = 0; k < d; k++) {
      int o = k * n;
      for (int i = 0; i < n; i++) {
        xv[o + i] = x[o + i] * v[i];
      }
    }
    double[] q = new double[nd];
    double[] g = new double[chunk * d];
    double[] b = new double[tile * chunk];
    double[] z = mask == null ? new double[tile * chunk] : null;
    double[] dAll = relu ? null : new double[Checks.size("n", n, "chunk", chunk)];
    for (int j0 = 0; j0 < mb; j0 += chunk) {
      int c = Math.min(chunk, mb - j0);
      if (relu) {
        for (int i0 = 0; i0 < n; i0 += tile) {
          int t = Math.min(tile, n - i0);
          activeTile(mask, x, w, n, d, c, j0, i0, t, z, b);
          Blas.blas().dgemm("T", "N", c, d, t, 1.0, b, 0, t, xv, i0, n, i0 == 0 ? 0.0 : 1.0, g,
              0, c);
        }
        for (int r = 0; r < c; r++) {
          double f = scale * a[j0 + r];
          double f2 = f * f;
          for (int k = 0; k < d; k++) {
            g[r + k * c] *= f2;
          }
        }
        for (int i0 = 0; i0 < n; i0 += tile) {
          int t = Math.min(tile, n - i0);
          activeTile(mask, x, w, n, d, c, j0, i0, t, z, b);
          Blas.blas().dgemm("N", "N", t, d, c, 1.0, b, 0, t, g, 0, c, 1.0, q, i0, n);
        }
      } else {
        for (int i0 = 0; i0 < n; i0 += tile) {
          int t = Math.min(tile, n - i0);
          Blas.blas().dgemm("N", "N", t, c, d, 1.0, x, i0, n, w, j0 * d, d, 0.0, z, 0, t);
          for (int r = 0; r < c; r++) {
            double f = scale * a[j0 + r];
            int o = r * t;
            int od = r * n + i0;
            for (int i = 0; i < t; i++) {
              dAll[od + i] = f * act.derivative(z[o + i]);
            }
          }
        }
        Blas.blas().dgemm("T", "N", c, d, n, 1.0, dAll, 0, n, xv, 0, n, 0.0, g, 0, c);
        Blas.blas().dgemm("N", "N", n, d, c, 1.0, dAll, 0, n, g, 0, c, 1.0, q, 0, n);
      }
    }
    for (int k = 0; k < d; k++) {
      int o = k * n;
      for (int i = 0; i < n; i++) {
        out[i] += x[o + i] * q[o + i];
      }
    }
  }

  /**
   * b := the t x c tile of B (rows i0.., the chunk's neurons from j0): 1.0 where z_ir &gt; 0,
   * else +0.0, from the mask's bits or, without one, from the signs of Z_t = X_t W (into z).
   */
  private static void activeTile(long[] mask, double[] x, double[] w, int n, int d, int c,
      int j0, int i0, int t, double[] z, double[] b) {
    if (mask == null) {
      Blas.blas().dgemm("N", "N", t, c, d, 1.0, x, i0, n, w, j0 * d, d, 0.0, z, 0, t);
      for (int e = 0; e < t * c; e++) {
        b[e] = z[e] > 0.0 ? 1.0 : 0.0;
      }
      return;
    }
    for (int r = 0; r < c; r++) {
      int o = r * t;
      long bit = (long) (j0 + r) * n + i0;
      int i = 0;
      while (i < t) {
        int shift = (int) (bit & 63);
        long word = mask[(int) (bit >>> 6)] >>> shift;
        int len = Math.min(64 - shift, t - i);
        // Branch-free: the bit selects 1.0 or +0.0 through an AND of the bits.
        for (int k = 0; k < len; k++) {
          b[o + i + k] = Double.longBitsToDouble(ONE_BITS & -((word >>> k) & 1L));
        }
        i += len;
        bit += len;
      }
    }
  }
}

package org.widenet.math;

import java.util.Arrays;

/**
 * The dense per-block kernels of a two-layer network f(x) = scale * sum_r a_r phi(w_r . x).
 *
 * <p>A block holds mb neurons: their input weights W (d by mb, column r is w_r) and output
 * weights a (length mb). X is the n by d data matrix and Z = X W the n by mb pre-activations. All
 * matrices are column-major. Each method overwrites only the arrays its documentation names,
 * allocates nothing (but applyStep's ReLU case), and throws {@link IllegalArgumentException}
 * when a dimension is negative or an array is null or shorter than the dimensions require
 * (longer arrays are accepted; the extra entries are neither read nor written).
 */
public final class BlockKernels {

  private static final String NO_TRANSPOSE = "N";
  private static final String TRANSPOSE = "T";
  private static final String UPPER = "U";

  private BlockKernels() {}

  /**
   * Computes the pre-activations {@code z := X W} (n by mb).
   *
   * @param n rows of X
   * @param d features (rows of W)
   * @param mb neurons in the block (columns of W)
   * @param x X, n by d column-major, read only
   * @param w W, d by mb column-major, read only
   * @param z overwritten with Z = X W, n by mb column-major
   * @throws IllegalArgumentException on a negative dimension or a too-short array
   */
  public static void preActivations(int n, int d, int mb, double[] x, double[] w, double[] z) {
    preActivations(n, d, mb, x, w, 0, z);
  }

  /**
   * {@link #preActivations(int, int, int, double[], double[], double[])} with W the d x mb
   * columns of {@code w} that start at {@code wOffset} (a chunk of a block's weights, read in
   * place).
   */
  public static void preActivations(int n, int d, int mb, double[] x, double[] w, int wOffset,
      double[] z) {
    preActivations(n, d, mb, x, w, wOffset, z, 0);
  }

  /** The same, written as the n x mb columns of {@code z} that start at {@code zOffset}. */
  public static void preActivations(int n, int d, int mb, double[] x, double[] w, int wOffset,
      double[] z, int zOffset) {
    Checks.length("x", x, Checks.size("n", n, "d", d));
    Checks.length("w", w, wOffset + Checks.size("d", d, "mb", mb));
    int zSize = Checks.size("n", n, "mb", mb);
    Checks.length("z", z, zOffset + zSize);
    if (zSize == 0) {
      return;
    }
    if (d == 0) {
      Arrays.fill(z, zOffset, zOffset + zSize, 0.0);
      return;
    }
    Blas.blas().dgemm(NO_TRANSPOSE, NO_TRANSPOSE, n, mb, d, 1.0, x, 0, n, w, wOffset, d, 0.0, z,
        zOffset, n);
  }

  /**
   * Computes the block's unscaled share of the output, {@code u_i := sum_r a_r phi(z_ir)}.
   *
   * @param act the activation phi
   * @param n rows
   * @param mb neurons in the block
   * @param z Z, n by mb column-major, read only
   * @param a output weights, length mb, read only
   * @param u overwritten with u, length n
   * @throws IllegalArgumentException on a null activation, a negative dimension or a too-short array
   */
  public static void forward(Activation act, int n, int mb, double[] z, double[] a, double[] u) {
    requireActivation(act);
    Checks.length("z", z, Checks.size("n", n, "mb", mb));
    Checks.length("a", a, mb);
    Checks.length("u", u, n);
    Arrays.fill(u, 0, n, 0.0);
    for (int r = 0; r < mb; r++) {
      double ar = a[r];
      int offset = r * n;
      if (act == Activation.RELU) {
        for (int i = 0; i < n; i++) {
          // Branch-free: ReLU signs are random, so a branch would mispredict half the time.
          u[i] += ar * Math.max(z[offset + i], 0.0);
        }
      } else {
        for (int i = 0; i < n; i++) {
          u[i] += ar * act.value(z[offset + i]);
        }
      }
    }
  }

  /**
   * Takes the gradient-form step in place: {@code W := W - coef * X^T (phi'(Z) o (s a^T))}, that is
   * {@code w_r -= coef * a_r * sum_i s_i phi'(z_ir) x_i}. With s the residual and coef = eta * scale
   * this is a gradient-descent step on 0.5 ||scale u - y||^2; with s a Gauss-Newton vector it is
   * the Gauss-Newton step. For ReLU this takes the mask of Z and {@link #applyReluStep}, whose
   * bits the engine's steps have, and allocates the mask and Y = diag(s) X to do so.
   *
   * @param act the activation phi
   * @param n rows of X
   * @param d features
   * @param mb neurons in the block
   * @param x X, n by d column-major, read only
   * @param z Z = X W for the current W, n by mb, read only
   * @param a output weights, length mb, read only
   * @param s the per-row vector, length n, read only
   * @param coef the step coefficient
   * @param w W, d by mb column-major, updated in place
   * @param work scratch of length at least n*mb, overwritten
   * @throws IllegalArgumentException on a null activation, a negative dimension or a too-short array
   */
  public static void applyStep(Activation act, int n, int d, int mb, double[] x, double[] z,
      double[] a, double[] s, double coef, double[] w, double[] work) {
    applyStep(act, n, d, mb, x, z, a, s, coef, w, 0, work);
  }

  /**
   * {@link #applyStep(Activation, int, int, int, double[], double[], double[], double[], double,
   * double[], double[])} on the d x mb columns of {@code w} that start at {@code wOffset},
   * updated in place.
   */
  public static void applyStep(Activation act, int n, int d, int mb, double[] x, double[] z,
      double[] a, double[] s, double coef, double[] w, int wOffset, double[] work) {
    requireActivation(act);
    Checks.length("x", x, Checks.size("n", n, "d", d));
    int zSize = Checks.size("n", n, "mb", mb);
    Checks.length("z", z, zSize);
    Checks.length("a", a, mb);
    Checks.length("s", s, n);
    Checks.length("w", w, wOffset + Checks.size("d", d, "mb", mb));
    Checks.length("work", work, zSize);
    if (n == 0 || d == 0 || mb == 0) {
      return;
    }
    if (act == Activation.RELU) {
      // The bits of the engine's path, which keeps the mask: allocates the mask and Y here.
      long[] mask = new long[(int) (((long) zSize + 63) / 64)];
      recordActive(n, mb, z, mask, 0);
      double[] y = new double[n * d];
      MaskedRowSums.scaledRows(n, d, x, s, y);
      applyReluStep(n, d, mb, y, mask, 0, a, coef, w, wOffset);
      return;
    }
    scaledDerivatives(act, n, mb, z, a, 1.0, s, work);
    Blas.blas().dgemm(TRANSPOSE, NO_TRANSPOSE, d, mb, n, -coef, x, 0, n, work, 0, n, 1.0, w,
        wOffset, d);
  }

  /**
   * The ReLU step {@link #applyStep} computes, with phi'(Z) read from a bit mask kept from the
   * forward pass instead of from Z: {@code W -= coef * X^T (diag(s) M diag(a))} with
   * {@code M_ir = 1} when bit {@code firstBit + i + r n} of {@code mask} is set, given
   * {@code Y = diag(s) X} from {@link MaskedRowSums#scaledRows} (once per step, for every chunk).
   * The product is taken as sums of the rows of Y the mask selects ({@link MaskedRowSums}), not
   * as a BLAS product: the same bits on every machine, and faster than dgemm.
   *
   * @param y Y = diag(s) X, n x d row-major, read only
   * @param mask activation bits, bit (i + r n) relative to firstBit for row i and neuron r
   * @param firstBit the bit of row 0 of the first neuron of this chunk
   * @param w W, d x mb column-major from {@code wOffset}, updated in place
   */
  public static void applyReluStep(int n, int d, int mb, double[] y, long[] mask, long firstBit,
      double[] a, double coef, double[] w, int wOffset) {
    MaskedRowSums.subtract(n, d, mb, y, mask, firstBit, a, coef, w, wOffset);
  }

  /**
   * {@code work_ir := (bit set ? a_r : +0.0) * s_i}, with bit {@code firstBit + i + r n} of
   * mask: the n x mb step factors the span form adds ({@link SpanKernels#applyStep}).
   */
  static void maskedFactors(int n, int mb, long[] mask, long firstBit, double[] a, double[] s,
      double[] work) {
    for (int r = 0; r < mb; r++) {
      // Branch-free: the bit selects a_r or +0.0 through an AND of the bits, the same values
      // as "set ? a_r : 0.0" without a branch that mispredicts on half the (random) signs.
      // The neuron's n bits are read a word at a time.
      long cBits = Double.doubleToRawLongBits(a[r]);
      int offset = r * n;
      long bit = firstBit + offset;
      for (int i = 0; i < n; ) {
        int shift = (int) (bit & 63);
        long word = mask[(int) (bit >>> 6)] >>> shift;
        int take = Math.min(64 - shift, n - i);
        int o = offset + i;
        for (int k = 0; k < take; k++) {
          long set = (word >>> k) & 1L;
          work[o + k] = Double.longBitsToDouble(cBits & -set) * s[i + k];
        }
        i += take;
        bit += take;
      }
    }
  }

  /**
   * Adds the movement of {@code mb} neurons from their initial weights: for each neuron r in
   * order, {@code q_r = sum_k (w_kr - w0_kr)^2} summed over k in order, then
   * {@code moved[0] = max(moved[0], sqrt(q_r))} and {@code moved[1] += q_r}.
   *
   * @param w the current weights, d x mb column-major starting at {@code wOffset}, read only
   * @param w0 the initial weights in the same layout, starting at {@code w0Offset}, read only
   * @param moved {largest distance so far, sum of squared distances so far}, updated
   */
  public static void addMovement(int d, int mb, double[] w, int wOffset, double[] w0,
      int w0Offset, double[] moved) {
    int size = Checks.size("d", d, "mb", mb);
    Checks.length("w", w, wOffset + size);
    Checks.length("w0", w0, w0Offset + size);
    Checks.length("moved", moved, 2);
    double max = moved[0];
    double total = moved[1];
    for (int r = 0; r < mb; r++) {
      int o = wOffset + r * d;
      int p = w0Offset + r * d;
      double q = 0.0;
      for (int k = 0; k < d; k++) {
        double e = w[o + k] - w0[p + k];
        q += e * e;
      }
      max = Math.max(max, Math.sqrt(q));
      total += q;
    }
    moved[0] = max;
    moved[1] = total;
  }

  /**
   * Sets bit {@code firstBit + i + r n} of mask where {@code z_ir > 0} (bits start cleared).
   * Z is column-major, so element e = i + r n of z maps to bit firstBit + e: the bits of a
   * chunk are one contiguous run, built here a 64-bit word at a time without branches.
   */
  public static void recordActive(int n, int mb, double[] z, long[] mask, long firstBit) {
    recordActive(n, mb, z, 0, mask, firstBit);
  }

  /** {@link #recordActive(int, int, double[], long[], long)} on the z that starts at zOffset. */
  public static void recordActive(int n, int mb, double[] z, int zOffset, long[] mask,
      long firstBit) {
    int size = Checks.size("n", n, "mb", mb);
    Checks.length("z", z, zOffset + size);
    if ((firstBit + (long) size + 63) / 64 > mask.length) {
      throw new IllegalArgumentException("mask has " + mask.length + " words, too few for bits "
          + firstBit + " + " + n + " x " + mb);
    }
    int e = zOffset;
    int end = zOffset + size;
    long bit = firstBit;
    // Up to the first word boundary (a chunk that starts inside a word shares it).
    for (; e < end && (bit & 63) != 0; e++, bit++) {
      mask[(int) (bit >>> 6)] |= (z[e] > 0.0 ? 1L : 0L) << (bit & 63);
    }
    for (; e + 64 <= end; e += 64, bit += 64) {
      mask[(int) (bit >>> 6)] |= positiveBits(z, e, 64);
    }
    if (e < end) {
      mask[(int) (bit >>> 6)] |= positiveBits(z, e, end - e);
    }
  }

  /** Bit k set where z[from + k] > 0, for k < count <= 64. */
  private static long positiveBits(double[] z, int from, int count) {
    long word = 0L;
    for (int k = 0; k < count; k++) {
      word |= (z[from + k] > 0.0 ? 1L : 0L) << k;
    }
    return word;
  }

  /**
   * The number of set bits of {@code a XOR b} over bits {@code [0, bits)}: how many (row,
   * neuron) pairs two activation masks of the same layout disagree on.
   */
  public static long countDifferences(long[] a, long[] b, long bits) {
    int words = (int) (bits >>> 6);
    long count = 0;
    for (int k = 0; k < words; k++) {
      count += Long.bitCount(a[k] ^ b[k]);
    }
    int rest = (int) (bits & 63);
    if (rest != 0) {
      count += Long.bitCount((a[words] ^ b[words]) & ((1L << rest) - 1));
    }
    return count;
  }

  /**
   * Adds the block's Gauss-Newton Gram contribution: {@code packedGram += C C^T} where C is n by mb
   * with {@code C_ir = scale * a_r * phi'(z_ir)}. The full Jacobian Gram follows by the elementwise
   * product with X X^T. Runs a symmetric rank-mb update into a full n by n buffer and then adds
   * its upper triangle into the packed array.
   *
   * @param act the activation phi
   * @param n rows
   * @param mb neurons in the block
   * @param z Z, n by mb column-major, read only
   * @param a output weights, length mb, read only
   * @param scale the network's output scale
   * @param packedGram packed upper triangle of an n by n matrix, length n(n+1)/2, added to
   * @param work scratch of length at least n*mb, overwritten
   * @param work2 scratch of length at least n*n, overwritten (its upper triangle holds C C^T after)
   * @throws IllegalArgumentException on a null activation, a negative dimension or a too-short array
   */
  public static void accumulateGram(Activation act, int n, int mb, double[] z, double[] a,
      double scale, double[] packedGram, double[] work, double[] work2) {
    requireActivation(act);
    int zSize = Checks.size("n", n, "mb", mb);
    Checks.length("z", z, zSize);
    Checks.length("a", a, mb);
    Checks.length("packedGram", packedGram, PackedSymmetric.packedLength(n));
    Checks.length("work", work, zSize);
    Checks.length("work2", work2, Checks.size("n", n, "n", n));
    if (n == 0 || mb == 0) {
      return;
    }
    scaledDerivatives(act, n, mb, z, a, scale, null, work);
    Blas.blas().dsyrk(UPPER, NO_TRANSPOSE, n, mb, 1.0, work, n, 0.0, work2, n);
    int p = 0;
    for (int j = 0; j < n; j++) {
      int column = j * n;
      for (int i = 0; i <= j; i++) {
        packedGram[p++] += work2[column + i];
      }
    }
  }

  /**
   * The Gram contribution of one chunk of neurons, added to a full n by n buffer that collects
   * every chunk of a block: {@code upper(full) += C C^T}, C as in {@link #accumulateGram}. The
   * caller packs the buffer once per block, so a chunk costs its rank-mb update and nothing
   * proportional to n^2 besides.
   *
   * @param full n by n column-major; its upper triangle is accumulated into, the strict lower
   *     triangle is not touched
   * @param work scratch of length at least n*mb, overwritten
   */
  public static void accumulateGramFull(Activation act, int n, int mb, double[] z, double[] a,
      double scale, double[] full, double[] work) {
    requireActivation(act);
    int zSize = Checks.size("n", n, "mb", mb);
    Checks.length("z", z, zSize);
    Checks.length("a", a, mb);
    Checks.length("full", full, Checks.size("n", n, "n", n));
    Checks.length("work", work, zSize);
    if (n == 0 || mb == 0) {
      return;
    }
    scaledDerivatives(act, n, mb, z, a, scale, null, work);
    Blas.blas().dsyrk(UPPER, NO_TRANSPOSE, n, mb, 1.0, work, n, 1.0, full, n);
  }

  /**
   * Writes {@code out_ir := factor * a_r * s_i * phi'(z_ir)} (s_i taken as 1 when s is null).
   */
  static void scaledDerivatives(Activation act, int n, int mb, double[] z, double[] a,
      double factor, double[] s, double[] out) {
    for (int r = 0; r < mb; r++) {
      double c = factor * a[r];
      int offset = r * n;
      if (act == Activation.RELU) {
        for (int i = 0; i < n; i++) {
          double v = z[offset + i] > 0.0 ? c : 0.0;
          out[offset + i] = s == null ? v : v * s[i];
        }
      } else {
        for (int i = 0; i < n; i++) {
          double v = c * act.derivative(z[offset + i]);
          out[offset + i] = s == null ? v : v * s[i];
        }
      }
    }
  }

  private static void requireActivation(Activation act) {
    if (act == null) {
      throw new IllegalArgumentException("activation must not be null");
    }
  }
}

package org.widenet.deep;

import java.util.SplittableRandom;

/**
 * TensorSRHT (Ahle et al. 2020; the paper's Def D.6): S(u (x) v) = s^(-1/2) P((H D1 u) (x)
 * (H D2 v)) with H the unnormalized +-1 Hadamard matrix of order M (m zero-padded to a power
 * of two, docs/models/deep-last.md, Notes on the paper, item 5), D1, D2 random sign diagonals, and P sampling s of the M^2
 * coordinates uniformly with replacement, which makes E[&lt;S x, S y&gt;] = &lt;x, y&gt;.
 *
 * <p>Row blocks share H D1 u through the Sylvester structure: a block whose rows lie in the
 * aligned dyadic segment [S0, S0 + P) contributes (-1)^popcount((p &gt;&gt; k) &amp; (S0 &gt;&gt;
 * k)) (H_P D1 u_seg)[p mod P] to coordinate p (P = 2^k), so it needs one length-P fast
 * Walsh-Hadamard transform per point; equal power-of-two blocks have P = m_b.
 */
public final class TensorSrht implements TensorSketching {
  private final long seedLeft;
  private final long seedRight;
  private final int s;
  private final int padded;
  private final int[] p;
  private final int[] q;

  public TensorSrht(long seed, int s, int m) {
    if (s < 1) {
      throw new IllegalArgumentException("--sketch-size must be >= 1, got " + s);
    }
    this.seedLeft = DeepWeights.mix(seed, 1);
    this.seedRight = DeepWeights.mix(seed, 2);
    this.s = s;
    this.padded = Fwht.nextPowerOfTwo(m);
    SplittableRandom rng = new SplittableRandom(DeepWeights.mix(seed, 3));
    this.p = new int[s];
    this.q = new int[s];
    for (int k = 0; k < s; k++) {
      p[k] = rng.nextInt(padded);
      q[k] = rng.nextInt(padded);
    }
  }

  @Override
  public int size() {
    return s;
  }

  /** The padded order M of H. */
  public int paddedLength() {
    return padded;
  }

  /** Sampled coordinate k as (row of H D1 u, row of H D2 v). */
  public int[] sample(int k) {
    return new int[] {p[k], q[k]};
  }

  /** D1 (side 1) or D2 (side 2) at index i. */
  public double sign(int side, long i) {
    long z = DeepWeights.mix(side == 1 ? seedLeft : seedRight, i);
    return (z & 1L) == 0 ? 1.0 : -1.0;
  }

  @Override
  public void addLeft(long first, int count, int n, double[] u, double[] out) {
    if (count == 0) {
      return;
    }
    long last = first + count - 1;
    int bits = 0;
    while ((first >> bits) != (last >> bits)) {
      bits++;
    }
    int segment = 1 << bits;
    long segmentStart = (first >> bits) << bits;
    int offset = (int) (first - segmentStart);
    long high = segmentStart >> bits;
    double[] sign = new double[count];
    for (int j = 0; j < count; j++) {
      sign[j] = sign(1, first + j);
    }
    double[] blockSign = new double[s];
    for (int k = 0; k < s; k++) {
      blockSign[k] = (Long.bitCount((p[k] >> bits) & high) & 1) == 0 ? 1.0 : -1.0;
    }
    double[] buf = new double[segment];
    for (int i = 0; i < n; i++) {
      java.util.Arrays.fill(buf, 0.0);
      boolean any = false;
      for (int j = 0; j < count; j++) {
        double v = u[j + i * count];
        if (v != 0) {
          buf[offset + j] = sign[j] * v;
          any = true;
        }
      }
      if (!any) {
        continue;
      }
      Fwht.transform(buf, segment);
      for (int k = 0; k < s; k++) {
        out[k + i * s] += blockSign[k] * buf[p[k] & (segment - 1)];
      }
    }
  }

  @Override
  public double[] right(SparseColumns v) {
    int n = v.cols();
    double[] out = new double[s * n];
    double[] buf = new double[padded];
    for (int i = 0; i < n; i++) {
      java.util.Arrays.fill(buf, 0.0);
      for (int k = v.start(i); k < v.start(i + 1); k++) {
        int r = v.index()[k];
        buf[r] = sign(2, r) * v.value()[k];
      }
      Fwht.transform(buf, padded);
      for (int k = 0; k < s; k++) {
        out[k + i * s] = buf[q[k]];
      }
    }
    return out;
  }

  @Override
  public double[] combine(double[] left, double[] right, int n) {
    double c = 1 / Math.sqrt(s);
    double[] j = new double[n * s];
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < s; k++) {
        j[i + k * n] = c * left[k + i * s] * right[k + i * s];
      }
    }
    return j;
  }
}

package org.widenet.deep;

/**
 * TensorSketch (Pham and Pagh 2013; the paper's Def D.2): S_{r,(i,j)} = sigma1(i) sigma2(j)
 * 1[h1(i) + h2(j) = r mod s], applied to u (x) v as the circular convolution of the
 * CountSketches of u and v, computed by FFT in O(s log s + nnz(u) + nnz(v)) (Remark D.3). The
 * hashes and signs are fully random functions of (seed, index); s must be a power of two.
 */
public final class TensorSketch implements TensorSketching {
  private final long seedLeft;
  private final long seedRight;
  private final int s;

  public TensorSketch(long seed, int s) {
    if (s < 1 || Integer.bitCount(s) != 1) {
      throw new IllegalArgumentException("--sketch-size for tensorsketch must be a power of "
          + "two, got " + s);
    }
    this.seedLeft = DeepWeights.mix(seed, 1);
    this.seedRight = DeepWeights.mix(seed, 2);
    this.s = s;
  }

  @Override
  public int size() {
    return s;
  }

  /** h1(i) (side 1) or h2(i) (side 2). */
  public int bucket(int side, long i) {
    long z = DeepWeights.mix(side == 1 ? seedLeft : seedRight, i);
    return (int) Long.remainderUnsigned(z >>> 1, s);
  }

  /** sigma1(i) or sigma2(i). */
  public double sign(int side, long i) {
    long z = DeepWeights.mix(side == 1 ? seedLeft : seedRight, i);
    return (z & 1L) == 0 ? 1.0 : -1.0;
  }

  @Override
  public void addLeft(long first, int count, int n, double[] u, double[] out) {
    int[] bucket = new int[count];
    double[] sign = new double[count];
    for (int j = 0; j < count; j++) {
      bucket[j] = bucket(1, first + j);
      sign[j] = sign(1, first + j);
    }
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < count; j++) {
        double v = u[j + i * count];
        if (v != 0) {
          out[bucket[j] + i * s] += sign[j] * v;
        }
      }
    }
  }

  @Override
  public double[] right(SparseColumns v) {
    int n = v.cols();
    double[] out = new double[s * n];
    for (int i = 0; i < n; i++) {
      for (int k = v.start(i); k < v.start(i + 1); k++) {
        int r = v.index()[k];
        out[bucket(2, r) + i * s] += sign(2, r) * v.value()[k];
      }
    }
    return out;
  }

  @Override
  public double[] combine(double[] left, double[] right, int n) {
    double[] j = new double[n * s];
    double[] a = new double[s];
    double[] b = new double[s];
    for (int i = 0; i < n; i++) {
      System.arraycopy(left, i * s, a, 0, s);
      System.arraycopy(right, i * s, b, 0, s);
      double[] c = Fft.circularConvolution(a, b);
      for (int k = 0; k < s; k++) {
        j[i + k * n] = c[k];
      }
    }
    return j;
  }
}

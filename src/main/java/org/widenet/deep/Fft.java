package org.widenet.deep;

/**
 * In-place iterative radix-2 complex FFT (Cooley-Tukey, decimation in time) and the circular
 * convolution TensorSketch needs. Lengths must be powers of two.
 */
public final class Fft {
  private Fft() {}

  /**
   * Transforms (re, im) in place: X_k = sum_j x_j exp(-2 pi i jk/N); the inverse uses the
   * opposite sign and divides by N.
   */
  public static void transform(double[] re, double[] im, boolean inverse) {
    int n = re.length;
    if (im.length != n || Integer.bitCount(n) != 1) {
      throw new IllegalArgumentException("FFT length must be a power of two, got " + n);
    }
    for (int i = 1, j = 0; i < n; i++) {
      int bit = n >> 1;
      for (; (j & bit) != 0; bit >>= 1) {
        j ^= bit;
      }
      j ^= bit;
      if (i < j) {
        double t = re[i];
        re[i] = re[j];
        re[j] = t;
        t = im[i];
        im[i] = im[j];
        im[j] = t;
      }
    }
    double[] cos = new double[n / 2];
    double[] sin = new double[n / 2];
    double sign = inverse ? 1 : -1;
    for (int k = 0; k < n / 2; k++) {
      double angle = 2 * Math.PI * k / n;
      cos[k] = Math.cos(angle);
      sin[k] = sign * Math.sin(angle);
    }
    for (int len = 2; len <= n; len <<= 1) {
      int half = len >> 1;
      int step = n / len;
      for (int i = 0; i < n; i += len) {
        for (int j = 0; j < half; j++) {
          double wr = cos[j * step];
          double wi = sin[j * step];
          int p = i + j;
          int q = p + half;
          double xr = re[q] * wr - im[q] * wi;
          double xi = re[q] * wi + im[q] * wr;
          re[q] = re[p] - xr;
          im[q] = im[p] - xi;
          re[p] += xr;
          im[p] += xi;
        }
      }
    }
    if (inverse) {
      for (int k = 0; k < n; k++) {
        re[k] /= n;
        im[k] /= n;
      }
    }
  }

  /** The circular convolution c_r = sum_{j+k = r mod N} a_j b_k of two real vectors. */
  public static double[] circularConvolution(double[] a, double[] b) {
    int n = a.length;
    double[] ar = a.clone();
    double[] ai = new double[n];
    double[] br = b.clone();
    double[] bi = new double[n];
    transform(ar, ai, false);
    transform(br, bi, false);
    for (int k = 0; k < n; k++) {
      double r = ar[k] * br[k] - ai[k] * bi[k];
      double i = ar[k] * bi[k] + ai[k] * br[k];
      ar[k] = r;
      ai[k] = i;
    }
    transform(ar, ai, true);
    return ar;
  }
}

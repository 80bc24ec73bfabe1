package org.widenet.deep;

/** The fast Walsh-Hadamard transform with the unnormalized +-1 Sylvester Hadamard matrix. */
public final class Fwht {
  private Fwht() {}

  /** x &lt;- H x in place, H_{pq} = (-1)^popcount(p &amp; q); length a power of two. */
  public static void transform(double[] x, int length) {
    if (Integer.bitCount(length) != 1) {
      throw new IllegalArgumentException("Walsh-Hadamard length must be a power of two, got "
          + length);
    }
    for (int h = 1; h < length; h <<= 1) {
      for (int i = 0; i < length; i += h << 1) {
        for (int j = i; j < i + h; j++) {
          double a = x[j];
          double b = x[j + h];
          x[j] = a + b;
          x[j + h] = a - b;
        }
      }
    }
  }

  /** The smallest power of two &gt;= n. */
  public static int nextPowerOfTwo(int n) {
    int p = 1;
    while (p < n) {
      p <<= 1;
    }
    return p;
  }
}

package org.widenet.softmax;

/**
 * What the driver makes of the merged sums: per row the global log-normalizer
 * log alpha_i = max_i + log sum_i, the softmax averages &lt;a_l, S_i&gt; = num_il / sum_i, and
 * the outputs F_il = m &lt;a_l, S_i&gt;. Arrays are n x k output-major.
 *
 * @param logNorm log alpha_i, length n
 * @param aS &lt;a_l, S_i&gt;, n x k
 * @param outputs F, n x k
 */
public record Normalizers(double[] logNorm, double[] aS, double[] outputs) {

  /** From a merged partial of a network of width m. */
  public static Normalizers of(SoftmaxPartial merged, int m) {
    int n = merged.rows();
    int k = merged.outputs();
    double[] logNorm = new double[n];
    double[] aS = new double[n * k];
    double[] f = new double[n * k];
    for (int i = 0; i < n; i++) {
      double s = merged.sum()[i];
      logNorm[i] = merged.max()[i] + Math.log(s);
      for (int l = 0; l < k; l++) {
        int p = l * n + i;
        aS[p] = merged.num()[p] / s;
        f[p] = m * aS[p];
      }
    }
    return new Normalizers(logNorm, aS, f);
  }
}

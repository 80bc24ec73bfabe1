package org.widenet.scaling;

import org.widenet.math.StudentT;

/**
 * A power law m = C n^p fitted by ordinary least squares on log m = log C + p log n, with the
 * two-sided Student-t interval of the slope: p +- t_{0.975, k - 2} * se(p), where
 * se(p) = sqrt(RSS / (k - 2) / sum (log n_i - mean)^2). The logs are natural logs (the slope
 * does not depend on the base). With two points the slope is exact and the interval is
 * [NaN, NaN]; with fewer the exponent is NaN too.
 *
 * @param exponent the fitted slope p
 * @param intercept log C
 * @param standardError se(p) (NaN for fewer than 3 points)
 * @param ciLow lower end of the interval
 * @param ciHigh upper end of the interval
 * @param level the interval's confidence level, e.g. 0.95
 * @param points the number of (n, m) points fitted
 */
public record PowerLawFit(double exponent, double intercept, double standardError, double ciLow,
    double ciHigh, double level, int points) {

  /**
   * Fits the points (n_i, m_i); all must be positive and finite.
   *
   * @throws IllegalArgumentException for arrays of different lengths, a non-positive value, a
   *     level outside (0, 1) or two or more points that all share one n
   */
  public static PowerLawFit fit(double[] n, double[] m, double level) {
    if (n.length != m.length) {
      throw new IllegalArgumentException("n has " + n.length + " values but m has " + m.length);
    }
    if (!(level > 0 && level < 1)) {
      throw new IllegalArgumentException("level must lie in (0, 1), got " + level);
    }
    int k = n.length;
    double[] lx = new double[k];
    double[] ly = new double[k];
    for (int i = 0; i < k; i++) {
      if (!(n[i] > 0 && m[i] > 0) || Double.isInfinite(n[i]) || Double.isInfinite(m[i])) {
        throw new IllegalArgumentException("a power-law fit needs positive finite values, got ("
            + n[i] + ", " + m[i] + ")");
      }
      lx[i] = Math.log(n[i]);
      ly[i] = Math.log(m[i]);
    }
    if (k < 2) {
      return new PowerLawFit(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, level,
          k);
    }
    double mx = 0;
    double my = 0;
    for (int i = 0; i < k; i++) {
      mx += lx[i];
      my += ly[i];
    }
    mx /= k;
    my /= k;
    double sxx = 0;
    double sxy = 0;
    for (int i = 0; i < k; i++) {
      sxx += (lx[i] - mx) * (lx[i] - mx);
      sxy += (lx[i] - mx) * (ly[i] - my);
    }
    if (!(sxx > 0)) {
      throw new IllegalArgumentException("a power-law fit needs at least two different n");
    }
    double slope = sxy / sxx;
    double intercept = my - slope * mx;
    if (k == 2) {
      return new PowerLawFit(slope, intercept, Double.NaN, Double.NaN, Double.NaN, level, k);
    }
    double rss = 0;
    for (int i = 0; i < k; i++) {
      double r = ly[i] - intercept - slope * lx[i];
      rss += r * r;
    }
    double se = Math.sqrt(rss / (k - 2) / sxx);
    double half = StudentT.quantile(0.5 + 0.5 * level, k - 2) * se;
    return new PowerLawFit(slope, intercept, se, slope - half, slope + half, level, k);
  }

  /** The fitted m at n: exp(intercept) * n^exponent. */
  public double predict(double n) {
    return Math.exp(intercept + exponent * Math.log(n));
  }
}

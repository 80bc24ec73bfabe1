package org.widenet.math;

/**
 * The mean of a sample with its two-sided Student-t confidence interval:
 * mean +- t_{(1 + level) / 2, k - 1} * s / sqrt(k), where s is the sample standard deviation
 * (divisor k - 1). With one value the interval is [NaN, NaN]: one run says nothing about the
 * spread.
 *
 * @param mean the sample mean
 * @param sd the sample standard deviation (NaN for one value)
 * @param low the lower end of the interval
 * @param high the upper end of the interval
 * @param count k, the number of values
 */
public record MeanInterval(double mean, double sd, double low, double high, int count) {

  /**
   * The interval at the given level (e.g. 0.95) for the values.
   *
   * @throws IllegalArgumentException when there are no values, a value is not finite, or the
   *     level is outside (0, 1)
   */
  public static MeanInterval of(double[] values, double level) {
    if (values.length == 0) {
      throw new IllegalArgumentException("a confidence interval needs at least one value");
    }
    if (!(level > 0 && level < 1)) {
      throw new IllegalArgumentException("level must lie in (0, 1), got " + level);
    }
    double sum = 0;
    for (double v : values) {
      if (!Double.isFinite(v)) {
        throw new IllegalArgumentException("value " + v + " is not finite");
      }
      sum += v;
    }
    int k = values.length;
    double mean = sum / k;
    if (k == 1) {
      return new MeanInterval(mean, Double.NaN, Double.NaN, Double.NaN, 1);
    }
    double squares = 0;
    for (double v : values) {
      squares += (v - mean) * (v - mean);
    }
    double sd = Math.sqrt(squares / (k - 1));
    double half = StudentT.quantile(0.5 + 0.5 * level, k - 1) * sd / Math.sqrt(k);
    return new MeanInterval(mean, sd, mean - half, mean + half, k);
  }
}

package org.widenet.scaling;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * The exponent p of m*(n) ~ C n^p over every bracketed point (n, seed, dataSeed) of the
 * search: ordinary least squares of log m* on log n, with a percentile bootstrap interval
 * that resamples the seeds (and the data seeds, when there are several) with replacement and
 * refits. A point's weight in a replicate is (times its seed was drawn) x (times its data seed
 * was drawn), so the resampled units are whole seeds, not single points: the spread between
 * seeds is what the interval measures. The bootstrap's generator is seeded with
 * {@link #BOOTSTRAP_SEED}, so the interval is the same on every run of the same points.
 *
 * <p>No exponent is given (NaN, with {@link #note}) with fewer than two distinct n; no
 * interval (NaN, with {@link #ciNote}) with fewer than two seeds and fewer than two data seeds
 * among the fitted points, as then there is nothing to resample.
 *
 * @param exponent the fitted slope p, or NaN
 * @param intercept log C (natural log), or NaN
 * @param points the (n, seed, dataSeed) points fitted
 * @param sizes the distinct n among them
 * @param ciLow the lower end of the percentile interval, or NaN
 * @param ciHigh the upper end, or NaN
 * @param level the interval's level, e.g. 0.95
 * @param replicates the bootstrap replicates that could be fitted (a replicate whose points
 *     all share one n cannot)
 * @param bootstrapSd the standard deviation of the replicates' slopes, or NaN
 * @param note why there is no exponent, or null
 * @param ciNote why there is no interval, or null
 */
public record ExponentFit(double exponent, double intercept, int points, int sizes,
    double ciLow, double ciHigh, double level, int replicates, double bootstrapSd, String note,
    String ciNote) {

  /** The bootstrap's fixed generator seed. */
  public static final long BOOTSTRAP_SEED = 20_260_518L;

  /** Bootstrap replicates drawn by default. */
  public static final int REPLICATES = 2000;

  /** Fits the bracketed points with {@link #REPLICATES} replicates and the fixed seed. */
  public static ExponentFit of(List<WidthSearch.Point> all, double level) {
    return of(all, level, REPLICATES, BOOTSTRAP_SEED);
  }

  /** Fits the bracketed points of {@code all}; the others are left out. */
  public static ExponentFit of(List<WidthSearch.Point> all, double level, int replicates,
      long rngSeed) {
    if (!(level > 0 && level < 1)) {
      throw new IllegalArgumentException("level must lie in (0, 1), got " + level);
    }
    List<WidthSearch.Point> pts = new ArrayList<>();
    for (WidthSearch.Point p : all) {
      if (p.status() == WidthSearch.Status.BRACKETED) {
        pts.add(p);
      }
    }
    pts.sort(Comparator.comparingInt(WidthSearch.Point::n)
        .thenComparingLong(WidthSearch.Point::dataSeed)
        .thenComparingLong(WidthSearch.Point::seed));
    int k = pts.size();
    double[] x = new double[k];
    double[] y = new double[k];
    TreeSet<Integer> ns = new TreeSet<>();
    List<Long> seeds = new ArrayList<>(new TreeSet<>(pts.stream()
        .map(WidthSearch.Point::seed).toList()));
    List<Long> dataSeeds = new ArrayList<>(new TreeSet<>(pts.stream()
        .map(WidthSearch.Point::dataSeed).toList()));
    int[] seedOf = new int[k];
    int[] dataOf = new int[k];
    for (int i = 0; i < k; i++) {
      WidthSearch.Point p = pts.get(i);
      x[i] = Math.log(p.n());
      y[i] = Math.log(p.mStar());
      ns.add(p.n());
      seedOf[i] = seeds.indexOf(p.seed());
      dataOf[i] = dataSeeds.indexOf(p.dataSeed());
    }
    if (ns.size() < 2) {
      return new ExponentFit(Double.NaN, Double.NaN, k, ns.size(), Double.NaN, Double.NaN,
          level, 0, Double.NaN, "needs >= 2 sizes n with a bracketed m*, have " + ns.size(),
          "no exponent");
    }
    double[] ones = new double[k];
    Arrays.fill(ones, 1.0);
    double[] line = weightedLine(x, y, ones);
    if (seeds.size() < 2 && dataSeeds.size() < 2) {
      return new ExponentFit(line[0], line[1], k, ns.size(), Double.NaN, Double.NaN, level, 0,
          Double.NaN, null, "needs >= 2 seeds (or --data-seeds >= 2) with a bracketed m* to "
          + "resample, have " + seeds.size());
    }
    SplittableRandom rng = new SplittableRandom(rngSeed);
    double[] slopes = new double[replicates];
    int fitted = 0;
    double[] w = new double[k];
    for (int b = 0; b < replicates; b++) {
      int[] cs = draw(rng, seeds.size());
      int[] cd = draw(rng, dataSeeds.size());
      for (int i = 0; i < k; i++) {
        w[i] = (double) cs[seedOf[i]] * cd[dataOf[i]];
      }
      double[] fit = weightedLine(x, y, w);
      if (!Double.isNaN(fit[0])) {
        slopes[fitted++] = fit[0];
      }
    }
    if (fitted < 2) {
      return new ExponentFit(line[0], line[1], k, ns.size(), Double.NaN, Double.NaN, level,
          fitted, Double.NaN, null, "too few bootstrap replicates span >= 2 sizes n");
    }
    double[] s = Arrays.copyOf(slopes, fitted);
    Arrays.sort(s);
    double mean = 0;
    for (double v : s) {
      mean += v;
    }
    mean /= fitted;
    double ss = 0;
    for (double v : s) {
      ss += (v - mean) * (v - mean);
    }
    double alpha = (1 - level) / 2;
    return new ExponentFit(line[0], line[1], k, ns.size(), quantile(s, alpha),
        quantile(s, 1 - alpha), level, fitted, Math.sqrt(ss / (fitted - 1)), null, null);
  }

  /** Whether there is an exponent. */
  public boolean hasExponent() {
    return !Double.isNaN(exponent);
  }

  /** Whether there is an interval. */
  public boolean hasInterval() {
    return !Double.isNaN(ciLow);
  }

  /** How many times each of {@code units} units is drawn; all once when there is one. */
  private static int[] draw(SplittableRandom rng, int units) {
    int[] c = new int[units];
    if (units < 2) {
      Arrays.fill(c, 1);
      return c;
    }
    for (int i = 0; i < units; i++) {
      c[rng.nextInt(units)]++;
    }
    return c;
  }

  /** {slope, intercept} of weighted least squares; NaN when the weighted x do not vary. */
  static double[] weightedLine(double[] x, double[] y, double[] w) {
    double sw = 0;
    double mx = 0;
    double my = 0;
    for (int i = 0; i < x.length; i++) {
      sw += w[i];
      mx += w[i] * x[i];
      my += w[i] * y[i];
    }
    if (!(sw > 0)) {
      return new double[] {Double.NaN, Double.NaN};
    }
    mx /= sw;
    my /= sw;
    double sxx = 0;
    double sxy = 0;
    for (int i = 0; i < x.length; i++) {
      sxx += w[i] * (x[i] - mx) * (x[i] - mx);
      sxy += w[i] * (x[i] - mx) * (y[i] - my);
    }
    if (!(sxx > 1e-12 * sw)) {
      return new double[] {Double.NaN, Double.NaN};
    }
    double slope = sxy / sxx;
    return new double[] {slope, my - slope * mx};
  }

  /** The q-quantile of sorted values, interpolating between order statistics (type 7). */
  static double quantile(double[] sorted, double q) {
    double h = (sorted.length - 1) * q;
    int lo = (int) Math.floor(h);
    int hi = Math.min(sorted.length - 1, lo + 1);
    return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
  }

  /** The fitted m at n: exp(intercept) * n^exponent. */
  public double predict(double n) {
    return Math.exp(intercept + exponent * Math.log(n));
  }
}

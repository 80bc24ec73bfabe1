package org.widenet.report;

import java.util.Arrays;

/**
 * Thins very long series before drawing without changing how they look: the x range is cut
 * into buckets about one pixel wide and each bucket keeps its first, lowest, highest and last
 * point, in their original order, so spikes and the envelope survive. Only series whose x is
 * non-decreasing (iterations, ranks) are thinned.
 */
final class Decimation {
  private Decimation() {}

  /**
   * The points to draw for a series in a plot about {@code buckets} pixels wide.
   *
   * @param xy the finite points, as {x, y}
   * @param buckets the number of x buckets, at least 1
   * @return {@code xy} itself when it has at most {@code 4 * buckets} points or x decreases
   *     somewhere, else at most {@code 4 * buckets} of its points
   */
  static double[][] thin(double[][] xy, int buckets) {
    double[] x = xy[0];
    double[] y = xy[1];
    int n = x.length;
    if (n <= 4L * buckets) {
      return xy;
    }
    for (int i = 1; i < n; i++) {
      if (x[i] < x[i - 1]) {
        return xy;
      }
    }
    double span = x[n - 1] - x[0];
    double[] ox = new double[4 * buckets + 4];
    double[] oy = new double[ox.length];
    int out = 0;
    int start = 0;
    while (start < n) {
      int bucket = bucketOf(x[start], x[0], span, buckets);
      int end = start + 1;
      while (end < n && bucketOf(x[end], x[0], span, buckets) == bucket) {
        end++;
      }
      int lo = start;
      int hi = start;
      for (int i = start + 1; i < end; i++) {
        lo = y[i] < y[lo] ? i : lo;
        hi = y[i] > y[hi] ? i : hi;
      }
      int[] keep = {start, Math.min(lo, hi), Math.max(lo, hi), end - 1};
      for (int k = 0; k < keep.length; k++) {
        if (k == 0 || keep[k] != keep[k - 1]) {
          ox[out] = x[keep[k]];
          oy[out] = y[keep[k]];
          out++;
        }
      }
      start = end;
    }
    return new double[][] {Arrays.copyOf(ox, out), Arrays.copyOf(oy, out)};
  }

  private static int bucketOf(double x, double x0, double span, int buckets) {
    if (span <= 0) {
      return 0;
    }
    return (int) Math.min(buckets - 1, Math.floor((x - x0) / span * buckets));
  }
}

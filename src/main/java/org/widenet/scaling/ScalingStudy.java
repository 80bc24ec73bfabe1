package org.widenet.scaling;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The width-scaling study: for each n the smallest grid width m*(n) at which the optimizer
 * reaches loss &lt;= eps * loss(0) within T iterations ({@link WidthSearch}), then the exponent
 * p of m*(n) ~ n^p by least squares on the log-log points with its 95% t-interval
 * ({@link PowerLawFit}). Sizes where no grid width reached the target are reported and left
 * out of the fit.
 */
public final class ScalingStudy {
  /** The confidence level of the exponent's interval. */
  public static final double LEVEL = 0.95;

  /** Everything the report needs. */
  public record Results(ScalingSettings settings, List<WidthSearch.Threshold> thresholds,
      List<RunOutcome> runs, PowerLawFit fit, double seconds) {}

  private ScalingStudy() {}

  /** Runs the study with {@code trial}; one progress line per finished run. */
  public static Results run(ScalingSettings s, WidthTrial trial, PrintStream progress)
      throws Exception {
    long start = System.nanoTime();
    WidthSearch search = new WidthSearch(s.widths(), s.seedList(), s.rule(), s.parallelRuns());
    WidthSearch.Result result = search.run(s.ns(), trial, r -> progress.printf(Locale.ROOT,
        "scaling: n=%d width=%d seed=%d %s (loss %.4g -> %.4g) in %.1f s%n", r.n(), r.width(),
        r.seed(), r.reached() ? "reached at t=" + r.reachIteration() : "did not reach",
        r.initialLoss(), r.finalLoss(), r.seconds()));
    return new Results(s, result.thresholds(), result.runs(), fit(result.thresholds()),
        (System.nanoTime() - start) / 1e9);
  }

  /** The power-law fit over the sizes whose threshold was found. */
  public static PowerLawFit fit(List<WidthSearch.Threshold> thresholds) {
    List<double[]> points = new ArrayList<>();
    for (WidthSearch.Threshold t : thresholds) {
      if (t.found()) {
        points.add(new double[] {t.n(), t.width()});
      }
    }
    double[] n = new double[points.size()];
    double[] m = new double[points.size()];
    for (int i = 0; i < n.length; i++) {
      n[i] = points.get(i)[0];
      m[i] = points.get(i)[1];
    }
    return PowerLawFit.fit(n, m, LEVEL);
  }
}

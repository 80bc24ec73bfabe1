package org.widenet.scaling;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.widenet.report.Charts;
import org.widenet.report.HtmlReport;
import org.widenet.report.LineChart;
import org.widenet.report.Series;

/**
 * Writes the scaling study's outputs: scaling.csv (one row per n: m*(n) over the seeds and
 * data seeds by --rule, and the diagnostics at the passing widths, averaged), thresholds.csv
 * (one row per (n, data seed, seed): the final bracket and m*), runs.csv (every run),
 * scaling.png (the log-log plot with reference slopes n^1, n^1.5 and n^2 through the first
 * measured point) and report.html; and returns the findings for summary.json (exponent,
 * exponent_ci_low, exponent_ci_high, ...; null where there is no value, with a note saying
 * why).
 */
public final class ScalingReport {
  public static final String CSV = "scaling.csv";
  public static final String POINTS = "thresholds.csv";
  public static final String RUNS = "runs.csv";
  public static final String PLOT = "scaling.png";
  public static final String REPORT = "report.html";

  /** The reference slopes drawn on the plot and where they come from. */
  static final double[] REFERENCE_SLOPES = {1.0, 1.5, 2.0};
  static final String[] REFERENCE_NAMES = {"n^1 (linear)", "n^1.5 (Song et al., smooth)",
      "n^2 (Gao et al.; quadratic bounds)"};

  /** How m*(n, seed) is defined, for summary.json and the report. */
  static final String M_STAR_DEFINITION = "per (n, seed, data seed): scan the width grid "
      + "upwards to the first width whose run reaches loss <= eps * loss(0) within T "
      + "iterations, bisect in log-width between it and the grid width below it until the "
      + "passing width is within (1 + resolution) of the failing one; m* is the geometric "
      + "midpoint sqrt(m_fail * m_pass) of that final bracket";

  private ScalingReport() {}

  /** Writes the files into {@code dir} and returns the findings for summary.json. */
  public static Map<String, Object> write(Path dir, ScalingStudy.Results r, String command) {
    return write(dir, r, command, null);
  }

  /**
   * Writes the files into {@code dir} and returns the findings for summary.json; with the
   * study's data sets, scaling.csv and summary.json also give every n's iteration budget
   * ({@link IterationBudget}).
   */
  public static Map<String, Object> write(Path dir, ScalingStudy.Results r, String command,
      StudyData data) {
    int[] ns = r.settings().ns();
    int k = ns.length;
    double[][] cols = new double[12][k];
    List<Map<String, Object>> budgets = new ArrayList<>();
    for (int i = 0; i < k; i++) {
      double tSum = 0;
      double kSum = 0;
      long[] dataSeeds = r.settings().dataSeedList();
      for (long ds : dataSeeds) {
        IterationBudget.Budget b = data == null
            ? new IterationBudget.Budget(-1, r.settings().maxIterations(), false)
            : data.budget(ns[i], ds);
        tSum += b.iterations();
        kSum += b.kernelIterations() < 0 || b.kernelIterations() == Long.MAX_VALUE ? Double.NaN
            : b.kernelIterations();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("n", ns[i]);
        m.put("data_seed", ds);
        m.put("iterations", b.iterations());
        m.put("kernel_iterations", b.kernelIterations() < 0 ? null
            : b.kernelIterations() == Long.MAX_VALUE ? "never" : b.kernelIterations());
        m.put("capped", b.capped());
        budgets.add(m);
      }
      cols[10][i] = tSum / dataSeeds.length;
      cols[11][i] = kSum / dataSeeds.length;
    }
    for (int i = 0; i < k; i++) {
      List<WidthSearch.Point> pts = r.pointsOf(ns[i]);
      List<RunOutcome> atPass = new ArrayList<>();
      int reached = 0;
      for (WidthSearch.Point p : pts) {
        if (p.status() != WidthSearch.Status.NOT_FOUND) {
          reached++;
          atPass.add(p.atPass());
        }
      }
      double m = r.mStar(ns[i]);
      cols[0][i] = ns[i];
      cols[1][i] = Double.isFinite(m) ? m : Double.NaN;
      cols[2][i] = pts.size();
      cols[3][i] = reached;
      cols[4][i] = mean(atPass, RunOutcome::lambdaMin);
      cols[5][i] = mean(atPass, RunOutcome::lambdaMax);
      cols[6][i] = mean(atPass, RunOutcome::maxMove);
      cols[7][i] = mean(atPass, RunOutcome::froMove);
      cols[8][i] = mean(atPass, RunOutcome::gramDrift);
      cols[9][i] = mean(atPass, o -> o.reached() ? o.reachIteration() : Double.NaN);
    }
    CsvTable.write(dir.resolve(CSV), List.of("n", "m_star", "seeds", "seeds_reached",
        "lambda_min", "lambda_max", "max_move", "fro_move", "gram_drift", "reach_iteration",
        "iterations", "kernel_iterations"), List.of(cols));
    writePoints(dir.resolve(POINTS), r.points());
    writeRuns(dir.resolve(RUNS), r.runs());

    ExponentFit fit = r.fit();
    String line = summaryLine(r);
    LineChart chart = chart(r);
    Charts.writePng(chart, dir.resolve(PLOT), HtmlReport.CHART_WIDTH, HtmlReport.CHART_HEIGHT);
    HtmlReport html = new HtmlReport("widenet scaling: " + r.settings().model());
    html.paragraph(line);
    html.chart(chart, "m*(n): the width at which gradient descent starts to reach loss <= "
        + "eps * loss(0) within T iterations (geometric mean over seeds and data seeds of the "
        + "bisected thresholds), with the least-squares fit and reference slopes through the "
        + "first point.");
    List<List<String>> rows = new ArrayList<>();
    for (int i = 0; i < k; i++) {
      rows.add(List.of(fmt(cols[0][i]), fmt(cols[1][i]), fmt(cols[3][i]) + "/" + fmt(cols[2][i]),
          fmt(cols[4][i]), fmt(cols[6][i]), fmt(cols[8][i])));
    }
    html.table(List.of("n", "m* (" + r.settings().rule().cliName() + ")", "seeds reached",
        "lambda_min(0)", "max move", "Gram drift"), rows);
    html.paragraph("m* is defined " + M_STAR_DEFINITION + ".");
    html.preformatted(command);
    html.write(dir.resolve(REPORT));

    Map<String, Object> f = new LinkedHashMap<>();
    f.put("exponent", value(fit.exponent()));
    f.put("exponent_ci_low", value(fit.ciLow()));
    f.put("exponent_ci_high", value(fit.ciHigh()));
    f.put("exponent_ci", fit.hasInterval() ? List.of(fit.ciLow(), fit.ciHigh()) : null);
    if (!fit.hasExponent()) {
      f.put("exponent_note", fit.note());
    }
    if (!fit.hasInterval()) {
      f.put("exponent_ci_note", fit.ciNote());
    }
    f.put("exponent_standard_error", value(fit.bootstrapSd()));
    f.put("exponent_standard_error_method", "standard deviation of the bootstrap replicates' "
        + "slopes");
    f.put("exponent_method", "least squares of log m* on log n over every bracketed (n, seed, "
        + "data seed) point; 95% percentile bootstrap interval resampling the seeds and the "
        + "data seeds with replacement (" + ExponentFit.REPLICATES + " replicates, generator "
        + "seed " + ExponentFit.BOOTSTRAP_SEED + ")");
    f.put("bootstrap_replicates", fit.replicates());
    f.put("fit_points", fit.points());
    f.put("fit_sizes", fit.sizes());
    f.put("resolution", r.settings().resolution());
    f.put("m_star_definition", M_STAR_DEFINITION);
    List<Map<String, Object>> points = new ArrayList<>();
    for (int i = 0; i < k; i++) {
      Map<String, Object> p = new LinkedHashMap<>();
      p.put("n", ns[i]);
      p.put("m_star", value(cols[1][i]));
      p.put("points", (int) cols[2][i]);
      p.put("points_reached", (int) cols[3][i]);
      p.put("lambda_min", value(cols[4][i]));
      p.put("max_move", value(cols[6][i]));
      p.put("gram_drift", value(cols[8][i]));
      points.add(p);
    }
    f.put("thresholds", points);
    f.put("budget", r.settings().scaledBudget()
        ? "T(n) = ceil(" + r.settings().budgetFactor() + " x t_inf(n)), capped at "
            + r.settings().maxIterations() + "; t_inf = iterations of the infinite-width "
            + "kernel dynamics to the target at step 1/lambda_max"
        : "fixed: T = " + r.settings().maxIterations());
    f.put("budgets", budgets);
    Map<String, Integer> status = new LinkedHashMap<>();
    for (WidthSearch.Status st : WidthSearch.Status.values()) {
      status.put(st.name().toLowerCase(Locale.ROOT), 0);
    }
    for (WidthSearch.Point p : r.points()) {
      status.merge(p.status().name().toLowerCase(Locale.ROOT), 1, Integer::sum);
    }
    f.put("point_status", status);
    f.put("runs", r.runs().size());
    f.put("runs_reused", r.reused());
    f.put("summary", line);
    return f;
  }

  /** A finite number, or null for JSON. */
  private static Double value(double v) {
    return Double.isFinite(v) ? v : null;
  }

  /** The one-line statement of the measured exponent (and why any part is missing). */
  static String summaryLine(ScalingStudy.Results r) {
    ExponentFit fit = r.fit();
    int below = 0;
    List<String> missing = new ArrayList<>();
    for (WidthSearch.Point p : r.points()) {
      if (p.status() == WidthSearch.Status.BELOW_GRID) {
        below++;
      } else if (p.status() == WidthSearch.Status.NOT_FOUND
          && !missing.contains(Integer.toString(p.n()))) {
        missing.add(Integer.toString(p.n()));
      }
    }
    String tail = (missing.isEmpty() ? "" : "; no grid width reached the target for some "
        + "seeds at n = " + String.join(",", missing))
        + (below == 0 ? "" : "; " + below + (below == 1 ? " point" : " points") + " reached "
        + "the target even at the smallest trainable width (the first grid width halved "
        + "down), so m* is not bracketed; left out of the fit");
    if (!fit.hasExponent()) {
      return String.format(Locale.ROOT, "%s: no exponent measured: %s%s",
          r.settings().model(), fit.note(), tail);
    }
    String ci = fit.hasInterval() ? String.format(Locale.ROOT, "95%% bootstrap CI [%.2f, %.2f]",
        fit.ciLow(), fit.ciHigh()) : "no interval: " + fit.ciNote();
    return String.format(Locale.ROOT, "%s: measured exponent m*(n) ~ n^%.2f (%s; %d points, "
        + "%d sizes, resolution %.3g) for loss <= %.3g x initial within %s; "
        + "references n^1, n^1.5 (Song et al.) and n^2 (Gao et al.)%s", r.settings().model(),
        fit.exponent(), ci, fit.points(), fit.sizes(), r.settings().resolution(),
        r.settings().targetLoss(), r.settings().scaledBudget()
            ? String.format(Locale.ROOT, "T(n) = %s x t_inf(n) iterations",
                r.settings().budgetFactor())
            : r.settings().maxIterations() + " iterations", tail);
  }

  static LineChart chart(ScalingStudy.Results r) {
    List<double[]> found = new ArrayList<>();
    for (int n : r.settings().ns()) {
      double logSum = 0;
      int count = 0;
      for (WidthSearch.Point p : r.pointsOf(n)) {
        if (p.status() == WidthSearch.Status.BRACKETED) {
          logSum += Math.log(p.mStar());
          count++;
        }
      }
      if (count > 0) {
        found.add(new double[] {n, Math.exp(logSum / count)});
      }
    }
    found.sort((a, b) -> Double.compare(a[0], b[0]));
    double[] n = new double[found.size()];
    double[] m = new double[found.size()];
    for (int i = 0; i < n.length; i++) {
      n[i] = found.get(i)[0];
      m[i] = found.get(i)[1];
    }
    List<Series> series = new ArrayList<>();
    if (n.length == 0) {
      // No point bracketed: a log axis needs positive data, so show the widths tried instead.
      int[] ns = r.settings().ns().clone();
      java.util.Arrays.sort(ns);
      double[] x = new double[ns.length];
      double[] top = new double[ns.length];
      long[] grid = r.settings().widths();
      for (int i = 0; i < ns.length; i++) {
        x[i] = ns[i];
        top[i] = grid[grid.length - 1];
      }
      series.add(new Series("no m* bracketed (largest grid width shown)", x, top));
      return new LineChart("Width needed vs n (" + r.settings().model() + ")", "n (log)",
          "m* (log)", true, series, true);
    }
    series.add(new Series("measured m*(n), " + r.settings().model(), n, m)
        .inColorGroup("measured"));
    if (n.length >= 2 && r.fit().hasExponent()) {
      double[] fitted = new double[n.length];
      for (int i = 0; i < n.length; i++) {
        fitted[i] = r.fit().predict(n[i]);
      }
      series.add(new Series(String.format(Locale.ROOT, "fit n^%.2f", r.fit().exponent()), n,
          fitted).inColorGroup("measured").withStyle(Series.Style.DASHED));
    }
    if (n.length >= 1) {
      int last = n.length - 1;
      double[] ends = {n[0], n[last] > n[0] ? n[last] : 2 * n[0]};
      for (int j = 0; j < REFERENCE_SLOPES.length; j++) {
        double p = REFERENCE_SLOPES[j];
        series.add(new Series(REFERENCE_NAMES[j], ends, new double[] {m[0],
            m[0] * Math.pow(ends[1] / ends[0], p)}));
      }
    }
    return new LineChart("Width needed vs n (" + r.settings().model() + ")", "n (log)",
        "m* (log)", true, series, true);
  }

  private static void writePoints(Path file, List<WidthSearch.Point> points) {
    int k = points.size();
    double[][] c = new double[7][k];
    for (int i = 0; i < k; i++) {
      WidthSearch.Point p = points.get(i);
      double[] row = {p.n(), p.dataSeed(), p.seed(),
          p.failWidth() > 0 ? p.failWidth() : Double.NaN,
          p.passWidth() > 0 ? p.passWidth() : Double.NaN, p.mStar(), p.runs().size()};
      for (int j = 0; j < row.length; j++) {
        c[j][i] = row[j];
      }
    }
    CsvTable.write(file, List.of("n", "data_seed", "seed", "m_fail", "m_pass", "m_star",
        "runs"), List.of(c));
  }

  private static void writeRuns(Path file, List<RunOutcome> runs) {
    int k = runs.size();
    double[][] c = new double[14][k];
    for (int i = 0; i < k; i++) {
      RunOutcome o = runs.get(i);
      double[] row = {o.n(), o.width(), o.seed(), o.dataSeed(), o.reached() ? 1 : 0,
          o.reached() ? o.reachIteration() : Double.NaN, o.initialLoss(), o.finalLoss(),
          o.lambdaMin(), o.lambdaMax(), o.maxMove(), o.froMove(), o.gramDrift(), o.seconds()};
      for (int j = 0; j < row.length; j++) {
        c[j][i] = row[j];
      }
    }
    CsvTable.write(file, List.of("n", "width", "seed", "data_seed", "reached", "reach_iteration",
        "initial_loss", "final_loss", "lambda_min", "lambda_max", "max_move", "fro_move",
        "gram_drift", "seconds"), List.of(c));
  }

  private static double mean(List<RunOutcome> runs, ToDoubleFunction<RunOutcome> f) {
    if (runs.isEmpty()) {
      return Double.NaN;
    }
    double s = 0;
    int count = 0;
    for (RunOutcome o : runs) {
      double v = f.applyAsDouble(o);
      if (!Double.isNaN(v)) {
        s += v;
        count++;
      }
    }
    return count == 0 ? Double.NaN : s / count;
  }

  private static String fmt(double v) {
    if (Double.isNaN(v)) {
      return "-";
    }
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v)
        : String.format(Locale.ROOT, "%.4g", v);
  }
}

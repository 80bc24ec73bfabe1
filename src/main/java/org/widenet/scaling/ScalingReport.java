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
 * Writes the scaling study's outputs: scaling.csv (one row per n: m*(n) and the diagnostics
 * at it, averaged over the seeds), runs.csv (every run), scaling.png (the log-log plot with
 * reference slopes n^1, n^1.5 and n^2 through the first measured point) and report.html; and
 * returns the findings for summary.json (exponent, exponent_ci_low, exponent_ci_high, ...).
 */
public final class ScalingReport {
  public static final String CSV = "scaling.csv";
  public static final String RUNS = "runs.csv";
  public static final String PLOT = "scaling.png";
  public static final String REPORT = "report.html";

  /** The reference slopes drawn on the plot and where they come from. */
  static final double[] REFERENCE_SLOPES = {1.0, 1.5, 2.0};
  static final String[] REFERENCE_NAMES = {"n^1 (linear)", "n^1.5 (Song et al., smooth)",
      "n^2 (Gao et al.; quadratic bounds)"};

  private ScalingReport() {}

  /** Writes the files into {@code dir} and returns the findings for summary.json. */
  public static Map<String, Object> write(Path dir, ScalingStudy.Results r, String command) {
    List<WidthSearch.Threshold> th = r.thresholds();
    int k = th.size();
    double[][] cols = new double[10][k];
    for (int i = 0; i < k; i++) {
      WidthSearch.Threshold t = th.get(i);
      cols[0][i] = t.n();
      cols[1][i] = t.found() ? t.width() : Double.NaN;
      cols[2][i] = r.settings().seeds();
      cols[3][i] = t.found() ? t.seedsReached() : Double.NaN;
      cols[4][i] = mean(t.atWidth(), RunOutcome::lambdaMin);
      cols[5][i] = mean(t.atWidth(), RunOutcome::lambdaMax);
      cols[6][i] = mean(t.atWidth(), RunOutcome::maxMove);
      cols[7][i] = mean(t.atWidth(), RunOutcome::froMove);
      cols[8][i] = mean(t.atWidth(), RunOutcome::gramDrift);
      cols[9][i] = mean(t.atWidth(), o -> o.reached() ? o.reachIteration() : Double.NaN);
    }
    CsvTable.write(dir.resolve(CSV), List.of("n", "m_star", "seeds", "seeds_reached",
        "lambda_min", "lambda_max", "max_move", "fro_move", "gram_drift", "reach_iteration"),
        List.of(cols));
    writeRuns(dir.resolve(RUNS), r.runs());

    PowerLawFit fit = r.fit();
    String line = summaryLine(r);
    LineChart chart = chart(r);
    Charts.writePng(chart, dir.resolve(PLOT), HtmlReport.CHART_WIDTH, HtmlReport.CHART_HEIGHT);
    HtmlReport html = new HtmlReport("widenet scaling: " + r.settings().model());
    html.paragraph(line);
    html.chart(chart, "Smallest grid width m*(n) reaching loss <= eps * loss(0) within T "
        + "iterations, with the least-squares fit and reference slopes through the first point.");
    List<List<String>> rows = new ArrayList<>();
    for (int i = 0; i < k; i++) {
      rows.add(List.of(fmt(cols[0][i]), fmt(cols[1][i]), fmt(cols[3][i]) + "/" + fmt(cols[2][i]),
          fmt(cols[4][i]), fmt(cols[6][i]), fmt(cols[8][i])));
    }
    html.table(List.of("n", "m*", "seeds reached", "lambda_min(0)", "max move", "Gram drift"),
        rows);
    html.preformatted(command);
    html.write(dir.resolve(REPORT));

    Map<String, Object> f = new LinkedHashMap<>();
    f.put("exponent", fit.exponent());
    f.put("exponent_ci_low", fit.ciLow());
    f.put("exponent_ci_high", fit.ciHigh());
    f.put("exponent_standard_error", fit.standardError());
    f.put("exponent_method", "least squares of log m* on log n; 95% Student-t interval with "
        + "k - 2 degrees of freedom (k = sizes with a threshold)");
    f.put("fit_points", fit.points());
    List<Map<String, Object>> points = new ArrayList<>();
    for (int i = 0; i < k; i++) {
      Map<String, Object> p = new LinkedHashMap<>();
      p.put("n", th.get(i).n());
      p.put("m_star", th.get(i).found() ? th.get(i).width() : null);
      p.put("lambda_min", cols[4][i]);
      p.put("max_move", cols[6][i]);
      p.put("gram_drift", cols[8][i]);
      points.add(p);
    }
    f.put("thresholds", points);
    f.put("runs", r.runs().size());
    f.put("summary", line);
    return f;
  }

  /** The one-line statement of the measured exponent. */
  static String summaryLine(ScalingStudy.Results r) {
    PowerLawFit fit = r.fit();
    List<String> missing = new ArrayList<>();
    for (WidthSearch.Threshold t : r.thresholds()) {
      if (!t.found()) {
        missing.add(Integer.toString(t.n()));
      }
    }
    String tail = missing.isEmpty() ? "" : "; no grid width reached the target for n = "
        + String.join(",", missing);
    if (fit.points() < 2) {
      return String.format(Locale.ROOT, "%s: fewer than two sizes have a threshold width, so "
          + "no exponent was measured%s", r.settings().model(), tail);
    }
    String ci = Double.isNaN(fit.ciLow()) ? "no interval from two points"
        : String.format(Locale.ROOT, "95%% CI [%.2f, %.2f]", fit.ciLow(), fit.ciHigh());
    return String.format(Locale.ROOT, "%s: measured exponent m*(n) ~ n^%.2f (%s, %d sizes) "
        + "for loss <= %.3g x initial within %d iterations; references n^1, n^1.5 (Song et al.) "
        + "and n^2 (Gao et al.)%s", r.settings().model(), fit.exponent(), ci, fit.points(),
        r.settings().targetLoss(), r.settings().maxIterations(), tail);
  }

  static LineChart chart(ScalingStudy.Results r) {
    List<double[]> found = new ArrayList<>();
    for (WidthSearch.Threshold t : r.thresholds()) {
      if (t.found()) {
        found.add(new double[] {t.n(), t.width()});
      }
    }
    double[] n = new double[found.size()];
    double[] m = new double[found.size()];
    for (int i = 0; i < n.length; i++) {
      n[i] = found.get(i)[0];
      m[i] = found.get(i)[1];
    }
    List<Series> series = new ArrayList<>();
    series.add(new Series("measured m*(n), " + r.settings().model(), n, m)
        .inColorGroup("measured"));
    if (n.length >= 2) {
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

  private static void writeRuns(Path file, List<RunOutcome> runs) {
    int k = runs.size();
    double[][] c = new double[13][k];
    for (int i = 0; i < k; i++) {
      RunOutcome o = runs.get(i);
      double[] row = {o.n(), o.width(), o.seed(), o.reached() ? 1 : 0,
          o.reached() ? o.reachIteration() : Double.NaN, o.initialLoss(), o.finalLoss(),
          o.lambdaMin(), o.lambdaMax(), o.maxMove(), o.froMove(), o.gramDrift(), o.seconds()};
      for (int j = 0; j < row.length; j++) {
        c[j][i] = row[j];
      }
    }
    CsvTable.write(file, List.of("n", "width", "seed", "reached", "reach_iteration",
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

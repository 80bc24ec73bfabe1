package org.widenet.experiment;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.widenet.experiment.AroraExperiment.Curve;
import org.widenet.experiment.AroraExperiment.Results;
import org.widenet.experiment.AroraExperiment.SweepPoint;
import org.widenet.report.Charts;
import org.widenet.report.CsvColumns;
import org.widenet.report.HtmlReport;
import org.widenet.report.LineChart;
import org.widenet.report.Series;

/**
 * Writes the Arora et al. reproduction: curves.csv, spectrum.csv, complexity.csv, one PNG per
 * figure under figures/, and report.html with the same figures embedded; and states, from the
 * numbers, whether each of the paper's findings held.
 */
public final class AroraReport {
  public static final String REPORT = "report.html";
  private static final int PNG_WIDTH = 900;
  private static final int PNG_HEIGHT = 520;

  private AroraReport() {}

  /** Writes every file; returns the findings (name -> held?, with a sentence each). */
  public static Map<String, Object> write(Path dir, Results r, String commandLine) {
    writeCsv(dir, r);
    Map<String, LineChart> figures = figures(r);
    for (Map.Entry<String, LineChart> figure : figures.entrySet()) {
      Charts.writePng(figure.getValue(), dir.resolve("figures").resolve(figure.getKey()
          + ".png"), PNG_WIDTH, PNG_HEIGHT);
    }
    Map<String, Object> findings = findings(r);
    HtmlReport html = new HtmlReport("widenet: Arora et al. (2019) on " + r.train().source());
    html.preformatted(commandLine);
    html.paragraph(String.format(Locale.ROOT, "n = %d training and %d test images, d = %d, "
        + "width m = %d, kappa = %g, eta = %.4g (eta * lambda_max = %.3g), %d gradient-descent "
        + "iterations per run; %.0f s in all.", r.train().n(), r.test().n(), r.train().d(),
        r.settings().width(), r.settings().initScale(), r.eta(),
        r.eta() * r.spectrum().lambdaMax(), r.settings().iterations(), r.seconds()));
    html.heading("Findings");
    for (Object sentence : findings.values()) {
      html.paragraph(String.valueOf(((Map<?, ?>) sentence).get("text")));
    }
    html.heading("Figure 1(a): training curves, measured and predicted (Theorem 4.1)");
    html.chart(figures.get("fig1a-residual"), "Measured ||y - u(k)|| for true, random and "
        + "worst-case labels, and (\"predicted\") sqrt(sum_i (1 - eta lambda_i)^(2k) "
        + "(v_i . y)^2).");
    html.chart(figures.get("fig1a-residual-log"), "The same on a log scale.");
    html.heading("Figure 1(b): eigenvalues of H-infinity and label projections");
    html.chart(figures.get("fig1b-spectrum"), "Eigenvalues in decreasing order and (v_i . y)^2 "
        + "for true and random labels.");
    html.heading("Figure 2: complexity measure and test error vs random-label fraction");
    html.chart(figures.get("fig2-complexity"), "sqrt(2 y^T (H-infinity)^-1 y / n).");
    html.chart(figures.get("fig2-test-error"), "Test 0-1 error and l1 loss after training.");
    List<List<String>> rows = new ArrayList<>();
    for (SweepPoint p : r.sweep()) {
      rows.add(List.of(fmt(p.fraction()), fmt(p.complexity()),
          fmt(num(p.metrics(), "train_squared_loss")), fmt(num(p.metrics(), "test_error")),
          fmt(num(p.metrics(), "test_l1_loss"))));
    }
    html.table(List.of("random-label fraction", "complexity measure", "train squared loss",
        "test 0-1 error", "test l1 loss"), rows);
    html.write(dir.resolve(REPORT));
    return findings;
  }

  private static void writeCsv(Path dir, Results r) {
    int t = r.settings().iterations();
    double[] iteration = new double[t + 1];
    for (int k = 0; k <= t; k++) {
      iteration[k] = k;
    }
    List<String> header = new ArrayList<>(List.of("iteration"));
    List<double[]> columns = new ArrayList<>(List.of(iteration));
    for (Curve c : r.curves()) {
      String key = c.labels().split(" ")[0].replace('-', '_');
      header.add("residual_" + key);
      columns.add(c.measured());
      header.add("predicted_" + key);
      columns.add(c.predicted());
    }
    CsvColumns.write(dir.resolve("curves.csv"), header, columns);
    int n = r.train().n();
    double[] index = new double[n];
    for (int i = 0; i < n; i++) {
      index[i] = i;
    }
    CsvColumns.write(dir.resolve("spectrum.csv"), List.of("index", "eigenvalue",
        "projection_true_labels", "projection_random_labels"), List.of(index,
        r.spectrum().eigenvalues(), r.projectionsTrue(), r.projectionsRandom()));
    int points = r.sweep().size();
    double[][] cols = new double[7][points];
    for (int i = 0; i < points; i++) {
      SweepPoint p = r.sweep().get(i);
      cols[0][i] = p.fraction();
      cols[1][i] = p.complexity();
      cols[2][i] = p.jitter();
      cols[3][i] = num(p.metrics(), "train_squared_loss");
      cols[4][i] = num(p.metrics(), "test_error");
      cols[5][i] = num(p.metrics(), "test_l1_loss");
      cols[6][i] = num(p.metrics(), "test_squared_loss");
    }
    CsvColumns.write(dir.resolve("complexity.csv"), List.of("random_label_fraction",
        "complexity_measure", "complexity_jitter", "train_squared_loss", "test_error",
        "test_l1_loss", "test_squared_loss"), List.of(cols));
  }

  private static Map<String, LineChart> figures(Results r) {
    List<Series> curves = new ArrayList<>();
    for (Curve c : r.curves()) {
      String name = c.labels().replace(" labels", "");
      curves.add(Series.indexed(name, c.measured()).inColorGroup(name));
      curves.add(Series.indexed(name + ", predicted", c.predicted()).inColorGroup(name)
          .withStyle(Series.Style.DASHED));
    }
    Map<String, LineChart> figures = new LinkedHashMap<>();
    figures.put("fig1a-residual", new LineChart("Training residual ||y - u(k)||",
        "iteration k", "residual norm", false, curves));
    figures.put("fig1a-residual-log", new LineChart("Training residual ||y - u(k)|| (log)",
        "iteration k", "residual norm", true, curves));
    double[] eig = reversed(r.spectrum().eigenvalues());
    figures.put("fig1b-spectrum", new LineChart("Eigenvalues of H-infinity and projections",
        "eigenvalue index (decreasing)", "value", true, List.of(Series.indexed("eigenvalue",
            eig), Series.indexed("(v_i . y)^2 true labels", reversed(r.projectionsTrue())),
            Series.indexed("(v_i . y)^2 random labels", reversed(r.projectionsRandom())))));
    int points = r.sweep().size();
    double[] fraction = new double[points];
    double[] complexity = new double[points];
    double[] error = new double[points];
    double[] l1 = new double[points];
    for (int i = 0; i < points; i++) {
      SweepPoint p = r.sweep().get(i);
      fraction[i] = p.fraction();
      complexity[i] = p.complexity();
      error[i] = num(p.metrics(), "test_error");
      l1[i] = num(p.metrics(), "test_l1_loss");
    }
    figures.put("fig2-complexity", new LineChart("Complexity measure vs random-label fraction",
        "random-label fraction", "sqrt(2 y^T H^-1 y / n)", false,
        List.of(new Series("complexity measure", fraction, complexity))));
    figures.put("fig2-test-error", new LineChart("Test error vs random-label fraction",
        "random-label fraction", "test error", false, List.of(new Series("0-1 error", fraction,
            error), new Series("l1 loss", fraction, l1))));
    return figures;
  }

  /** The paper's claims, checked on these numbers. */
  static Map<String, Object> findings(Results r) {
    Map<String, Object> out = new LinkedHashMap<>();
    Curve t = r.curves().get(0);
    Curve rnd = r.curves().get(1);
    Curve worst = r.curves().get(2);
    int last = r.settings().iterations();
    double tf = t.measured()[last] / t.measured()[0];
    double rf = rnd.measured()[last] / rnd.measured()[0];
    double wf = worst.measured()[last] / worst.measured()[0];
    out.put("true_labels_train_fastest", finding(tf < rf && rf <= wf * 1.0000001, String.format(
        Locale.ROOT, "Figure 1(a): after %d iterations the residual fell to %.3f of its start "
            + "with true labels, %.3f with random labels and %.3f with worst-case labels.",
        last, tf, rf, wf)));
    double gap = 0;
    for (Curve c : r.curves()) {
      double norm = c.predicted()[0];
      for (int k = 0; k <= last; k++) {
        gap = Math.max(gap, Math.abs(c.measured()[k] - c.predicted()[k]) / norm);
      }
    }
    out.put("prediction_tracks_training", finding(gap <= 0.1, String.format(Locale.ROOT,
        "Theorem 4.1: the measured residual stayed within %.1f%% of ||y|| of the predicted "
            + "curve for all three label sets (criterion: within 10%%).", 100 * gap)));
    int top = Math.max(1, r.train().n() / 10);
    double pt = topShare(r.projectionsTrue(), top);
    double pr = topShare(r.projectionsRandom(), top);
    out.put("true_labels_align_with_top_eigenvectors", finding(pt > pr, String.format(
        Locale.ROOT, "Figure 1(b): the top %d eigenvectors of H-infinity (10%%) carry %.1f%% "
            + "of ||y||^2 for true labels and %.1f%% for random labels.", top, 100 * pt,
        100 * pr)));
    List<SweepPoint> sweep = r.sweep();
    boolean complexityGrows = sweep.get(sweep.size() - 1).complexity() > sweep.get(0).complexity();
    boolean errorGrows = num(sweep.get(sweep.size() - 1).metrics(), "test_error")
        > num(sweep.get(0).metrics(), "test_error");
    out.put("complexity_and_test_error_grow_with_random_labels", finding(complexityGrows
        && errorGrows, String.format(Locale.ROOT, "Figure 2: from %.0f%% to %.0f%% random "
            + "labels the complexity measure went from %.3f to %.3f and the test 0-1 error "
            + "from %.3f to %.3f.", 100 * sweep.get(0).fraction(),
        100 * sweep.get(sweep.size() - 1).fraction(), sweep.get(0).complexity(),
        sweep.get(sweep.size() - 1).complexity(), num(sweep.get(0).metrics(), "test_error"),
        num(sweep.get(sweep.size() - 1).metrics(), "test_error"))));
    return out;
  }

  private static Map<String, Object> finding(boolean held, String text) {
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("held", held);
    f.put("text", (held ? "Held. " : "Did not hold. ") + text);
    return f;
  }

  private static double topShare(double[] ascendingProjections, int top) {
    double all = 0;
    double head = 0;
    int n = ascendingProjections.length;
    for (int i = 0; i < n; i++) {
      all += ascendingProjections[i];
      if (i >= n - top) {
        head += ascendingProjections[i];
      }
    }
    return head / all;
  }

  private static double[] reversed(double[] a) {
    double[] out = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = a[a.length - 1 - i];
    }
    return out;
  }

  private static double num(Map<String, Object> m, String key) {
    Object v = m.get(key);
    return v instanceof Number ? ((Number) v).doubleValue() : Double.NaN;
  }

  private static String fmt(double v) {
    return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.4g", v);
  }
}

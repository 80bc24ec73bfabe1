package org.widenet.experiment.teacher;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.widenet.report.Charts;
import org.widenet.report.HtmlReport;
import org.widenet.report.LineChart;
import org.widenet.report.Series;
import org.widenet.scaling.CsvTable;

/**
 * Writes the teacher-student outputs: sweep.csv (one row per omega2: means and 95% intervals of
 * the train and test errors), runs.csv (every student), errors.png (the figure: errors against
 * omega2 / omega1 on a log axis, the interval ends as thin lines) and report.html; returns the
 * findings for summary.json.
 */
public final class TeacherStudentReport {
  public static final String SWEEP = "sweep.csv";
  public static final String RUNS = "runs.csv";
  public static final String FIGURE = "errors.png";
  public static final String REPORT = "report.html";

  private TeacherStudentReport() {}

  /** Writes the files into {@code dir} and returns the findings. */
  public static Map<String, Object> write(Path dir, TeacherStudentExperiment.Results r,
      String command) {
    List<TeacherStudentExperiment.Point> pts = r.points();
    int k = pts.size();
    double[][] c = new double[10][k];
    for (int i = 0; i < k; i++) {
      TeacherStudentExperiment.Point p = pts.get(i);
      double[] row = {p.omega2(), p.omega1(), p.ratio(), p.trainError().mean(),
          p.trainError().low(), p.trainError().high(), p.testError().mean(),
          p.testError().low(), p.testError().high(), p.runs().size()};
      for (int j = 0; j < row.length; j++) {
        c[j][i] = row[j];
      }
    }
    CsvTable.write(dir.resolve(SWEEP), List.of("omega2", "omega1", "ratio",
        "train_error", "train_error_ci_low", "train_error_ci_high", "test_error",
        "test_error_ci_low", "test_error_ci_high", "seeds"), List.of(c));
    writeRuns(dir.resolve(RUNS), r);

    Boolean held = TeacherStudentExperiment.trendHeld(pts);
    String line = summaryLine(r, held);
    LineChart chart = chart(r);
    Charts.writePng(chart, dir.resolve(FIGURE), HtmlReport.CHART_WIDTH, HtmlReport.CHART_HEIGHT);
    HtmlReport html = new HtmlReport("Teacher-student: generalization vs omega2 / omega1");
    html.paragraph(line);
    html.paragraph(String.format(Locale.ROOT, "Teacher: %d epochs, training error %.4f and "
        + "test error %.4f against the true labels. Students: width %d, %d epochs of SGD "
        + "(batch %d, lr %g) on the squared loss against the teacher's labels; "
        + "omega1 * omega2 = %.6f (He).", r.teacher().epochs(), r.teacher().trainError(),
        r.teacher().testError(), r.settings().width(), r.settings().epochs(),
        r.settings().batch(), r.settings().lr(), r.product()));
    html.chart(chart, "Mean train and test error over the seeds against omega2 / omega1 (log "
        + "scale); thin lines: the 95% t-interval's ends.");
    List<List<String>> rows = new ArrayList<>();
    for (TeacherStudentExperiment.Point p : pts) {
      rows.add(List.of(fmt(p.omega2()), fmt(p.omega1()), fmt(p.ratio()),
          interval(p.trainError().mean(), p.trainError().low(), p.trainError().high()),
          interval(p.testError().mean(), p.testError().low(), p.testError().high())));
    }
    html.table(List.of("omega2", "omega1", "omega2/omega1", "train error (95% CI)",
        "test error (95% CI)"), rows);
    html.preformatted(command);
    html.write(dir.resolve(REPORT));

    Map<String, Object> f = new LinkedHashMap<>();
    f.put("product", r.product());
    f.put("teacher_epochs", r.teacher().epochs());
    f.put("teacher_train_error", r.teacher().trainError());
    f.put("teacher_test_error", r.teacher().testError());
    List<Map<String, Object>> sweep = new ArrayList<>();
    for (TeacherStudentExperiment.Point p : pts) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("omega2", p.omega2());
      m.put("omega1", p.omega1());
      m.put("ratio", p.ratio());
      m.put("train_error", p.trainError().mean());
      m.put("train_error_ci_low", p.trainError().low());
      m.put("train_error_ci_high", p.trainError().high());
      m.put("test_error", p.testError().mean());
      m.put("test_error_ci_low", p.testError().low());
      m.put("test_error_ci_high", p.testError().high());
      sweep.add(m);
    }
    f.put("sweep", sweep);
    f.put("test_error_slope", TeacherStudentExperiment.testErrorSlope(pts));
    f.put("trend_held", held);
    f.put("summary", line);
    return f;
  }

  static String summaryLine(TeacherStudentExperiment.Results r, Boolean held) {
    List<TeacherStudentExperiment.Point> pts = r.points();
    TeacherStudentExperiment.Point lo = pts.get(0);
    TeacherStudentExperiment.Point hi = pts.get(pts.size() - 1);
    String verdict = held == null ? "one omega2 only, so no trend"
        : held ? "the paper's trend held: test error falls as omega2/omega1 grows"
        : "the paper's trend did not hold: test error does not fall as omega2/omega1 grows";
    return String.format(Locale.ROOT, "Test error %.4f at omega2/omega1 = %.3g and %.4f at "
        + "%.3g (means over %d seeds); %s.", lo.testError().mean(), lo.ratio(),
        hi.testError().mean(), hi.ratio(), lo.runs().size(), verdict);
  }

  static LineChart chart(TeacherStudentExperiment.Results r) {
    List<TeacherStudentExperiment.Point> pts = r.points();
    int k = pts.size();
    double[] x = new double[k];
    double[][] y = new double[4][k];
    for (int i = 0; i < k; i++) {
      TeacherStudentExperiment.Point p = pts.get(i);
      x[i] = p.ratio();
      y[0][i] = p.trainError().mean();
      // the interval is mean +- half (MeanInterval); NaN with one seed draws no bar
      y[1][i] = p.trainError().high() - p.trainError().mean();
      y[2][i] = p.testError().mean();
      y[3][i] = p.testError().high() - p.testError().mean();
    }
    // studies over seeds show their spread as error bars: the 95% interval of the mean
    List<Series> s = List.of(
        new Series("train error (95% interval over seeds)", x, y[0], y[1], null,
            Series.Style.SOLID),
        new Series("test error (95% interval over seeds)", x, y[2], y[3], null,
            Series.Style.SOLID));
    return new LineChart("Student error vs omega2 / omega1 (omega1 * omega2 fixed)",
        "omega2 / omega1 (log)", "error (fraction misclassified)", false, s, true);
  }

  private static void writeRuns(Path file, TeacherStudentExperiment.Results r) {
    List<double[]> rows = new ArrayList<>();
    for (TeacherStudentExperiment.Point p : r.points()) {
      for (int j = 0; j < p.runs().size(); j++) {
        StudentTrainer.Result s = p.runs().get(j);
        rows.add(new double[] {p.omega2(), p.omega1(), r.settings().seed() + 1 + j,
            s.trainError(), s.testError(), s.finalLoss(), s.seconds()});
      }
    }
    double[][] c = new double[7][rows.size()];
    for (int i = 0; i < rows.size(); i++) {
      for (int j = 0; j < 7; j++) {
        c[j][i] = rows.get(i)[j];
      }
    }
    CsvTable.write(file, List.of("omega2", "omega1", "seed", "train_error", "test_error",
        "final_loss", "seconds"), List.of(c));
  }

  private static String interval(double mean, double low, double high) {
    return Double.isNaN(low) ? fmt(mean)
        : String.format(Locale.ROOT, "%.4f [%.4f, %.4f]", mean, low, high);
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.4g", v);
  }
}

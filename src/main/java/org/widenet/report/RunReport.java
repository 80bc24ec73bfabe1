package org.widenet.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The report of one or more training runs: {@value #HTML} plus every figure as PNG and SVG
 * ({@code fig-*.png}, {@code fig-*.svg}), made from each run directory's metrics.csv and
 * summary.json. Several runs are overlaid on each figure, labelled by the settings that differ
 * between them ({@code width=1000} vs {@code width=4000}), or by directory name when none do.
 *
 * <p>Self-contained: report.html embeds every figure as a base64 PNG, so the single file can be
 * mailed or archived and reads offline. Each figure's caption also links to its PNG and SVG
 * files by relative path (they lie beside report.html in the output directory); those links
 * work only while the files stay together, and the embedded images do not need them.
 *
 * <p>Figures: the loss (log y); lambda_min and lambda_max of the Gram matrix (log y); the
 * Gram drift; weight movement (fro_move, max_move; log y); the activation pattern change;
 * measured vs predicted residual norm when a run has a {@code predicted_residual} column
 * (measured = sqrt(2 loss), solid; predicted dashed, same colour); and one figure per further
 * column with numeric values (a family's extras: coupling_error, lazy_distance,
 * cg_iterations, ...; or the columns of an older header such as deep-last's residual_norm and
 * contraction; a column {@code C_bound} is drawn dashed in C's figure, in the same colour). Any
 * metrics.csv with an {@code iteration} and a {@code loss} column is read; a
 * figure whose columns no run has is left out; empty cells are "not computed".
 *
 * <p>Followed by two tables: the runs' settings (the keys whose values differ first and
 * highlighted; {@code settings} and {@code data} of summary.json, nested maps flattened to
 * dotted keys) and results (status, initial and final loss, iterations, wall seconds). A run
 * without summary.json (still running, or killed) is reported from metrics.csv alone.
 */
public final class RunReport {
  /** The report's file name in the output directory. */
  public static final String HTML = "report.html";
  /** The file name prefix of the figures, which {@link #write} replaces. */
  static final String FIGURE_PREFIX = "fig-";
  /** The columns every metrics.csv of widenet's current trainers starts with. */
  static final List<String> CONTRACT = List.of("iteration", "loss", "elapsed_ms",
      "lambda_min", "lambda_max", "gram_drift", "max_move", "fro_move", "pattern_change");
  static final String PREDICTED = "predicted_residual";
  /** A column {@code C_bound} is drawn dashed in the figure of column {@code C}. */
  static final String BOUND = "_bound";
  private static final String METRICS = "metrics.csv";
  private static final String SUMMARY = "summary.json";

  private RunReport() {}

  /**
   * One run as read from its directory.
   *
   * @param dir the run directory
   * @param name the directory's name
   * @param columns the metrics.csv header, in order
   * @param values every column's values by name; empty or non-numeric cells are NaN
   * @param settings the flattened settings, in summary.json's order (empty without summary)
   * @param summary summary.json, or an empty map when there is none
   */
  record Run(Path dir, String name, List<String> columns, Map<String, double[]> values,
      Map<String, String> settings, Map<String, Object> summary) {
    double[] column(String name) {
      return values.get(name);
    }

    boolean hasValues(String name) {
      double[] v = values.get(name);
      if (v == null) {
        return false;
      }
      for (double d : v) {
        if (Double.isFinite(d)) {
          return true;
        }
      }
      return false;
    }
  }

  /**
   * Writes the report of the given runs into a directory: report.html and each figure as
   * {@code fig-NAME.png} and {@code fig-NAME.svg}. The directory is created if needed; an
   * earlier report there (report.html and {@code fig-*.png}/{@code fig-*.svg}) is replaced, and
   * any other file is left alone, so a run directory itself may hold its report.
   *
   * @param runDirs the run directories, in legend order, at least one
   * @param outDir the output directory
   * @return the path of report.html
   * @throws IllegalArgumentException if a run cannot be read (as {@link #check}); nothing is
   *     written then
   * @throws UncheckedIOException if the output cannot be written
   */
  public static Path write(List<Path> runDirs, Path outDir) {
    List<Run> runs = read(runDirs);
    try {
      Files.createDirectories(outDir);
      try (DirectoryStream<Path> old = Files.newDirectoryStream(outDir,
          FIGURE_PREFIX + "*.{png,svg}")) {
        for (Path p : old) {
          Files.deleteIfExists(p);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare " + outDir, e);
    }
    List<Map<String, String>> settings = runs.stream().map(Run::settings).toList();
    List<String> labels = RunLabels.labels(settings, runs.stream().map(Run::name).toList());
    HtmlReport html = new HtmlReport(runs.size() == 1 ? "Run report: " + runs.get(0).name()
        : "Run report: " + runs.size() + " runs");
    List<String> differing = RunLabels.differingKeys(settings);
    html.paragraph(runs.size() == 1 ? "One run." : runs.size() + " runs, labelled by "
        + (differing.isEmpty() ? "directory name (their settings do not differ)"
        : "the settings that differ: " + String.join(", ", differing)) + ".");
    StringBuilder dirs = new StringBuilder();
    for (int i = 0; i < runs.size(); i++) {
      dirs.append(labels.get(i)).append(": ").append(runs.get(i).dir().toAbsolutePath())
          .append('\n');
    }
    html.preformatted(dirs.toString().strip());
    html.heading("Figures");
    for (Figure f : figures(runs, labels)) {
      byte[] png = Charts.png(f.chart(), HtmlReport.CHART_WIDTH, HtmlReport.CHART_HEIGHT);
      String pngName = FIGURE_PREFIX + f.name() + ".png";
      String svgName = FIGURE_PREFIX + f.name() + ".svg";
      try {
        Files.write(outDir.resolve(pngName), png);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write " + outDir.resolve(pngName), e);
      }
      Charts.writeSvg(f.chart(), outDir.resolve(svgName), HtmlReport.CHART_WIDTH,
          HtmlReport.CHART_HEIGHT);
      html.figure(png, f.chart().title(), f.caption(), List.of(pngName, svgName));
    }
    html.heading("Results");
    resultsTable(html, runs, labels);
    html.heading("Settings");
    settingsTable(html, runs, differing);
    html.paragraph("Made by widenet " + Provenance.widenetVersion() + " (widenet report).");
    Path file = outDir.resolve(HTML);
    html.write(file);
    return file;
  }

  /**
   * Reads every run as {@link #write} does and reports the first problem, writing nothing.
   *
   * @param runDirs the run directories
   * @throws IllegalArgumentException naming the directory or file: no runs, not a directory,
   *     no metrics.csv, a metrics.csv without iteration and loss columns, an unreadable
   *     summary.json
   */
  public static void check(List<Path> runDirs) {
    read(runDirs);
  }

  static List<Run> read(List<Path> runDirs) {
    if (runDirs.isEmpty()) {
      throw new IllegalArgumentException("no run directory given");
    }
    List<Run> runs = new ArrayList<>();
    for (Path dir : runDirs) {
      runs.add(readRun(dir));
    }
    return runs;
  }

  private static Run readRun(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException(dir + ": " + (Files.exists(dir) ? "not a directory"
          : "no such directory"));
    }
    Path metrics = dir.resolve(METRICS);
    if (!Files.isRegularFile(metrics)) {
      throw new IllegalArgumentException(dir + ": no " + METRICS
          + " in it (not a widenet run directory?)");
    }
    List<String> lines;
    try {
      lines = Files.readAllLines(metrics, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalArgumentException(metrics + ": cannot read: " + e.getMessage());
    }
    if (lines.isEmpty()) {
      throw new IllegalArgumentException(metrics + ": empty (no header)");
    }
    List<String> columns = new ArrayList<>();
    for (String c : lines.get(0).split(",", -1)) {
      columns.add(c.strip().replace("\uFEFF", ""));
    }
    if (!columns.contains("iteration") || !columns.contains("loss")) {
      throw new IllegalArgumentException(metrics + ": the header has no iteration and loss "
          + "columns: " + lines.get(0));
    }
    List<String[]> rows = new ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      if (!line.isBlank()) {
        rows.add(line.split(",", -1));
      }
    }
    Map<String, double[]> values = new LinkedHashMap<>();
    for (int c = 0; c < columns.size(); c++) {
      double[] v = new double[rows.size()];
      for (int r = 0; r < rows.size(); r++) {
        String[] row = rows.get(r);
        v[r] = c < row.length ? number(row[c]) : Double.NaN;
      }
      values.putIfAbsent(columns.get(c), v);
    }
    Map<String, Object> summary = new LinkedHashMap<>();
    Path summaryFile = dir.resolve(SUMMARY);
    if (Files.isRegularFile(summaryFile)) {
      try {
        Object parsed = new ObjectMapper().readValue(summaryFile.toFile(), Object.class);
        if (!(parsed instanceof Map<?, ?> map)) {
          throw new IllegalArgumentException(summaryFile + ": not a JSON object");
        }
        map.forEach((k, v) -> summary.put(String.valueOf(k), v));
      } catch (JsonProcessingException e) {
        throw new IllegalArgumentException(summaryFile + ": not valid JSON: "
            + e.getOriginalMessage());
      } catch (IOException e) {
        throw new IllegalArgumentException(summaryFile + ": cannot read: " + e.getMessage());
      }
    }
    Map<String, String> settings = new LinkedHashMap<>();
    flatten("", summary.get("settings"), settings);
    flatten("data.", summary.get("data"), settings);
    Path name = dir.toAbsolutePath().normalize().getFileName();
    return new Run(dir, name == null ? dir.toString() : name.toString(), List.copyOf(columns),
        values, settings, summary);
  }

  private static double number(String cell) {
    String t = cell.strip();
    if (t.isEmpty()) {
      return Double.NaN;
    }
    try {
      return Double.parseDouble(t);
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }

  private static void flatten(String prefix, Object value, Map<String, String> out) {
    if (value instanceof Map<?, ?> map) {
      if (map.isEmpty() && !prefix.isEmpty()) {
        out.put(prefix.substring(0, prefix.length() - 1), "{}");
      }
      map.forEach((k, v) -> {
        if (v instanceof Map<?, ?> inner && !inner.isEmpty()) {
          flatten(prefix + k + ".", v, out);
        } else {
          out.put(prefix + k, text(v));
        }
      });
    }
  }

  private static String text(Object v) {
    if (v instanceof Map<?, ?> m && m.isEmpty()) {
      return "{}";
    }
    if (v instanceof List<?> list) {
      List<String> parts = new ArrayList<>();
      list.forEach(e -> parts.add(text(e)));
      return "[" + String.join(", ", parts) + "]";
    }
    return String.valueOf(v);
  }

  /** A figure to render: its file name stem, chart and caption. */
  record Figure(String name, LineChart chart, String caption) {}

  static List<Figure> figures(List<Run> runs, List<String> labels) {
    List<Figure> figures = new ArrayList<>();
    figures.add(new Figure("loss", new LineChart("Training loss", "iteration", "loss", true,
        perRun(runs, labels, "loss")), "The loss per iteration, log scale."));
    if (any(runs, "lambda_min") || any(runs, "lambda_max")) {
      List<Series> series = new ArrayList<>();
      for (int i = 0; i < runs.size(); i++) {
        add(series, runs.get(i), "lambda_max", labels.get(i) + ": lambda_max", labels.get(i),
            Series.Style.SOLID);
        add(series, runs.get(i), "lambda_min", labels.get(i) + ": lambda_min", labels.get(i),
            Series.Style.DOTTED);
      }
      figures.add(new Figure("eigenvalues", new LineChart("Gram matrix eigenvalues",
          "iteration", "eigenvalue", true, series), "The smallest (dotted) and largest "
          + "(solid) eigenvalue of the Gram matrix H(t), where computed; log scale."));
    }
    if (any(runs, "gram_drift")) {
      figures.add(new Figure("gram-drift", new LineChart("Gram matrix drift", "iteration",
          "gram_drift", false, perRun(runs, labels, "gram_drift")),
          "How far the Gram matrix moved from its start, where computed."));
    }
    if (any(runs, "fro_move") || any(runs, "max_move")) {
      List<Series> series = new ArrayList<>();
      for (int i = 0; i < runs.size(); i++) {
        add(series, runs.get(i), "fro_move", labels.get(i) + ": fro_move", labels.get(i),
            Series.Style.SOLID);
        add(series, runs.get(i), "max_move", labels.get(i) + ": max_move", labels.get(i),
            Series.Style.DOTTED);
        add(series, runs.get(i), "max_move" + BOUND, labels.get(i) + ": max_move" + BOUND,
            labels.get(i), Series.Style.DASHED);
      }
      figures.add(new Figure("movement", new LineChart("Weight movement from initialization",
          "iteration", "distance", true, series), "fro_move (solid): Frobenius distance of "
          + "the hidden weights from their start; max_move (dotted): the largest move of one "
          + "neuron; max_move_bound (dashed, where a family reports it): its bound. Log "
          + "scale."));
    }
    if (any(runs, "pattern_change")) {
      figures.add(new Figure("pattern-change", new LineChart("Activation pattern change",
          "iteration", "pattern_change", false, perRun(runs, labels, "pattern_change")),
          "The fraction of (neuron, example) activation patterns that differ from the start."));
    }
    if (any(runs, PREDICTED)) {
      List<Series> series = new ArrayList<>();
      for (int i = 0; i < runs.size(); i++) {
        Run run = runs.get(i);
        double[] loss = run.column("loss");
        double[] measured = new double[loss.length];
        for (int k = 0; k < loss.length; k++) {
          measured[k] = Math.sqrt(2 * loss[k]);
        }
        series.add(new Series(labels.get(i) + ": measured", run.column("iteration"), measured)
            .inColorGroup(labels.get(i)));
        add(series, run, PREDICTED, labels.get(i) + ": predicted", labels.get(i),
            Series.Style.DASHED);
      }
      figures.add(new Figure("residual", new LineChart("Residual norm: measured vs predicted",
          "iteration", "||y - u||", true, series), "Measured sqrt(2 loss) (solid) and the "
          + "residual norm the kernel predicts, predicted_residual (dashed, same colour). Log "
          + "scale."));
    }
    Set<String> extras = new LinkedHashSet<>();
    for (Run run : runs) {
      for (String c : run.columns()) {
        if (!CONTRACT.contains(c) && !c.equals(PREDICTED) && !c.equals("max_move" + BOUND)) {
          extras.add(c);
        }
      }
    }
    Set<String> stems = new LinkedHashSet<>();
    for (String column : extras) {
      if (!any(runs, column)) {
        continue;
      }
      boolean bounded = extras.contains(column + BOUND) && any(runs, column + BOUND);
      if (column.endsWith(BOUND) && extras.contains(column.substring(0, column.length()
          - BOUND.length())) && any(runs, column.substring(0, column.length()
          - BOUND.length()))) {
        continue;  // drawn dashed in the figure of the column it bounds
      }
      List<Series> series = new ArrayList<>();
      for (int i = 0; i < runs.size(); i++) {
        add(series, runs.get(i), column, bounded ? labels.get(i) + ": " + column
            : labels.get(i), labels.get(i), Series.Style.SOLID);
        if (bounded) {
          add(series, runs.get(i), column + BOUND, labels.get(i) + ": " + column + BOUND,
              labels.get(i), Series.Style.DASHED);
        }
      }
      boolean log = wantsLog(series);
      String stem = "extra-" + column.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_-]+", "_");
      for (int k = 2; !stems.add(stem); k++) {
        stem = stem + "-" + k;
      }
      figures.add(new Figure(stem, new LineChart(column, "iteration", column, log, series),
          "The metrics.csv column " + column + (bounded ? " (solid) and its bound " + column
          + BOUND + " (dashed, same colour)" : "") + (log ? ", log scale." : ".")));
    }
    return figures;
  }

  /** Log y for a column whose values are all positive and span at least two decades. */
  private static boolean wantsLog(List<Series> series) {
    double min = Double.POSITIVE_INFINITY;
    double max = 0;
    for (Series s : series) {
      for (double v : s.y()) {
        if (Double.isFinite(v)) {
          if (v <= 0) {
            return false;
          }
          min = Math.min(min, v);
          max = Math.max(max, v);
        }
      }
    }
    return max > 0 && max / min >= 100;
  }

  private static boolean any(List<Run> runs, String column) {
    return runs.stream().anyMatch(r -> r.hasValues(column));
  }

  private static List<Series> perRun(List<Run> runs, List<String> labels, String column) {
    List<Series> series = new ArrayList<>();
    for (int i = 0; i < runs.size(); i++) {
      add(series, runs.get(i), column, labels.get(i), labels.get(i), Series.Style.SOLID);
    }
    return series;
  }

  private static void add(List<Series> series, Run run, String column, String name,
      String group, Series.Style style) {
    double[] y = run.column(column);
    if (y == null) {
      return;
    }
    series.add(new Series(name, run.column("iteration"), y).inColorGroup(group)
        .withStyle(style));
  }

  private static void resultsTable(HtmlReport html, List<Run> runs, List<String> labels) {
    List<List<String>> rows = new ArrayList<>();
    for (int i = 0; i < runs.size(); i++) {
      Run run = runs.get(i);
      Map<String, Object> s = run.summary();
      double[] loss = run.column("loss");
      double[] iteration = run.column("iteration");
      String status = s.isEmpty() ? "no summary.json" : text(s.getOrDefault("status", ""));
      String initial = s.containsKey("initial_loss") ? formatted(s.get("initial_loss"))
          : loss.length > 0 ? formatted(loss[0]) : "";
      String last = s.containsKey("final_loss") ? formatted(s.get("final_loss"))
          : loss.length > 0 ? formatted(loss[loss.length - 1]) : "";
      String iterations = s.containsKey("iterations") ? text(s.get("iterations"))
          : iteration.length > 0 ? String.valueOf((long) iteration[iteration.length - 1]) : "";
      String wall = s.get("wall_seconds") instanceof Number n
          ? String.format(Locale.ROOT, "%.1f", n.doubleValue()) : text(s.getOrDefault(
              "wall_seconds", ""));
      rows.add(List.of(labels.get(i), run.name(), status, initial, last, iterations, wall));
    }
    html.table(List.of("run", "directory", "status", "initial_loss", "final_loss",
        "iterations", "wall_seconds"), rows);
  }

  private static String formatted(Object v) {
    if (v instanceof Number n) {
      double d = n.doubleValue();
      return Double.isFinite(d) ? String.format(Locale.ROOT, "%.6g", d) : String.valueOf(d);
    }
    return text(v);
  }

  private static void settingsTable(HtmlReport html, List<Run> runs, List<String> differing) {
    Set<String> keys = new LinkedHashSet<>(differing);
    runs.forEach(r -> keys.addAll(r.settings().keySet()));
    if (keys.isEmpty()) {
      html.paragraph("No settings: no run has a summary.json.");
      return;
    }
    List<String> header = new ArrayList<>();
    header.add("setting");
    runs.forEach(r -> header.add(r.name()));
    List<List<String>> rows = new ArrayList<>();
    for (String key : keys) {
      List<String> row = new ArrayList<>();
      row.add(key);
      for (Run r : runs) {
        String v = r.settings().get(key);
        row.add(v == null ? "(unset)" : v);
      }
      rows.add(row);
    }
    Set<Integer> highlighted = new LinkedHashSet<>();
    for (int i = 0; i < differing.size(); i++) {
      highlighted.add(i);
    }
    if (!differing.isEmpty()) {
      html.paragraph("Highlighted, first: the settings that differ between the runs.");
    }
    html.table(header, rows, highlighted);
  }
}

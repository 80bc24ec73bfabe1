package org.widenet.experiment.diffusion;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.widenet.experiment.diffusion.DiffusionExperiment.Results;
import org.widenet.report.CsvColumns;
import org.widenet.report.HtmlReport;
import org.widenet.report.LineChart;
import org.widenet.report.ScatterChart;
import org.widenet.report.Series;

/**
 * Writes the diffusion experiment's files: training.csv (iteration, training_loss),
 * score_error_by_time.csv (t_low, t_high, score_error_learned, score_error_zero_denoiser),
 * distances.csv (sampler, energy_distance, ratio_to_noise), samples.csv (source, x1..xd; source
 * is target, learned, exact or noise) and report.html; and returns the numbers summary.json
 * carries.
 */
public final class DiffusionReport {
  /** The report's file name. */
  public static final String REPORT = "report.html";

  private DiffusionReport() {}

  /**
   * Writes every file into {@code dir} (which must exist and not hold these files yet).
   *
   * @return the summary entries (key -> number or text)
   */
  public static Map<String, Object> write(Path dir, Results r, String commandLine) {
    int iterations = r.trainingLoss().length;
    double[] iteration = new double[iterations];
    for (int k = 0; k < iterations; k++) {
      iteration[k] = k;
    }
    CsvColumns.write(dir.resolve("training.csv"), List.of("iteration", "training_loss"),
        List.of(iteration, r.trainingLoss()));
    int bins = r.binLearned().length;
    double[] low = new double[bins];
    double[] high = new double[bins];
    double[] mid = new double[bins];
    for (int b = 0; b < bins; b++) {
      low[b] = r.binEdges()[b];
      high[b] = r.binEdges()[b + 1];
      mid[b] = 0.5 * (low[b] + high[b]);
    }
    CsvColumns.write(dir.resolve("score_error_by_time.csv"), List.of("t_low", "t_high",
        "score_error_learned", "score_error_zero_denoiser"), List.of(low, high, r.binLearned(),
        r.binZero()));
    writeDistances(dir.resolve("distances.csv"), r);
    writeSamples(dir.resolve("samples.csv"), r);
    Map<String, Object> numbers = numbers(r);

    DiffusionSettings s = r.settings();
    HtmlReport html = new HtmlReport("widenet: diffusion score estimation on " + s.target());
    html.preformatted(commandLine);
    html.paragraph(String.format(Locale.ROOT, "Target %s (d = %d). Training set of Section 6.1: "
        + "n = %d pairs, t ~ Unif(%s, %s), forward process (3) with g(t) = %s + (%s - %s) t / %s "
        + "(VP SDE: x(t) = alpha_t x(0) + sigma_t z, alpha_t = exp(-G(t)/2), sigma_t^2 = 1 - "
        + "exp(-G(t)), G = int_0^t g). Inputs z = (t/T, x(t)/%.4g)/sqrt(2) (norm <= 1), labels "
        + "x(0)/%.4g (norm <= 1). Denoiser: %s, trained in %.1f s. Score by Tweedie: s(t, x) "
        + "= (alpha_t E[x(0) | t, x] - x) / sigma_t^2. Sampling: Euler-Maruyama on the "
        + "reverse SDE (4), %d steps from T to T0, %d samples; %.0f s in all.", s.target(),
        r.d(), s.n(), s.t0(), s.schedule().tMax(), s.schedule().betaMin(),
        s.schedule().betaMax(), s.schedule().betaMin(), s.schedule().tMax(),
        r.inputMap().xScale(), r.labelMap().scale(), r.trainer(), r.trainSeconds(), s.steps(),
        s.samples(), r.seconds()));
    html.heading("Result");
    html.paragraph(String.valueOf(numbers.get("finding")));
    html.table(List.of("samples", "energy distance to the target", "relative to noise"),
        List.of(row("reverse SDE, learned score", r.energyLearned(), r.energyNoise()),
            row("reverse SDE, exact score", r.energyExact(), r.energyNoise()),
            row("plain N(0, I) noise", r.energyNoise(), r.energyNoise()),
            row("a second target sample (estimator floor)", r.energyTarget(),
                r.energyNoise())));
    html.paragraph("Energy distance (Szekely-Rizzo): D^2 = 2 mean ||x_i - y_j|| - mean_{i != i'} "
        + "||x_i - x_i'|| - mean_{j != j'} ||y_j - y_j'||, measured against a fresh target sample "
        + "of the same size; 0 means equal laws.");
    html.paragraph(String.format(Locale.ROOT, "Score-matching error (5) on %d held-out pairs, "
        + "weighted by lambda(t) = sigma_t^2: %.4g for the learned score, %.4g for the zero "
        + "denoiser (the network at its symmetric initialization, score -x/sigma_t^2), and "
        + "%.4g for the score 0 (the weighted mean of ||grad log p_t||^2).", s.testN(),
        r.scoreErrorLearned(), r.scoreErrorZero(), r.scoreErrorScale()));
    html.heading("Samples");
    html.chart(scatter("Target p0", "target", r.reference(), r), "A sample of the target.");
    html.chart(scatter("Reverse SDE with the learned score", "learned", r.learned(), r),
        "Samples of the reverse SDE whose score comes from the trained denoiser.");
    html.chart(scatter("Reverse SDE with the exact score", "exact", r.exact(), r),
        "The same chain (same noise) with the exact score of the diffused mixture.");
    html.chart(scatter("Plain N(0, I) noise", "noise", r.noise(), r),
        "The starting distribution of the reverse SDE.");
    html.heading("Training");
    double[] floor = new double[r.trainingLoss().length];
    java.util.Arrays.fill(floor, r.bayesLoss());
    html.chart(new LineChart("Training loss 0.5 ||F - Y||^2 (normalized labels)", "iteration",
        "training loss", true, List.of(Series.indexed("training loss", r.trainingLoss()),
            Series.indexed("exact denoiser", floor))), "The denoiser's training curve, and the "
            + "loss of the exact denoiser E[x(0) | t, x(t)] on the same pairs: the label noise, "
            + "which a denoiser that generalizes does not go far below.");
    html.chart(new LineChart("Weighted score error by time", "t", "sigma_t^2 ||s - grad log p_t||^2",
        true, List.of(new Series("learned", mid, r.binLearned()), new Series("zero denoiser",
            mid, r.binZero()))), "Held-out score error in " + bins + " time bins.");
    html.write(dir.resolve(REPORT));
    return numbers;
  }

  private static Map<String, Object> numbers(Results r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("energy_distance_learned", r.energyLearned());
    m.put("energy_distance_exact", r.energyExact());
    m.put("energy_distance_noise", r.energyNoise());
    m.put("energy_distance_target_resample", r.energyTarget());
    boolean closer = r.energyLearned() < r.energyNoise();
    m.put("learned_closer_than_noise", closer);
    m.put("learned_to_noise_ratio", r.energyLearned() / r.energyNoise());
    m.put("score_error_learned", r.scoreErrorLearned());
    m.put("score_error_zero_denoiser", r.scoreErrorZero());
    m.put("score_error_zero_score", r.scoreErrorScale());
    m.put("score_error_weight", "lambda(t) = sigma_t^2");
    m.put("initial_training_loss", r.trainingLoss()[0]);
    m.put("final_training_loss", r.trainingLoss()[r.trainingLoss().length - 1]);
    m.put("exact_denoiser_training_loss", r.bayesLoss());
    m.put("train_seconds", r.trainSeconds());
    m.put("finding", String.format(Locale.ROOT, "%s The learned-score samples are at energy "
        + "distance %.4g from the target, %.1f%% of plain noise's %.4g (%.2fx closer); the "
        + "exact score reaches %.4g and a second target sample %.4g. The learned score's weighted "
        + "error is %.4g against %.4g for the zero denoiser.", closer
            ? "Learned samples are closer to the target than noise."
            : "Learned samples are NOT closer to the target than noise.", r.energyLearned(),
        100 * r.energyLearned() / r.energyNoise(), r.energyNoise(),
        r.energyNoise() / r.energyLearned(), r.energyExact(), r.energyTarget(),
        r.scoreErrorLearned(), r.scoreErrorZero()));
    return m;
  }

  private static List<String> row(String name, double value, double noise) {
    return List.of(name, String.format(Locale.ROOT, "%.4g", value),
        String.format(Locale.ROOT, "%.1f%%", 100 * value / noise));
  }

  private static ScatterChart scatter(String title, String name, double[] points, Results r) {
    int count = r.settings().samples();
    double[] x = new double[count];
    double[] y = new double[count];
    System.arraycopy(points, 0, x, 0, count);
    System.arraycopy(points, count, y, 0, count);
    String suffix = r.d() > 2 ? " (first two of " + r.d() + " coordinates)" : "";
    // One range for every sample chart: the box around all four sample sets, plus 5%.
    double[] range = {Double.MAX_VALUE, -Double.MAX_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE};
    for (double[] set : List.of(r.reference(), r.learned(), r.exact(), r.noise())) {
      for (int i = 0; i < count; i++) {
        for (int k = 0; k < 2; k++) {
          double v = set[i + k * count];
          if (Double.isFinite(v)) {
            range[2 * k] = Math.min(range[2 * k], v);
            range[2 * k + 1] = Math.max(range[2 * k + 1], v);
          }
        }
      }
    }
    for (int k = 0; k < 4; k += 2) {
      double pad = 0.05 * (range[k + 1] - range[k]) + 1e-9;
      range[k] -= pad;
      range[k + 1] += pad;
    }
    return new ScatterChart(title + suffix, "x1", "x2", List.of(new Series(name, x, y)), range);
  }


  private static void writeDistances(Path file, Results r) {
    List<String> lines = new ArrayList<>(List.of("sampler,energy_distance,ratio_to_noise"));
    String[] names = {"learned", "exact", "noise", "target_resample"};
    double[] values = {r.energyLearned(), r.energyExact(), r.energyNoise(), r.energyTarget()};
    for (int i = 0; i < names.length; i++) {
      lines.add(names[i] + "," + cell(values[i]) + ","
          + cell(values[i] / r.energyNoise()));
    }
    try {
      Files.write(file, lines, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  private static void writeSamples(Path file, Results r) {
    int d = r.d();
    int count = r.settings().samples();
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      StringBuilder header = new StringBuilder("source");
      for (int j = 1; j <= d; j++) {
        header.append(",x").append(j);
      }
      out.write(header.toString());
      out.newLine();
      String[] names = {"target", "learned", "exact", "noise"};
      double[][] sets = {r.reference(), r.learned(), r.exact(), r.noise()};
      StringBuilder line = new StringBuilder();
      for (int s = 0; s < names.length; s++) {
        for (int i = 0; i < count; i++) {
          line.setLength(0);
          line.append(names[s]);
          for (int j = 0; j < d; j++) {
            line.append(',').append(cell(sets[s][i + j * count]));
          }
          out.write(line.toString());
          out.newLine();
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  /** A CSV cell: the shortest exact decimal, empty for NaN (as metrics.csv). */
  private static String cell(double value) {
    return Double.isNaN(value) ? "" : Double.toString(value);
  }
}

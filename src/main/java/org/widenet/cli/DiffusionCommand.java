package org.widenet.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.widenet.experiment.diffusion.DenoiserTrainer;
import org.widenet.experiment.diffusion.DiffusionExperiment;
import org.widenet.experiment.diffusion.DiffusionReport;
import org.widenet.experiment.diffusion.DiffusionSettings;
import org.widenet.experiment.diffusion.KernelGdTrainer;
import org.widenet.experiment.diffusion.NoiseSchedule;
import org.widenet.experiment.diffusion.SoftmaxDenoiserTrainer;
import org.widenet.report.Provenance;
import org.widenet.report.SummaryWriter;
import org.widenet.softmax.SoftmaxSettings;
import org.widenet.train.OptimizerKind;

/**
 * {@code widenet experiment diffusion}: score estimation for a diffusion model with a learned
 * denoiser (Gu et al., Section 6). Runs in the driver JVM (no Spark job).
 */
final class DiffusionCommand {
  /** The files this command writes besides summary.json (removed first with --overwrite). */
  static final List<String> OUTPUTS = List.of("training.csv", "score_error_by_time.csv",
      "distances.csv", "samples.csv", DiffusionReport.REPORT);

  static final List<OptionSpec> SPECS = List.of(RunOptions.CONFIG,
      OptionSpec.value("target", "gmm2d|gmm8d", "gmm2d", "target distribution p0 (Gaussian "
          + "mixtures with an exact score)"),
      OptionSpec.value("n", "N", "1000", "training pairs (t, x(t)) -> x(0)"),
      OptionSpec.value("test-n", "N", "2000", "held-out pairs for the score error"),
      OptionSpec.value("denoiser", "softmax2|kernel", "softmax2", "what learns E[x(0) | t, "
          + "x(t)]: the softmax2 network, or gradient descent on a Gaussian-kernel regression"),
      OptionSpec.value("width", "M", "2000", "hidden neurons of the softmax2 denoiser (even)"),
      OptionSpec.value("sigma", "S", "3", "standard deviation of softmax2's initial weights"),
      OptionSpec.value("optimizer", "gn|gd", "gn", "softmax2 training: damped Gauss-Newton or "
          + "gradient descent (the paper's; slow on this ill-conditioned Gram)"),
      OptionSpec.value("damping-ratio", "R", "1e-3", "Gauss-Newton damping mu = R * "
          + "lambda_max(J J^T(0))"),
      OptionSpec.value("lr", "X|auto", "auto", "gradient-descent step; auto = 0.5 / "
          + "lambda_max(J J^T(0))"),
      OptionSpec.value("iterations", "T", "5 for gn, 300 for gd and kernel", "training "
          + "iterations of the denoiser"),
      OptionSpec.value("kernel-bandwidth", "H", "0.1", "bandwidth of the kernel denoiser"),
      OptionSpec.value("t0", "T0", "0.01", "smallest time of training and sampling"),
      OptionSpec.value("t-max", "T", "1", "horizon T of the forward process"),
      OptionSpec.value("beta-min", "B", "0.1", "g(0) of the linear schedule"),
      OptionSpec.value("beta-max", "B", "20", "g(T) of the linear schedule"),
      OptionSpec.value("samples", "N", "1000", "points drawn by each sampler"),
      OptionSpec.value("steps", "K", "500", "Euler-Maruyama steps of the reverse SDE"),
      OptionSpec.value("seed", "S", "0", "seed of data, noise and network"),
      OptionSpec.value("out", "DIR", "runs/diffusion", "output directory (must be empty or new)"),
      OptionSpec.flag("overwrite", "replace widenet's outputs in a non-empty --out"),
      OptionSpec.flag("help", "print this help"));

  private final PrintStream out;
  private final PrintStream err;

  DiffusionCommand(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  static String help() {
    return RunOptions.help("widenet experiment diffusion [options]", "Score estimation for a "
        + "diffusion model (Gu et al., Section 6): learns the denoiser E[x(0) | t, x(t)],\n"
        + "measures the weighted score error against the exact score and samples with the "
        + "reverse SDE.", SPECS);
  }

  int run(String[] args) {
    if (RunOptions.wantsHelp(args)) {
      out.print(help());
      return 0;
    }
    ParsedOptions o;
    DiffusionSettings settings;
    DenoiserTrainer trainer;
    Path outDir;
    try {
      o = ParsedOptions.parse(SPECS, args);
      settings = settings(o);
      trainer = trainer(o);
      outDir = Path.of(o.get("out") != null ? o.get("out") : "runs/diffusion");
      boolean overwrite = o.flag("overwrite");
      OutputDirectory.prepare(outDir, overwrite);
      if (overwrite) {
        for (String name : OUTPUTS) {
          Files.deleteIfExists(outDir.resolve(name));
        }
      }
    } catch (UsageException | IllegalArgumentException | UncheckedIOException e) {
      return SparkRun.inputError(err, e);
    } catch (IOException e) {
      return SparkRun.inputError(err, new UncheckedIOException("cannot clear --out", e));
    }
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("status", "running");
    summary.put("experiment", "diffusion");
    summary.put("started_at", Instant.now().toString());
    Provenance.describe(summary);
    summary.put("settings", describe(o, settings, trainer));
    Path summaryFile = outDir.resolve(OutputDirectory.SUMMARY);
    SummaryWriter.write(summaryFile, summary);
    long start = System.nanoTime();
    try {
      DiffusionExperiment.Results r = DiffusionExperiment.run(settings, trainer, out);
      summary.putAll(DiffusionReport.write(outDir, r, "widenet experiment diffusion "
          + String.join(" ", args)));
      summary.put("status", "completed");
      summary.put("wall_seconds", r.seconds());
      SummaryWriter.write(summaryFile, summary);
      out.printf(Locale.ROOT, "diffusion: done in %.0f s; open %s%n", r.seconds(),
          outDir.resolve(DiffusionReport.REPORT));
      return 0;
    } catch (RuntimeException e) {
      String why = e.getMessage() == null ? e.toString() : e.getMessage();
      summary.put("status", "failed: " + why);
      summary.put("wall_seconds", (System.nanoTime() - start) / 1e9);
      SummaryWriter.write(summaryFile, summary);
      err.println("widenet: experiment failed: " + why.lines().findFirst().orElse(why));
      return 1;
    }
  }

  private static DiffusionSettings settings(ParsedOptions o) {
    NoiseSchedule schedule = new NoiseSchedule(o.getDouble("beta-min", 0.1),
        o.getDouble("beta-max", 20), o.getDouble("t-max", 1));
    return new DiffusionSettings(o.get("target") == null ? "gmm2d" : o.get("target"),
        o.getInt("n", 1000), o.getInt("test-n", 2000), schedule, o.getDouble("t0", 0.01),
        o.getInt("samples", 1000), o.getInt("steps", 500), o.getLong("seed", 0));
  }

  private static DenoiserTrainer trainer(ParsedOptions o) {
    String kind = o.get("denoiser") == null ? "softmax2" : o.get("denoiser");
    boolean gn = kind.equals("softmax2")
        && (o.get("optimizer") == null || o.get("optimizer").equals("gn"));
    int iterations = o.getInt("iterations", gn ? 5 : 300);
    if (iterations < 0) {
      throw new UsageException("--iterations must be at least 0, got " + iterations);
    }
    return switch (kind) {
      case "kernel" -> new KernelGdTrainer(o.getDouble("kernel-bandwidth", 0.1), iterations);
      case "softmax2" -> new SoftmaxDenoiserTrainer(softmax(o, iterations),
          o.getDouble("damping-ratio", 1e-3));
      default -> throw new UsageException("--denoiser " + kind + ": unknown (denoisers: "
          + "softmax2, kernel)");
    };
  }

  private static SoftmaxSettings softmax(ParsedOptions o, int iterations) {
    int width = o.getInt("width", 2000);
    if (width < 2 || width % 2 != 0) {
      throw new UsageException("--width must be even and at least 2 (symmetric "
          + "initialization), got " + width);
    }
    double sigma = o.getDouble("sigma", 3);
    if (!(sigma > 0)) {
      throw new UsageException("--sigma must be positive, got " + sigma);
    }
    String lr = o.get("lr") == null ? "auto" : o.get("lr").trim();
    double eta = lr.equals("auto") ? Double.NaN : o.getDouble("lr", 1);
    if (!Double.isNaN(eta) && !(eta > 0)) {
      throw new UsageException("--lr must be positive or auto, got " + lr);
    }
    String optimizer = o.get("optimizer") == null ? "gn" : o.get("optimizer");
    OptimizerKind kind = switch (optimizer) {
      case "gd" -> OptimizerKind.GD;
      case "gn" -> OptimizerKind.GN;
      default -> throw new UsageException("--optimizer " + optimizer + ": expected gd or gn");
    };
    if (!(o.getDouble("damping-ratio", 1e-3) > 0)) {
      throw new UsageException("--damping-ratio must be positive");
    }
    return SoftmaxSettings.defaults().withWidth(width).withSigma(sigma).withIterations(iterations)
        .withSeed(o.getLong("seed", 0)).withLearningRate(eta).withOptimizer(kind, 0);
  }

  private static Map<String, Object> describe(ParsedOptions o, DiffusionSettings s,
      DenoiserTrainer trainer) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("target", s.target());
    m.put("n", s.n());
    m.put("test_n", s.testN());
    m.put("denoiser", trainer.describe());
    boolean network = trainer instanceof SoftmaxDenoiserTrainer;
    boolean gn = trainer.describe().contains("Gauss-Newton");
    if (network) {
      m.put("width", o.getLong("width", 2000));
      m.put("sigma", o.getDouble("sigma", 3));
      m.put("optimizer", gn ? "gn" : "gd");
      m.put(gn ? "damping_ratio" : "lr", gn ? (Object) o.getDouble("damping-ratio", 1e-3)
          : o.get("lr") == null ? "auto" : o.get("lr"));
    } else {
      m.put("kernel_bandwidth", o.getDouble("kernel-bandwidth", 0.1));
    }
    m.put("iterations", o.getInt("iterations", gn ? 5 : 300));
    m.put("t0", s.t0());
    m.put("t_max", s.schedule().tMax());
    m.put("beta_min", s.schedule().betaMin());
    m.put("beta_max", s.schedule().betaMax());
    m.put("schedule", "g(t) = beta_min + (beta_max - beta_min) t / T (VP SDE)");
    m.put("samples", s.samples());
    m.put("steps", s.steps());
    m.put("seed", s.seed());
    return m;
  }
}

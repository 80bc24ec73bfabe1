package org.widenet.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.widenet.report.Provenance;
import org.widenet.report.SummaryWriter;
import org.widenet.scaling.ReachRule;
import org.widenet.scaling.ScalingReport;
import org.widenet.scaling.ScalingSettings;
import org.widenet.scaling.ScalingStudy;
import org.widenet.scaling.ScalingTrials;
import org.widenet.scaling.WidthTrial;
import org.widenet.spark.SparkEngine;
import org.widenet.train.LocalEngine;

/**
 * {@code widenet scaling}: the smallest width at which training reaches a target loss, as a
 * function of n, and the exponent of that growth (see {@link ScalingStudy}).
 */
final class ScalingCommand {
  static final String DEFAULT_GRID = "25,50,100,200,400,800,1600,3200";

  static final List<OptionSpec> SPECS = RunOptions.concat(List.of(RunOptions.CONFIG), List.of(
      OptionSpec.value("model", "relu2|exp2|smooth2|softmax2", "relu2", "model family"),
      OptionSpec.value("n", "N,..", "100,200,400,800", "training-set sizes (synthetic sphere "
          + "data)"),
      OptionSpec.value("width-grid", "M,..", DEFAULT_GRID, "widths tried, increasing; m*(n) is "
          + "the smallest that reaches the target"),
      OptionSpec.value("seeds", "K", "3", "initialization seeds run at every width"),
      OptionSpec.value("seed", "S", "0", "first initialization seed (seeds S .. S+K-1)"),
      OptionSpec.value("rule", "all|majority", "all", "a width reaches the target when all "
          + "seeds (or more than half) do"),
      OptionSpec.value("target-loss", "EPS", "0.01", "target: loss <= EPS * initial loss"),
      OptionSpec.value("max-iterations", "T", "200", "gradient-descent iterations per run"),
      OptionSpec.value("lr", "X|auto", "auto", "step size; auto = 1/lambda_max(J J^T) at "
          + "initialization"),
      OptionSpec.value("init-scale", "X", "1", "kappa (relu2) or sigma (exp2)"),
      OptionSpec.value("d", "D", "10", "input dimension of the sphere data"),
      OptionSpec.value("target", "random|linear|quadratic|cos", "random", "synthetic target"),
      OptionSpec.value("data-seed", "S", "0", "seed of the synthetic data"),
      OptionSpec.value("parallel-runs", "P", "1", "training runs at once"),
      OptionSpec.value("partitions", "P", "2", "neuron blocks per run (at most the width)"),
      OptionSpec.value("engine", "spark|local", "spark", "spark: every run is a Spark job on "
          + "--master; local: blocks run in the driver JVM (small studies)")),
      RunOptions.SPECS);

  /** Files this command writes besides summary.json (removed first with --overwrite). */
  private static final List<String> OWN = List.of(ScalingReport.CSV, ScalingReport.RUNS,
      ScalingReport.PLOT, ScalingReport.REPORT);

  private final PrintStream out;
  private final PrintStream err;

  ScalingCommand(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  static String help() {
    return RunOptions.help("widenet scaling [options]", "For each n, the smallest grid width "
        + "at which gradient descent reaches loss <= EPS * initial loss\nwithin T iterations "
        + "(all seeds, or a majority), and the exponent of m*(n) with its 95% interval.",
        SPECS);
  }

  int run(String[] args) {
    if (RunOptions.wantsHelp(args)) {
      out.print(help());
      return 0;
    }
    ParsedOptions o;
    ScalingSettings settings;
    RunOptions run;
    Path outDir;
    String engineName;
    try {
      o = ParsedOptions.parse(SPECS, args);
      run = new RunOptions(o);
      settings = settings(o);
      engineName = o.get("engine") == null ? "spark"
          : o.get("engine").trim().toLowerCase(java.util.Locale.ROOT);
      if (!engineName.equals("spark") && !engineName.equals("local")) {
        throw new UsageException("--engine \"" + o.get("engine") + "\": choose spark or local");
      }
      ScalingTrials.forModel(settings, (spec, blocks, data) -> null, null);
      outDir = Path.of(run.out != null ? run.out : "runs/scaling");
      OutputDirectory.check(outDir, run.overwrite);
      OutputDirectory.prepare(outDir, run.overwrite);
      for (String name : OWN) {
        Files.deleteIfExists(outDir.resolve(name));
      }
    } catch (IOException e) {
      return SparkRun.inputError(err, new UncheckedIOException("cannot prepare --out", e));
    } catch (UsageException | IllegalArgumentException | UncheckedIOException e) {
      return SparkRun.inputError(err, e);
    }
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("status", "running");
    summary.put("command", "scaling");
    Path summaryFile = outDir.resolve(OutputDirectory.SUMMARY);
    ScalingSettings s = settings;
    String engine = engineName;
    return SparkRun.execute("widenet scaling", run, outDir, summary, err, "scaling",
        (spark, jsc) -> {
          Provenance.describe(summary);
          summary.put("settings", describe(s, engine));
          SummaryWriter.write(summaryFile, summary);
          boolean local = engine.equals("local");
          WidthTrial trial = ScalingTrials.forModel(s, (spec, blocks, data) -> local
              ? new LocalEngine(spec, blocks, data.x(), data.n(), data.d())
              : new SparkEngine(jsc, spec, blocks, data.x(), data.n(), data.d(),
                  SparkEngine.Options.defaults()), local ? null : jsc);
          ScalingStudy.Results results = ScalingStudy.run(s, trial, out);
          Map<String, Object> findings = ScalingReport.write(outDir, results,
              "widenet scaling " + String.join(" ", args));
          summary.put("status", "completed");
          summary.putAll(findings);
          summary.put("wall_seconds", results.seconds());
          SummaryWriter.write(summaryFile, summary);
          out.println(findings.get("summary"));
          out.printf(Locale.ROOT, "scaling: done in %.0f s; open %s%n", results.seconds(),
              outDir.resolve(ScalingReport.REPORT));
        });
  }

  static ScalingSettings settings(ParsedOptions o) {
    String lr = o.get("lr") == null ? "auto" : o.get("lr").trim().toLowerCase(Locale.ROOT);
    double eta = lr.equals("auto") ? Double.NaN : o.getDouble("lr", 1);
    try {
      return new ScalingSettings(o.get("model") == null ? "relu2"
          : o.get("model").trim().toLowerCase(Locale.ROOT),
          o.get("n", new int[] {100, 200, 400, 800}, ScalingCommand::ints),
          o.get("width-grid", longs(DEFAULT_GRID), ScalingCommand::longs),
          o.getInt("seeds", 3), o.getLong("seed", 0), o.getDouble("target-loss", 0.01),
          o.getInt("max-iterations", 200), o.get("rule", ReachRule.ALL, ReachRule::parse),
          o.getInt("parallel-runs", 1), o.getInt("d", 10),
          o.get("target") == null ? "random" : o.get("target").trim().toLowerCase(Locale.ROOT),
          o.getLong("data-seed", 0), o.getDouble("init-scale", 1.0), eta,
          o.getInt("partitions", 2));
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
  }

  private static int[] ints(String list) {
    long[] v = longs(list);
    int[] out = new int[v.length];
    for (int i = 0; i < v.length; i++) {
      if (v[i] > Integer.MAX_VALUE) {
        throw new IllegalArgumentException("value " + v[i] + " is too large");
      }
      out[i] = (int) v[i];
    }
    return out;
  }

  private static long[] longs(String list) {
    String[] parts = list.split(",");
    long[] v = new long[parts.length];
    for (int i = 0; i < parts.length; i++) {
      try {
        v[i] = Long.parseLong(parts[i].trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("\"" + parts[i].trim() + "\" is not an integer");
      }
    }
    return v;
  }

  private static Map<String, Object> describe(ScalingSettings s, String engine) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("model", s.model());
    m.put("n", s.ns());
    m.put("width_grid", s.widths());
    m.put("seeds", s.seeds());
    m.put("seed", s.seed0());
    m.put("rule", s.rule().cliName());
    m.put("target_loss", s.targetLoss());
    m.put("max_iterations", s.maxIterations());
    m.put("lr", Double.isNaN(s.learningRate()) ? "auto" : s.learningRate());
    m.put("init_scale", s.initScale());
    m.put("d", s.d());
    m.put("target", s.target());
    m.put("data_seed", s.dataSeed());
    m.put("parallel_runs", s.parallelRuns());
    m.put("partitions", s.partitions());
    m.put("engine", engine);
    return m;
  }
}

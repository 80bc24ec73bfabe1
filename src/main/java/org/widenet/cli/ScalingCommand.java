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
import org.widenet.data.DataException;
import org.widenet.data.DataFormat;
import org.widenet.data.DataLoader;
import org.widenet.data.Dataset;
import org.widenet.data.LoadOptions;
import org.widenet.report.Provenance;
import org.widenet.report.SummaryWriter;
import org.widenet.scaling.IterationBudget;
import org.widenet.scaling.ReachRule;
import org.widenet.scaling.ScalingReport;
import org.widenet.scaling.ScalingSettings;
import org.widenet.scaling.ScalingStudy;
import org.widenet.scaling.ScalingTrials;
import org.widenet.scaling.StudyData;
import org.widenet.scaling.StudyJournal;
import org.widenet.scaling.WidthTrial;
import org.widenet.spark.SparkEngine;
import org.widenet.train.LocalEngine;

/**
 * {@code widenet scaling}: the width m* at which training starts to reach a target loss, as a
 * function of n, per seed and data seed to a set resolution, and the exponent of that growth
 * with a bootstrap interval (see {@link ScalingStudy}). A study is resumable: rerun with the
 * same --out and settings, it does not train its finished runs again (see
 * {@link StudyJournal}).
 */
final class ScalingCommand {
  static final String DEFAULT_GRID = "25,50,100,200,400,800,1600,3200";
  static final String DEFAULT_TARGET_LOSS = "0.01";
  static final String DEFAULT_ITERATIONS = "1000";
  static final String DEFAULT_N = "40,80,160";
  static final int DEFAULT_BUDGET_CAP = 1_000_000;

  static final List<OptionSpec> SPECS = RunOptions.concat(List.of(RunOptions.CONFIG), List.of(
      OptionSpec.value("model", "relu2|exp2|smooth2|softmax2", "relu2", "model family"),
      OptionSpec.value("n", "N,..", DEFAULT_N, "training-set sizes (synthetic sphere "
          + "data, or N rows drawn from --data)"),
      OptionSpec.value("width-grid", "M,..", DEFAULT_GRID, "widths scanned upwards, "
          + "increasing; per seed, the first that reaches the target and the one below it "
          + "bracket m*"),
      OptionSpec.value("resolution", "R", "0.05", "bisect the bracket in log-width until "
          + "m_pass <= (1+R) m_fail; m* = sqrt(m_fail m_pass). No width above the first "
          + "passing grid width is tried; inside the bracket monotonicity is assumed"),
      OptionSpec.value("seeds", "K", "3", "initialization seeds; each gets its own m*"),
      OptionSpec.value("seed", "S", "0", "first initialization seed (seeds S .. S+K-1)"),
      OptionSpec.value("rule", "all|majority", "all", "the table's m*(n) over seeds: the "
          + "largest (all) or the median (majority); the fit uses every seed"),
      OptionSpec.value("target-loss", "EPS", DEFAULT_TARGET_LOSS, "target: loss <= EPS * "
          + "initial loss"),
      OptionSpec.value("max-iterations", "T", DEFAULT_ITERATIONS, "gradient-descent "
          + "iterations per run; must be several times what a very wide network needs at the "
          + "largest n (relu2, d = 10, EPS = 0.01: about 30, 100, 300 at n = 40, 80, 160), "
          + "else m* measures the budget; with --budget-factor, the cap of T(n) (default "
          + "1000000)"),
      OptionSpec.value("budget-factor", "F", "fixed budget", "per-n budget T(n) = ceil(F "
          + "t_inf(n)), t_inf(n) = the iterations the infinite-width kernel dynamics (step "
          + "1/lambda_max) need to reach the target on that data set; relu2 and exp2 only"),
      OptionSpec.value("lr", "X|auto", "auto", "step size; auto = 1/lambda_max(J J^T) at "
          + "initialization"),
      OptionSpec.value("init-scale", "X", "1", "kappa (relu2) or sigma (exp2)"),
      OptionSpec.value("data", "PATH", "synthetic", "draw the n points from this CSV/LIBSVM/"
          + "Parquet file: the first n of a random permutation of its rows per data seed "
          + "(nested across n)"),
      OptionSpec.value("format", "libsvm|csv|parquet", "from the path", "format of --data"),
      OptionSpec.value("label-col", "NAME", "label", "CSV/Parquet target column of --data"),
      OptionSpec.flag("normalize", "scale every row of --data to unit norm"),
      OptionSpec.value("d", "D", "10", "input dimension of the sphere data"),
      OptionSpec.value("target", "random|linear|quadratic|cos", "random", "synthetic target"),
      OptionSpec.value("data-seeds", "K", "1", "data sets per n (data seeds S .. S+K-1); "
          + "the interval resamples them too"),
      OptionSpec.value("data-seed", "S", "0", "first data seed"),
      OptionSpec.value("parallel-runs", "P|auto", "auto", "training runs at once, each "
          + "from its own driver thread (concurrent Spark jobs on the spark engine); auto = "
          + "Spark's default parallelism (the cores), right for small runs (one block each); "
          + "for runs too wide for one core give P and --partitions"),
      OptionSpec.value("partitions", "P|auto", "auto", "neuron blocks per run (at most the "
          + "width); auto = max(1, cores / parallel runs) on the spark engine, so the runs "
          + "together fill the cores; 1 on the local engine, so runs do not depend on "
          + "--parallel-runs (a local run with P blocks steps them on the cores the runs "
          + "leave it)"),
      OptionSpec.value("engine", "auto|spark|local", "auto", "spark: every iteration of a "
          + "run is a Spark job on --master; local: a run's blocks run in its JVM, without Spark jobs; "
          + "auto: local when --master is local[...] (one JVM: a Spark job per iteration only "
          + "adds its scheduling time), else spark")),
      RunOptions.SPECS);

  /** Report files this command rewrites at the end of every run (removed at its start). */
  private static final List<String> OWN = List.of(ScalingReport.CSV, ScalingReport.POINTS,
      ScalingReport.RUNS, ScalingReport.PLOT, ScalingReport.REPORT);

  private final PrintStream out;
  private final PrintStream err;

  ScalingCommand(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  static String help() {
    return RunOptions.help("widenet scaling [options]", "For each n, seed and data seed, the "
        + "width m* at which gradient descent starts to reach loss <= EPS * initial\nloss "
        + "within T iterations: the first grid width that reaches it (scanning upwards) and "
        + "the grid width\nbelow (or, when the first grid width reaches it, that width halved "
        + "until a run fails) bracket m*,\nbisected in log-width to --resolution; "
        + "m* = sqrt(m_fail m_pass) of the final bracket.\nThen the exponent of m*(n) by least "
        + "squares over all points, with a 95% bootstrap interval over\nseeds and data seeds "
        + "(or a note saying why there is none).\nResumable: every finished run is "
        + "appended to --out/trials.csv; rerun with the same --out and\nsettings (study.json) "
        + "to finish a stopped study without training its finished runs again\n"
        + "(--parallel-runs, --partitions, --engine and Spark options may change; other "
        + "changes are refused).", SPECS);
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
    String engine;
    StudyData studyData;
    boolean resume;
    try {
      o = ParsedOptions.parse(SPECS, args);
      run = new RunOptions(o);
      Dataset full = null;
      String dataText = null;
      if (o.has("data")) {
        for (String option : List.of("d", "target")) {
          if (o.has(option)) {
            throw new UsageException("--" + option + " applies to synthetic data only, not "
                + "--data");
          }
        }
        String path = o.get("data");
        DataFormat format = o.has("format") ? o.get("format", null, DataFormat::parse)
            : guessFormat(path);
        String label = o.get("label-col") == null ? "label" : o.get("label-col");
        boolean normalize = o.flag("normalize");
        dataText = path + " (" + format.name().toLowerCase(Locale.ROOT) + ", label " + label
            + (normalize ? ", normalized" : "") + ")";
        full = DataLoader.load(path, format, new LoadOptions(label, null,
            format == DataFormat.PARQUET ? LoadOptions.DEFAULT_FEATURES : null, false)).data();
        if (normalize) {
          full = full.normalized();
        }
      } else {
        for (String option : List.of("format", "label-col", "normalize")) {
          if (o.has(option)) {
            throw new UsageException("--" + option + " applies to --data only");
          }
        }
      }
      settings = settings(o, dataText);
      try {
        studyData = full == null ? StudyData.synthetic(settings)
            : StudyData.subsample(settings, full);
        if (settings.scaledBudget()) {
          for (int n : settings.ns()) {
            for (long ds : settings.dataSeedList()) {
              studyData.budget(n, ds);
            }
          }
        }
      } catch (IllegalArgumentException e) {
        throw new UsageException(e.getMessage());
      }
      engine = o.get("engine") == null ? "auto"
          : o.get("engine").trim().toLowerCase(java.util.Locale.ROOT);
      if (!List.of("auto", "spark", "local").contains(engine)) {
        throw new UsageException("--engine \"" + o.get("engine") + "\": choose auto, spark or "
            + "local");
      }
      ScalingTrials.forModel(settings, studyData, (spec, blocks, data) -> null, null);
      outDir = Path.of(run.out != null ? run.out : "runs/scaling");
      resume = !run.overwrite && StudyJournal.isStudy(outDir);
      if (resume) {
        String why = StudyJournal.mismatch(outDir, settings);
        if (why != null) {
          throw new UsageException(why);
        }
        if (!Files.isWritable(outDir)) {
          throw new UsageException("--out " + outDir + ": directory is not writable");
        }
      } else {
        OutputDirectory.check(outDir, run.overwrite);
        OutputDirectory.prepare(outDir, run.overwrite);
        Files.deleteIfExists(outDir.resolve(StudyJournal.TRIALS));
        StudyJournal.writeSettings(outDir, settings);
      }
      for (String name : OWN) {
        Files.deleteIfExists(outDir.resolve(name));
      }
    } catch (IOException e) {
      return SparkRun.inputError(err, new UncheckedIOException("cannot prepare --out", e));
    } catch (UsageException | IllegalArgumentException | UncheckedIOException
        | DataException e) {
      return SparkRun.inputError(err, e);
    }
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("status", "running");
    summary.put("command", "scaling");
    summary.put("resumed", resume);
    Path summaryFile = outDir.resolve(OutputDirectory.SUMMARY);
    ScalingSettings unresolved = settings;
    String engineName = engine;
    StudyData sets = studyData;
    return SparkRun.execute("widenet scaling", run, outDir, summary, err, "scaling",
        (spark, jsc) -> {
          String used = engineName.equals("auto") ? autoEngine(jsc.master()) : engineName;
          ScalingSettings s = unresolved.resolved(jsc.defaultParallelism(),
              used.equals("local"));
          Provenance.describe(summary);
          summary.put("settings", describe(s, used));
          SummaryWriter.write(summaryFile, summary);
          boolean local = used.equals("local");
          int threads = s.localThreads(jsc.defaultParallelism());
          WidthTrial trial = ScalingTrials.forModel(s, sets, (spec, blocks, data) -> local
              ? LocalEngine.threaded(spec, blocks, data.x(), data.n(), data.d(), threads)
              : new SparkEngine(jsc, spec, blocks, data.x(), data.n(), data.d(),
                  SparkEngine.Options.defaults()), local ? null : jsc);
          out.printf(Locale.ROOT, "scaling: %d runs at once, %d neuron blocks each (%d "
              + "cores, %s engine)%n", s.parallelRuns(), s.partitions(),
              jsc.defaultParallelism(), used);
          if (s.scaledBudget()) {
            for (int n : s.ns()) {
              for (long ds : s.dataSeedList()) {
                IterationBudget.Budget b = sets.budget(n, ds);
                out.printf(Locale.ROOT, "scaling: budget n=%d data-seed=%d: t_inf = %s, T = "
                    + "%d%s%n", n, ds, b.kernelIterations() == Long.MAX_VALUE ? "never"
                    : Long.toString(b.kernelIterations()), b.iterations(),
                    b.capped() ? " (capped at --max-iterations)" : "");
              }
            }
          }
          ScalingStudy.Results results;
          try (StudyJournal journal = StudyJournal.open(outDir)) {
            results = ScalingStudy.run(s, trial, out, journal);
          }
          Map<String, Object> findings = ScalingReport.write(outDir, results,
              "widenet scaling " + String.join(" ", args), sets);
          summary.put("status", "completed");
          summary.putAll(findings);
          summary.put("wall_seconds", results.seconds());
          SummaryWriter.write(summaryFile, summary);
          out.println(findings.get("summary"));
          out.printf(Locale.ROOT, "scaling: done in %.0f s (%d runs, %d of them from %s); "
              + "open %s%n", results.seconds(), results.runs().size(), results.reused(),
              StudyJournal.TRIALS, outDir.resolve(ScalingReport.REPORT));
        });
  }

  /**
   * --engine auto: local for an in-process master (local, local[N], local[*]), where a Spark job
   * per iteration only adds its scheduling time (148 s against 5 s for a small study on this
   * project's 2-core machine); spark for a cluster (including local-cluster[...], whose
   * executors are separate JVMs).
   */
  static String autoEngine(String master) {
    return master != null && (master.equals("local") || master.startsWith("local["))
        ? "local" : "spark";
  }

  private static DataFormat guessFormat(String path) {
    String lower = path.toLowerCase(Locale.ROOT).replaceAll("/+$", "");
    if (lower.endsWith(".csv") || lower.endsWith(".csv.gz")) {
      return DataFormat.CSV;
    }
    if (lower.endsWith(".libsvm") || lower.endsWith(".svm") || lower.endsWith(".txt")) {
      return DataFormat.LIBSVM;
    }
    if (lower.endsWith(".parquet")) {
      return DataFormat.PARQUET;
    }
    throw new UsageException("--data " + path + ": cannot tell the format from the name; "
        + "give --format libsvm, csv or parquet");
  }

  static ScalingSettings settings(ParsedOptions o) {
    return settings(o, null);
  }

  /** The settings of the options; {@code data} describes --data (null: synthetic). */
  static ScalingSettings settings(ParsedOptions o, String data) {
    String lr = o.get("lr") == null ? "auto" : o.get("lr").trim().toLowerCase(Locale.ROOT);
    double eta = lr.equals("auto") ? Double.NaN : o.getDouble("lr", 1);
    try {
      return new ScalingSettings(o.get("model") == null ? "relu2"
          : o.get("model").trim().toLowerCase(Locale.ROOT),
          o.get("n", ints(DEFAULT_N), ScalingCommand::ints),
          o.get("width-grid", longs(DEFAULT_GRID), ScalingCommand::longs),
          o.getInt("seeds", 3), o.getLong("seed", 0),
          o.getDouble("target-loss", Double.parseDouble(DEFAULT_TARGET_LOSS)),
          o.getInt("max-iterations", o.has("budget-factor") ? DEFAULT_BUDGET_CAP
              : Integer.parseInt(DEFAULT_ITERATIONS)),
          o.get("rule", ReachRule.ALL, ReachRule::parse), auto(o, "parallel-runs"),
          o.getInt("d", 10),
          o.get("target") == null ? "random" : o.get("target").trim().toLowerCase(Locale.ROOT),
          o.getLong("data-seed", 0), o.getDouble("init-scale", 1.0), eta,
          auto(o, "partitions"),
          o.getDouble("resolution", ScalingSettings.DEFAULT_RESOLUTION),
          o.getInt("data-seeds", 1), data,
          o.has("budget-factor") ? o.getDouble("budget-factor", 1) : Double.NaN);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
  }

  /** A positive count, or 0 for "auto" (the default). */
  private static int auto(ParsedOptions o, String name) {
    String v = o.get(name);
    if (v == null || v.trim().equalsIgnoreCase("auto")) {
      return 0;
    }
    int n = o.getInt(name, 1);
    if (n < 1) {
      throw new UsageException("--" + name + " must be >= 1 or auto, got " + n);
    }
    return n;
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
    m.put("resolution", s.resolution());
    m.put("rule", s.rule().cliName());
    m.put("target_loss", s.targetLoss());
    m.put("max_iterations", s.maxIterations());
    m.put("budget_factor", s.scaledBudget() ? s.budgetFactor() : null);
    m.put("lr", Double.isNaN(s.learningRate()) ? "auto" : s.learningRate());
    m.put("init_scale", s.initScale());
    m.put("d", s.d());
    m.put("target", s.target());
    m.put("data", s.data() == null ? "synthetic" : s.data());
    m.put("data_seed", s.dataSeed());
    m.put("data_seeds", s.dataSeeds());
    m.put("parallel_runs", s.parallelRuns());
    m.put("partitions", s.partitions());
    m.put("engine", engine);
    return m;
  }
}

package org.widenet.cli;

import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.widenet.analysis.Evaluation;
import org.widenet.data.DataException;
import org.widenet.data.MultiLabelData;
import org.widenet.model.BlockLayout;
import org.widenet.model.DenseInputs;
import org.widenet.report.MetricsCsvWriter;
import org.widenet.report.ProgressPrinter;
import org.widenet.report.Provenance;
import org.widenet.report.SummaryWriter;
import org.widenet.softmax.SoftmaxFamily;
import org.widenet.softmax.SoftmaxJobs;
import org.widenet.softmax.SoftmaxMath;
import org.widenet.softmax.SoftmaxModelStore;
import org.widenet.softmax.SoftmaxResult;
import org.widenet.softmax.SoftmaxSgdConfig;
import org.widenet.softmax.SoftmaxSgdResult;
import org.widenet.softmax.SoftmaxSgdTrainer;
import org.widenet.softmax.SoftmaxSpec;
import org.widenet.softmax.SoftmaxTrainConfig;
import org.widenet.softmax.SoftmaxTrainer;
import org.widenet.softmax.TheoremStepSize;
import org.widenet.spark.SparkEngine;
import org.widenet.train.CheckpointHook;
import org.widenet.train.GramMode;
import org.widenet.train.GramSettings;
import org.widenet.train.IterationRecord;
import org.widenet.train.OptimizerKind;
import org.widenet.train.ResumePoint;
import org.widenet.train.TrainingListener;

/**
 * {@code widenet train --model softmax2}: the softmax network of Gu, Li, Liang, Shi, Song with
 * k outputs, trained on the Spark engine by gd, gn or mini-batch sgd. Writes metrics.csv (the
 * columns of every train run, plus coupling_error with --coupling-test, or epoch for sgd),
 * summary.json and the model (Parquet + JSON).
 */
final class SoftmaxTrainCommand {
  private static final List<OptionSpec> NETWORK = List.of(
      OptionSpec.value("model", "softmax2", "", "the softmax family (this command)"),
      SharedTrainOptions.WIDTH,
      OptionSpec.value("partitions", "P", "Spark's default parallelism", "neuron blocks"),
      SharedTrainOptions.SEED,
      OptionSpec.value("init-scale", "SIGMA", "1", "standard deviation of the initial w_r"),
      OptionSpec.flag("symmetric-init", "paired initialization of Definition 3.7 (always on "
          + "for softmax2: F(W(0), x) = 0)"));

  private static final List<OptionSpec> TRAINING = List.of(
      OptionSpec.value("optimizer", "gd|gn|sgd", "gd", "gradient descent (Claim 3.4), "
          + "Gauss-Newton with the nk x nk Jacobian Gram, or mini-batch SGD"),
      OptionSpec.value("lr", "X|auto", "auto", "step size eta; auto = c / lambda_max(J J^T) at "
          + "initialization (gd), 1 (gn)"),
      OptionSpec.value("lr-constant", "C", "0.5", "c of --lr auto"),
      OptionSpec.value("damping", "MU", "0", "Gauss-Newton damping mu in (J J^T + mu I)"),
      OptionSpec.value("iterations", "T", "100", "number of updates"),
      SharedTrainOptions.GRAM_EVERY,
      OptionSpec.value("gram", "exact|matrix-free|auto", "auto", "gd and gn: exact forms the "
          + "n k x n k Jacobian Gram on the driver; matrix-free only multiplies by it, one "
          + "pass over the blocks per product (CG for gn, Lanczos for the spectrum); auto = "
          + "exact up to n k = " + SmoothTrainCommand.MAX_GRAM_ORDER),
      SharedTrainOptions.CG_TOL,
      SharedTrainOptions.CG_MAX_ITER,
      SharedTrainOptions.LANCZOS_STEPS,
      OptionSpec.value("epochs", "E", "10", "sgd: passes over the data"),
      OptionSpec.value("batch-size", "B", "128", "sgd: rows per step (batches from a shuffle "
          + "seeded by --seed and the epoch; at most n)"),
      SharedTrainOptions.CHECKPOINT_DIR,
      SharedTrainOptions.CHECKPOINT_EVERY,
      SharedTrainOptions.RESUME);

  static final List<OptionSpec> SPECS = RunOptions.concat(List.of(RunOptions.CONFIG), NETWORK,
      TRAINING, SoftmaxDataOptions.TRAIN_SPECS, SharedTrainOptions.RUN);

  private final PrintStream out;
  private final PrintStream err;

  SoftmaxTrainCommand(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  static String help() {
    return RunOptions.help("widenet train --model softmax2 (--data PATH | --synthetic SPEC) "
        + "[options]", "Trains the softmax network of Gu et al. (k outputs); writes "
        + "metrics.csv, summary.json and the model.", SPECS);
  }

  int run(String[] args) {
    if (RunOptions.wantsHelp(args)) {
      out.print(help());
      return 0;
    }
    ParsedOptions o;
    SoftmaxDataOptions dataOptions;
    SoftmaxDataOptions.Loaded loaded;
    RunOptions run;
    SoftmaxSpec spec;
    SoftmaxTrainConfig config;
    SoftmaxSgdConfig sgdConfig;
    Integer partitions;
    Path outDir;
    Resume resume = null;
    Checkpointing checkpointing;
    GramSettings gramSettings = GramSettings.EXACT;
    String gramChosenBy = "auto";
    try {
      ParsedOptions given = ParsedOptions.parse(SPECS, args);
      if (given.has("resume")) {
        resume = Resume.find(given.get("resume"), new Configuration(), err);
        o = resume.options(given, SPECS);
      } else {
        o = given;
      }
      run = new RunOptions(o);
      checkpointing = new Checkpointing(o.get("checkpoint-dir"),
          SharedTrainOptions.checkpointEvery(o), resume);
      long wide = SharedTrainOptions.width(o);
      if (wide > Integer.MAX_VALUE) {
        throw new UsageException("--width " + wide + " is too large for softmax2");
      }
      int width = (int) wide;
      double sigma = o.getDouble("init-scale", 1.0);
      long seed = SharedTrainOptions.seed(o);
      String optimizerName = o.get("optimizer") == null ? "gd" : o.get("optimizer").trim();
      if (!List.of("gd", "gn", "sgd").contains(optimizerName.toLowerCase(Locale.ROOT))) {
        throw new UsageException("--optimizer for softmax2 must be gd, gn or sgd, got \""
            + optimizerName + "\"");
      }
      String lr = o.get("lr");
      boolean autoLr = lr == null || lr.trim().equalsIgnoreCase("auto");
      if (optimizerName.equalsIgnoreCase("sgd")) {
        for (String gdOnly : List.of("iterations", "lr-constant", "damping", "gram-every",
            "coupling-test", "gram", "cg-tol", "cg-max-iter", "lanczos-steps")) {
          if (o.has(gdOnly)) {
            throw new UsageException("--" + gdOnly + " does not apply to --optimizer sgd");
          }
        }
        if (autoLr) {
          throw new UsageException("--optimizer sgd needs --lr ETA (auto is gd's)");
        }
        if (checkpointing.dir() != null || resume != null) {
          throw new UsageException("--checkpoint-dir and --resume apply to softmax2's gd and gn "
              + "(sgd runs are not checkpointed)");
        }
        config = null;
        sgdConfig = NetworkOptions.usage(() -> new SoftmaxSgdConfig(o.getDouble("lr", 1.0),
            o.getInt("epochs", 10), o.getInt("batch-size", 128), seed));
      } else {
        for (String sgdOnly : List.of("epochs", "batch-size")) {
          if (o.has(sgdOnly)) {
            throw new UsageException("--" + sgdOnly + " applies to --optimizer sgd only");
          }
        }
        OptimizerKind optimizer = OptimizerKind.parse(optimizerName);
        double eta = autoLr ? Double.NaN : o.getDouble("lr", 1.0);
        config = NetworkOptions.usage(() -> new SoftmaxTrainConfig(o.getInt("iterations", 100),
            eta, o.getDouble("lr-constant", SoftmaxTrainConfig.DEFAULT_LR_CONSTANT), optimizer,
            o.getDouble("damping", 0.0), SharedTrainOptions.gramEvery(o, false)));
        sgdConfig = null;
      }
      partitions = o.has("partitions") ? o.getInt("partitions", 1) : null;
      dataOptions = new SoftmaxDataOptions(o);
      if (checkpointing.dir() != null && o.has("coupling-test")) {
        throw new UsageException("--checkpoint-dir: a run with --coupling-test is not "
            + "checkpointed (its NTK model is not saved)");
      }
      outDir = Path.of(SharedTrainOptions.out(run));
      boolean reuseOut = run.overwrite || (resume != null && resume.isOriginalOut(outDir));
      OutputDirectory.check(outDir, reuseOut);
      loaded = dataOptions.load();
      int k = loaded.train().k();
      long order = (long) loaded.train().n() * k;
      String gramName = o.get("gram");
      boolean autoGram = gramName == null || gramName.trim().equalsIgnoreCase("auto");
      GramMode mode = autoGram
          ? (order <= SmoothTrainCommand.MAX_GRAM_ORDER ? GramMode.EXACT : GramMode.MATRIX_FREE)
          : o.get("gram", null, GramMode::parse);
      if (mode == GramMode.MATRIX_FREE && loaded.coupling() != null) {
        throw new UsageException("--coupling-test compares with the NTK model, which needs the "
            + "formed n k x n k Gram: use --gram exact" + (autoGram ? " (n k = " + order
            + " is over " + SmoothTrainCommand.MAX_GRAM_ORDER + ")" : ""));
      }
      gramSettings = mode == GramMode.EXACT ? GramSettings.EXACT
          : NetworkOptions.usage(() -> new GramSettings(GramMode.MATRIX_FREE,
              SharedTrainOptions.cgTol(o), SharedTrainOptions.cgMaxIter(o),
              o.getInt("lanczos-steps", GramSettings.DEFAULT_LANCZOS_STEPS)));
      gramChosenBy = autoGram ? "auto" : "--gram";
      if (sgdConfig != null) {
        NetworkOptions.usage(() -> {
          sgdConfig.requireFits(loaded.train().n());
          return null;
        });
      }
      spec = NetworkOptions.usage(() -> new SoftmaxSpec(width, k, sigma, seed, true));
      if (partitions != null) {
        NetworkOptions.usage(() -> new BlockLayout(width, partitions, true));
      }
      if (resume != null) {
        // A checkpoint's saved options name its block count.
        resume.checkSettings(ResultSettings.softmax(spec, config, gramSettings, partitions,
            loaded.train()));
      }
      OutputDirectory.prepare(outDir, reuseOut);
      if (resume != null) {
        checkpointing.restoreMetrics(outDir);
      }
    } catch (UsageException | DataException | IllegalArgumentException
        | UncheckedIOException e) {
      return SparkRun.inputError(err, e);
    }
    if (loaded.train().features().maxRowNorm() > 1 + 1e-9) {
      err.printf(Locale.ROOT, "widenet: warning: input rows have norm up to %.4g; the papers "
          + "assume ||x|| <= 1 (add --normalize)%n", loaded.train().features().maxRowNorm());
    }
    Map<String, Object> summary = new LinkedHashMap<>();
    Path summaryFile = outDir.resolve(OutputDirectory.SUMMARY);
    long start = System.nanoTime();
    MultiLabelData train = loaded.train();
    SoftmaxTrainConfig cfg = config;
    SoftmaxSgdConfig sgd = sgdConfig;
    GramSettings gramUsed = gramSettings;
    Map<String, Object> gramSummary = Map.of("mode", gramSettings.mode().cliName(),
        "chosen_by", gramChosenBy);
    return SparkRun.execute("widenet train", run, outDir, summary, err, "training",
        (spark, jsc) -> {
          int blocks = partitions != null ? partitions
              : (int) Math.max(1, Math.min(jsc.defaultParallelism(), spec.width() / 2));
          if (sgd != null) {
            runSgd(spark, jsc, blocks, spec, sgd, o, dataOptions, loaded, run, outDir, summary,
                start);
            return;
          }
          Map<String, Object> settings = new LinkedHashMap<>();
          settings.put("model", "softmax2");
          settings.put("width", spec.width());
          settings.put("outputs", spec.outputs());
          settings.put("optimizer", cfg.optimizer().cliName());
          settings.put("lr", cfg.autoRate() ? "auto" : cfg.learningRate());
          settings.put("lr_constant", cfg.lrConstant());
          settings.put("damping", cfg.damping());
          settings.put("iterations", cfg.iterations());
          settings.put("partitions", blocks);
          settings.put("seed", spec.seed());
          settings.put("init_scale", spec.sigma());
          settings.put("symmetric_init", true);
          settings.put("gram_every", cfg.gramEvery());
          settings.put("gram", gramUsed.isMatrixFree() ? "matrix-free products with the nk x nk "
              + "Jacobian Gram J J^T = m H (Gu et al. Def 3.6)"
              : "exact nk x nk Jacobian Gram J J^T = m H (Gu et al. Def 3.6)");
          settings.put("master", spark.sparkContext().master());
          settings.put("spark_conf", run.sparkConf);
          summary.put("settings", settings);
          summary.put("gram", gramSummary);
          Map<String, Object> shape = new LinkedHashMap<>();
          dataOptions.describe(shape, loaded);
          summary.put("data", shape);
          Provenance.describe(summary);
          SummaryWriter.write(summaryFile, summary);
          out.printf(Locale.ROOT, "widenet %s: softmax2 m=%d k=%d, %s, n=%d d=%d, %d blocks on "
              + "%s, BLAS %s%n", Provenance.widenetVersion(), spec.width(), spec.outputs(),
              cfg.optimizer().cliName(), train.n(), train.d(), blocks,
              spark.sparkContext().master(), Provenance.blas());
          CouplingColumn coupling = loaded.coupling() == null ? null : new CouplingColumn();
          List<MetricsCsvWriter.ExtraColumn> extras = new ArrayList<>();
          if (coupling != null) {
            extras.add(coupling);
          }
          SoftmaxTrainer trainer = new SoftmaxTrainer(spec, cfg, train.x(), train.y(),
              train.n(), train.d()).withGram(gramUsed);
          if (coupling != null) {
            trainer.onCouplingError(coupling::set);
          }
          SoftmaxResult result;
          SoftmaxFamily family = new SoftmaxFamily(spec);
          DenseInputs inputs = new DenseInputs(train.x(), train.n(), train.d());
          Path metricsFile = outDir.resolve(OutputDirectory.METRICS);
          Checkpointing.Start begun = checkpointing.start(jsc, family, blocks, inputs,
              gramUsed.isMatrixFree() ? null
                  : new SoftmaxMath(spec, train.x(), train.n(), train.d(), cfg.lrConstant()),
              summary,
              out, err);
          ResumePoint from = begun.from();
          try (SparkEngine engine = begun.engine();
              MetricsCsvWriter metrics = from != null
                  ? MetricsCsvWriter.appending(metricsFile, extras)
                  : new MetricsCsvWriter(metricsFile, extras)) {
            ProgressPrinter progress = from == null ? new ProgressPrinter(out, cfg.iterations())
                : new ProgressPrinter(out, cfg.iterations(), from.state().iteration(),
                    from.state().elapsedMs());
            TrainingListener listener = TrainingListener.both(metrics, progress);
            CheckpointHook hook = checkpointing.hook(jsc, engine, metricsFile,
                ResultSettings.softmax(spec, cfg, gramUsed, blocks, train), o.with("out",
                    outDir.toString()).with("partitions", Integer.toString(blocks)), out);
            result = trainer.run(engine, listener, loaded.coupling() == null ? null
                : loaded.coupling().x(), loaded.coupling() == null ? 0 : loaded.coupling().n(),
                hook, from);
            summary.putAll(Evaluation.metrics("train", result.finalOutputs(), train.y()));
            if (loaded.test() != null) {
              MultiLabelData test = loaded.test();
              double[] f = org.widenet.softmax.Normalizers.of(SoftmaxJobs.outputsOn(engine,
                  test.x(), test.n()), spec.width()).outputs();
              summary.putAll(Evaluation.metrics("test", f, test.y()));
            }
            Map<String, Object> extra = new LinkedHashMap<>();
            extra.put("iterations", result.iterations());
            extra.put("label_scale", loaded.labelScale());
            extra.put("label_cols", train.labelNames());
            extra.put("training_options", SoftmaxDataOptions.readOptions(o));
            extra.put("provenance", Map.of("widenet_version", Provenance.widenetVersion(),
                "spark_version", Provenance.sparkVersion(), "saved_at", Instant.now()
                .toString()));
            SoftmaxModelStore.save(spark, engine.blocks(), spec, train.d(), blocks, extra,
                outDir.resolve(OutputDirectory.MODEL).toUri().toString());
          }
          summary.put("status", "completed");
          summary.put("initial_loss", result.initialLoss());
          summary.put("final_loss", result.finalLoss());
          summary.put("iterations", result.iterations());
          summary.put("learning_rate", result.learningRate());
          summary.put("lambda_min_initial", result.lambdaMinInitial());
          summary.put("lambda_max_initial", result.lambdaMaxInitial());
          if (Double.isFinite(result.lambdaMinInitial()) && result.lambdaMinInitial() > 0) {
            summary.put("theorem_lr_log10", TheoremStepSize.log10(result.lambdaMinInitial(),
                spec.width(), train.n(), Math.max(train.d(), spec.outputs()), spec.sigma()));
          }
          if (result.couplingErrors() != null) {
            double worst = 0.0;
            for (double e : result.couplingErrors()) {
              worst = Math.max(worst, e);
            }
            summary.put("coupling_error_max", worst);
          }
          summary.put("wall_seconds", (System.nanoTime() - start) / 1e9);
          summary.put("finished_at", Instant.now().toString());
          SummaryWriter.write(summaryFile, summary);
          out.printf(Locale.ROOT, "done: loss %.6e -> %.6e in %d iterations; outputs in %s%n",
              result.initialLoss(), result.finalLoss(), result.iterations(), outDir);
        });
  }

  /**
   * The --optimizer sgd run: {@link SoftmaxSgdTrainer} on the Spark engine; metrics.csv has one
   * row per epoch (iteration = steps so far) with the extra column epoch, as relu2/exp2 sgd.
   */
  private void runSgd(org.apache.spark.sql.SparkSession spark,
      org.apache.spark.api.java.JavaSparkContext jsc, int blocks, SoftmaxSpec spec,
      SoftmaxSgdConfig sgd, ParsedOptions o, SoftmaxDataOptions dataOptions,
      SoftmaxDataOptions.Loaded loaded, RunOptions run, Path outDir,
      Map<String, Object> summary, long start) throws java.io.IOException {
    MultiLabelData train = loaded.train();
    Path summaryFile = outDir.resolve(OutputDirectory.SUMMARY);
    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put("model", "softmax2");
    settings.put("width", spec.width());
    settings.put("outputs", spec.outputs());
    settings.put("optimizer", "sgd");
    settings.put("lr", sgd.learningRate());
    settings.put("epochs", sgd.epochs());
    settings.put("batch_size", sgd.batchSize());
    settings.put("partitions", blocks);
    settings.put("seed", spec.seed());
    settings.put("init_scale", spec.sigma());
    settings.put("symmetric_init", true);
    settings.put("master", spark.sparkContext().master());
    settings.put("spark_conf", run.sparkConf);
    summary.put("settings", settings);
    Map<String, Object> shape = new LinkedHashMap<>();
    dataOptions.describe(shape, loaded);
    summary.put("data", shape);
    Provenance.describe(summary);
    SummaryWriter.write(summaryFile, summary);
    out.printf(Locale.ROOT, "widenet %s: softmax2 m=%d k=%d, sgd (batch %d, %d epochs), n=%d "
        + "d=%d, %d blocks on %s, BLAS %s%n", Provenance.widenetVersion(), spec.width(),
        spec.outputs(), sgd.batchSize(), sgd.epochs(), train.n(), train.d(), blocks,
        spark.sparkContext().master(), Provenance.blas());
    int[] epoch = {-1};
    MetricsCsvWriter.ExtraColumn epochColumn = MetricsCsvWriter.ExtraColumn.of("epoch", t -> epoch[0],
        true);
    SoftmaxSgdResult result;
    try (SparkEngine engine = new SparkEngine(jsc, new SoftmaxFamily(spec), blocks,
        new DenseInputs(train.x(), train.n(), train.d()), SparkEngine.Options.defaults());
        MetricsCsvWriter metrics = new MetricsCsvWriter(outDir.resolve(OutputDirectory.METRICS),
            List.of(epochColumn))) {
      ProgressPrinter progress = new ProgressPrinter(out, (int) sgd.steps(train.n()));
      TrainingListener listener = (IterationRecord r) -> {
        epoch[0]++;
        metrics.onIteration(r);
        progress.onIteration(r);
      };
      result = new SoftmaxSgdTrainer(spec, sgd, train.x(), train.y(), train.n(), train.d())
          .run(engine, listener);
      summary.putAll(Evaluation.metrics("train", result.finalOutputs(), train.y()));
      if (loaded.test() != null) {
        MultiLabelData test = loaded.test();
        double[] f = org.widenet.softmax.Normalizers.of(SoftmaxJobs.outputsOn(engine, test.x(),
            test.n()), spec.width()).outputs();
        summary.putAll(Evaluation.metrics("test", f, test.y()));
      }
      Map<String, Object> extra = new LinkedHashMap<>();
      extra.put("iterations", result.steps());
      extra.put("label_scale", loaded.labelScale());
      extra.put("label_cols", train.labelNames());
      extra.put("training_options", SoftmaxDataOptions.readOptions(o));
      extra.put("provenance", Map.of("widenet_version", Provenance.widenetVersion(),
          "spark_version", Provenance.sparkVersion(), "saved_at", Instant.now().toString()));
      SoftmaxModelStore.save(spark, engine.blocks(), spec, train.d(), blocks, extra,
          outDir.resolve(OutputDirectory.MODEL).toUri().toString());
    }
    summary.put("status", "completed");
    summary.put("initial_loss", result.initialLoss());
    summary.put("final_loss", result.finalLoss());
    summary.put("iterations", result.steps());
    summary.put("epochs", result.epochs());
    summary.put("learning_rate", result.learningRate());
    summary.put("wall_seconds", (System.nanoTime() - start) / 1e9);
    summary.put("finished_at", Instant.now().toString());
    SummaryWriter.write(summaryFile, summary);
    out.printf(Locale.ROOT, "done: loss %.6e -> %.6e in %d sgd steps; outputs in %s%n",
        result.initialLoss(), result.finalLoss(), result.steps(), outDir);
  }

  /** metrics.csv's coupling_error: Theorem F.2's max_l |F_ntk - F_nn| on --coupling-test. */
  private static final class CouplingColumn implements MetricsCsvWriter.ExtraColumn {
    private final Map<Integer, Double> values = new java.util.HashMap<>();

    void set(Integer iteration, double value) {
      values.put(iteration, value);
    }

    @Override
    public String name() {
      return "coupling_error";
    }

    @Override
    public double valueAt(int iteration) {
      return values.getOrDefault(iteration, Double.NaN);
    }
  }
}

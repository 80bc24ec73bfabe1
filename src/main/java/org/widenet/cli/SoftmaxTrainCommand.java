package org.widenet.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.widenet.analysis.Evaluation;
import org.widenet.data.MultiLabelData;
import org.widenet.model.BlockLayout;
import org.widenet.model.DenseInputs;
import org.widenet.report.MetricsCsvWriter;
import org.widenet.report.ProgressPrinter;
import org.widenet.report.Provenance;
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
import org.widenet.train.BatchOrder;
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
final class SoftmaxTrainCommand extends TrainPipeline {
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
      SharedTrainOptions.CHECKPOINT_DIR, SharedTrainOptions.CHECKPOINT_EVERY,
      SharedTrainOptions.RESUME);

  static final List<OptionSpec> SPECS = RunOptions.concat(List.of(RunOptions.CONFIG), NETWORK,
      TRAINING, SoftmaxDataOptions.TRAIN_SPECS, SharedTrainOptions.RUN);

  private SoftmaxDataOptions dataOptions;
  private SoftmaxDataOptions.Loaded loaded;
  private SoftmaxSpec spec;
  private SoftmaxTrainConfig config;
  private SoftmaxSgdConfig sgdConfig;
  private Integer partitions;
  private int width;
  private double sigma;
  private long seed;
  private String gramName;
  private GramSettings gramSettings = GramSettings.EXACT;
  private ParsedOptions options;
  private RunOptions run;

  SoftmaxTrainCommand(PrintStream out, PrintStream err) {
    super(out, err, SPECS, "widenet train --model softmax2 (--data PATH | --synthetic SPEC) "
        + "[options]", "Trains the softmax network of Gu et al. (k outputs); writes "
        + "metrics.csv, summary.json and the model.");
  }

  @Override
  RunOptions checkOptions(ParsedOptions o, Checkpointing checkpointing, Resume resume) {
    options = o;
    long wide = SharedTrainOptions.width(o);
    if (wide > Integer.MAX_VALUE) {
      throw new UsageException("--width " + wide + " is too large for softmax2");
    }
    width = (int) wide;
    sigma = o.getDouble("init-scale", 1.0);
    seed = SharedTrainOptions.seed(o);
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
    }
    partitions = o.has("partitions") ? o.getInt("partitions", 1) : null;
    dataOptions = new SoftmaxDataOptions(o);
    if (checkpointing.dir() != null && o.has("coupling-test")) {
      throw new UsageException("--checkpoint-dir: a run with --coupling-test is not "
          + "checkpointed (its NTK model is not saved)");
    }
    gramName = o.get("gram");
    run = new RunOptions(o);
    return run;
  }

  @Override
  void loadData() {
    loaded = dataOptions.load();
    int k = loaded.train().k();
    long order = (long) loaded.train().n() * k;
    boolean autoGram = gramName == null || gramName.trim().equalsIgnoreCase("auto");
    GramMode mode = autoGram
        ? (order <= SmoothTrainCommand.MAX_GRAM_ORDER ? GramMode.EXACT : GramMode.MATRIX_FREE)
        : options.get("gram", null, GramMode::parse);
    if (mode == GramMode.MATRIX_FREE && loaded.coupling() != null) {
      throw new UsageException("--coupling-test compares with the NTK model, which needs the "
          + "formed n k x n k Gram: use --gram exact" + (autoGram ? " (n k = " + order
          + " is over " + SmoothTrainCommand.MAX_GRAM_ORDER + ")" : ""));
    }
    gramSettings = mode == GramMode.EXACT ? GramSettings.EXACT
        : NetworkOptions.usage(() -> new GramSettings(GramMode.MATRIX_FREE,
            SharedTrainOptions.cgTol(options), SharedTrainOptions.cgMaxIter(options),
            options.getInt("lanczos-steps", GramSettings.DEFAULT_LANCZOS_STEPS)));
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
  }

  @Override
  Map<String, String> resultSettings() {
    // A checkpoint's saved options name its block count.
    return sgdConfig != null
        ? ResultSettings.softmaxSgd(spec, sgdConfig, partitions, loaded.train())
        : ResultSettings.softmax(spec, config, gramSettings, partitions, loaded.train());
  }

  @Override
  void warnings() {
    if (loaded.train().features().maxRowNorm() > 1 + 1e-9) {
      err.printf(Locale.ROOT, "widenet: warning: input rows have norm up to %.4g; the papers "
          + "assume ||x|| <= 1 (add --normalize)%n", loaded.train().features().maxRowNorm());
    }
  }

  @Override
  Outcome train(Session session) throws Exception {
    JavaSparkContext jsc = session.jsc();
    int blocks = partitions != null ? partitions
        : (int) Math.max(1, Math.min(jsc.defaultParallelism(), spec.width() / 2));
    if (sgdConfig != null) {
      return trainSgd(session, blocks);
    }
    Map<String, Object> summary = session.summary();
    MultiLabelData train = loaded.train();
    SoftmaxTrainConfig cfg = config;
    Map<String, Object> settings = settings(session, blocks, cfg.optimizer().cliName());
    settings.put("lr", cfg.autoRate() ? "auto" : cfg.learningRate());
    settings.put("lr_constant", cfg.lrConstant());
    settings.put("damping", cfg.damping());
    settings.put("iterations", cfg.iterations());
    settings.put("gram_every", cfg.gramEvery());
    settings.put("gram", gramSettings.isMatrixFree() ? "matrix-free products with the nk x nk "
        + "Jacobian Gram J J^T = m H (Gu et al. Def 3.6)"
        : "exact nk x nk Jacobian Gram J J^T = m H (Gu et al. Def 3.6)");
    describe(session, settings);
    summary.put("gram", Map.of("mode", gramSettings.mode().cliName(), "chosen_by",
        gramName == null || gramName.trim().equalsIgnoreCase("auto") ? "auto" : "--gram"));
    session.writeSummary();
    out.printf(Locale.ROOT, "widenet %s: softmax2 m=%d k=%d, %s, n=%d d=%d, %d blocks on "
        + "%s, BLAS %s%n", Provenance.widenetVersion(), spec.width(), spec.outputs(),
        cfg.optimizer().cliName(), train.n(), train.d(), blocks, jsc.sc().master(),
        Provenance.blas());
    CouplingColumn coupling = loaded.coupling() == null ? null : new CouplingColumn();
    List<MetricsCsvWriter.ExtraColumn> extras = new ArrayList<>();
    if (coupling != null) {
      extras.add(coupling);
    }
    SoftmaxTrainer trainer = new SoftmaxTrainer(spec, cfg, train.x(), train.y(),
        train.n(), train.d()).withGram(gramSettings);
    if (coupling != null) {
      trainer.onCouplingError(coupling::set);
    }
    SoftmaxResult result;
    DenseInputs inputs = new DenseInputs(train.x(), train.n(), train.d());
    Path metricsFile = session.metricsFile();
    Checkpointing.Start begun = session.checkpointing().start(jsc, new SoftmaxFamily(spec),
        blocks, inputs, gramSettings.isMatrixFree() ? null
            : new SoftmaxMath(spec, train.x(), train.n(), train.d(), cfg.lrConstant()),
        summary, out, err);
    ResumePoint from = begun.from();
    try (SparkEngine engine = begun.engine();
        MetricsCsvWriter metrics = from != null
            ? MetricsCsvWriter.appending(metricsFile, extras)
            : new MetricsCsvWriter(metricsFile, extras)) {
      ProgressPrinter progress = from == null ? new ProgressPrinter(out, cfg.iterations())
          : new ProgressPrinter(out, cfg.iterations(), from.state().iteration(),
              from.state().elapsedMs());
      TrainingListener listener = TrainingListener.both(metrics, progress);
      CheckpointHook hook = session.checkpointing().hook(jsc, engine, metricsFile,
          ResultSettings.softmax(spec, cfg, gramSettings, blocks, train),
          session.resumable(blocks), out);
      result = trainer.run(engine, listener, loaded.coupling() == null ? null
          : loaded.coupling().x(), loaded.coupling() == null ? 0 : loaded.coupling().n(),
          hook, from);
      evaluateAndSave(session, engine, blocks, result.finalOutputs(), result.iterations());
    }
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
    return new Outcome(result.initialLoss(), result.finalLoss(), result.iterations(),
        "iterations");
  }

  /** summary.json's settings common to gd, gn and sgd. */
  private Map<String, Object> settings(Session session, int blocks, String optimizer) {
    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put("model", "softmax2");
    settings.put("width", spec.width());
    settings.put("outputs", spec.outputs());
    settings.put("optimizer", optimizer);
    settings.put("partitions", blocks);
    settings.put("seed", spec.seed());
    settings.put("init_scale", spec.sigma());
    settings.put("symmetric_init", true);
    return settings;
  }

  /** The settings, the data's shape and the provenance into summary.json. */
  private void describe(Session session, Map<String, Object> settings) {
    settings.put("master", session.spark().sparkContext().master());
    settings.put("spark_conf", run.sparkConf);
    session.summary().put("settings", settings);
    Map<String, Object> shape = new LinkedHashMap<>();
    dataOptions.describe(shape, loaded);
    session.summary().put("data", shape);
    Provenance.describe(session.summary());
  }

  /** Train (and test) metrics into the summary, then the model into --out/model. */
  private void evaluateAndSave(Session session, SparkEngine engine, int blocks,
      double[] trainOutputs, long iterations) throws java.io.IOException {
    MultiLabelData train = loaded.train();
    Map<String, Object> summary = session.summary();
    summary.putAll(Evaluation.metrics("train", trainOutputs, train.y()));
    if (loaded.test() != null) {
      MultiLabelData test = loaded.test();
      double[] f = org.widenet.softmax.Normalizers.of(SoftmaxJobs.outputsOn(engine,
          test.x(), test.n()), spec.width()).outputs();
      summary.putAll(Evaluation.metrics("test", f, test.y()));
    }
    Map<String, Object> extra = new LinkedHashMap<>();
    extra.put("iterations", iterations);
    extra.put("label_scale", loaded.labelScale());
    extra.put("label_cols", train.labelNames());
    extra.put("training_options", SoftmaxDataOptions.readOptions(session.options()));
    extra.put("provenance", Map.of("widenet_version", Provenance.widenetVersion(),
        "spark_version", Provenance.sparkVersion(), "saved_at", Instant.now().toString()));
    SoftmaxModelStore.save(session.spark(), engine.blocks(), spec, train.d(), blocks, extra,
        session.modelUri());
  }

  /**
   * The --optimizer sgd run: {@link SoftmaxSgdTrainer} on the Spark engine; metrics.csv has one
   * row per epoch (iteration = steps so far) with the extra column epoch, as relu2/exp2 sgd.
   */
  private Outcome trainSgd(Session session, int blocks) throws Exception {
    MultiLabelData train = loaded.train();
    SoftmaxSgdConfig sgd = sgdConfig;
    Map<String, Object> settings = settings(session, blocks, "sgd");
    settings.put("lr", sgd.learningRate());
    settings.put("epochs", sgd.epochs());
    settings.put("batch_size", sgd.batchSize());
    describe(session, settings);
    session.writeSummary();
    out.printf(Locale.ROOT, "widenet %s: softmax2 m=%d k=%d, sgd (batch %d, %d epochs), n=%d "
        + "d=%d, %d blocks on %s, BLAS %s%n", Provenance.widenetVersion(), spec.width(),
        spec.outputs(), sgd.batchSize(), sgd.epochs(), train.n(), train.d(), blocks,
        session.jsc().sc().master(), Provenance.blas());
    int perEpoch = BatchOrder.stepsPerEpoch(train.n(), sgd.batchSize());
    Checkpointing checkpointing = session.checkpointing();
    Checkpointing.Start begun = checkpointing.start(session.jsc(), new SoftmaxFamily(spec),
        blocks, new DenseInputs(train.x(), train.n(), train.d()), null, session.summary(), out,
        err);
    ResumePoint from = begun.from();
    int[] epoch = {from == null ? -1 : from.state().iteration() / perEpoch};
    MetricsCsvWriter.ExtraColumn epochColumn = MetricsCsvWriter.ExtraColumn.of("epoch",
        t -> epoch[0], true);
    SoftmaxSgdResult result;
    try (SparkEngine engine = begun.engine();
        MetricsCsvWriter metrics = from != null
            ? MetricsCsvWriter.appending(session.metricsFile(), List.of(epochColumn))
            : new MetricsCsvWriter(session.metricsFile(), List.of(epochColumn))) {
      int total = (int) sgd.steps(train.n());
      ProgressPrinter progress = from == null ? new ProgressPrinter(out, total)
          : new ProgressPrinter(out, total, from.state().iteration(), from.state().elapsedMs());
      TrainingListener listener = (IterationRecord r) -> {
        epoch[0]++;
        metrics.onIteration(r);
        progress.onIteration(r);
      };
      // --checkpoint-every counts epochs here: a checkpoint holds an epoch's end.
      CheckpointHook hook = checkpointing.inEpochs(perEpoch).hook(session.jsc(), engine,
          session.metricsFile(), ResultSettings.softmaxSgd(spec, sgd, blocks, train),
          session.resumable(blocks), out);
      result = new SoftmaxSgdTrainer(spec, sgd, train.x(), train.y(), train.n(), train.d())
          .run(engine, listener, hook, from);
      evaluateAndSave(session, engine, blocks, result.finalOutputs(), result.steps());
    }
    session.summary().put("epochs", result.epochs());
    session.summary().put("learning_rate", result.learningRate());
    return new Outcome(result.initialLoss(), result.finalLoss(), result.steps(), "sgd steps");
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

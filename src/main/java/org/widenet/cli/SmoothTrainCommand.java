package org.widenet.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.widenet.analysis.Evaluation;
import org.widenet.data.Dataset;
import org.widenet.model.DenseInputs;
import org.widenet.report.MetricsCsvWriter;
import org.widenet.report.ProgressPrinter;
import org.widenet.report.Provenance;
import org.widenet.smooth.InitPreset;
import org.widenet.smooth.SmoothActivation;
import org.widenet.smooth.SmoothBlock;
import org.widenet.smooth.SmoothFit;
import org.widenet.smooth.SmoothGram;
import org.widenet.smooth.SmoothMath;
import org.widenet.smooth.SmoothModelStore;
import org.widenet.smooth.SmoothOptimizer;
import org.widenet.smooth.SmoothRecord;
import org.widenet.smooth.SmoothRegression;
import org.widenet.smooth.SmoothSettings;
import org.widenet.smooth.SmoothSpec;
import org.widenet.smooth.SmoothTeacher;
import org.widenet.smooth.SmoothTrainResult;
import org.widenet.smooth.SmoothTrainer;
import org.widenet.spark.SparkEngine;
import org.widenet.train.BatchOrder;
import org.widenet.train.CheckpointHook;
import org.widenet.train.GramMode;
import org.widenet.train.GramSettings;
import org.widenet.train.IterationRecord;
import org.widenet.train.ResumePoint;

/**
 * {@code widenet train --model smooth2}: both layers trained with a smooth activation (Song et
 * al.), gd or sgd, with the two-layer Gram, Lemma 3's quantities and lazy-training tracking.
 * Writes metrics.csv (the contract columns plus epoch, fro_move_w, fro_move_v, lazy_distance),
 * summary.json and the model (Parquet + JSON).
 */
final class SmoothTrainCommand extends TrainPipeline {
  /**
   * --gram auto forms the Gram up to this n k (a packed nk x nk array of 256 MB, and the
   * linearized model's dense one of 512 MB) and goes matrix-free above it.
   */
  static final int MAX_GRAM_ORDER = 8_000;

  static final List<OptionSpec> SPECS = RunOptions.concat(List.of(RunOptions.CONFIG,
      OptionSpec.value("model", "smooth2", "", "the model family (this help: smooth2)"),
      SharedTrainOptions.WIDTH,
      OptionSpec.value("activation", "NAME", "gelu", "gelu, gelu-tanh, tanh, sigmoid, "
          + "softplus or elu"),
      OptionSpec.value("init", "he|lecun", "he", "omega preset of eq. (17): he = sqrt(2/d0), "
          + "sqrt(2/d1); lecun = sqrt(1/d0), sqrt(1/d1)"),
      OptionSpec.value("omega-ratio", "R", "the preset's", "omega2/omega1, keeping the "
          + "preset's omega1*omega2 = c/sqrt(d0 d1)"),
      OptionSpec.value("optimizer", "gd|sgd", "gd", "full-batch gradient descent or "
          + "mini-batch SGD"),
      OptionSpec.value("lr", "ETA|auto", "auto", "step size of the loss 0.5||F-Y||^2; auto = "
          + "1/lambda_max(J J^T) at initialization"),
      OptionSpec.value("iterations", "T", "100", "gd: updates"),
      OptionSpec.value("epochs", "E", "10", "sgd: passes over the data"),
      OptionSpec.value("batch-size", "B", "128", "sgd: rows per step"),
      SharedTrainOptions.SEED,
      OptionSpec.value("partitions", "P", "Spark's default parallelism", "neuron blocks"),
      SharedTrainOptions.GRAM_EVERY,
      OptionSpec.value("gram", "exact|matrix-free|auto", "auto", "gd: exact forms the n k x "
          + "n k Gram J J^T on the driver; matrix-free only multiplies by it, one pass over "
          + "the blocks per product (Lanczos for the spectrum; no lazy_distance, no Lemma 3); "
          + "auto = exact up to n k = " + MAX_GRAM_ORDER),
      SharedTrainOptions.LANCZOS_STEPS,
      OptionSpec.flag("no-lazy", "do not track the linearized model (lazy_distance empty)"),
      OptionSpec.value("outputs", "K", "1", "outputs k; K > 1 needs --synthetic and uses a "
          + "random GeLU teacher's K outputs as labels"),
      OptionSpec.value("divergence-factor", "F", "1000", "stop when the loss exceeds F times "
          + "its start"),
      SharedTrainOptions.CHECKPOINT_DIR, SharedTrainOptions.CHECKPOINT_EVERY,
      SharedTrainOptions.RESUME), DataOptions.SPECS, SharedTrainOptions.RUN);

  private DataOptions dataOptions;
  private DataOptions.Loaded loaded;
  private Dataset data;
  private SmoothSettings settings;
  private int k;
  private double[] y;
  private Integer partitions;
  private GramMode gram;
  private String gramChosenBy;
  private GramSettings gramSettings;
  private int lanczosSteps;

  SmoothTrainCommand(PrintStream out, PrintStream err) {
    super(out, err, SPECS, "widenet train --model smooth2 (--data PATH | --synthetic SPEC) "
        + "[options]", "Trains Z = V phi(W X) with both layers (Song et al.) by gd or sgd.");
  }

  @Override
  RunOptions checkOptions(ParsedOptions o, Checkpointing checkpointing, Resume resume) {
    if (!"smooth2".equalsIgnoreCase(o.get("model"))) {
      throw new UsageException("--model must be smooth2 here, got " + o.get("model"));
    }
    dataOptions = new DataOptions(o);
    k = o.getInt("outputs", 1);
    if (k < 1) {
      throw new UsageException("--outputs must be >= 1, got " + k);
    }
    if (k > 1 && dataOptions.synthetic == null) {
      throw new UsageException("--outputs " + k + " needs --synthetic (multi-column label "
          + "files are not read yet)");
    }
    settings = settings(o);
    if (checkpointing.dir() != null || resume != null) {
      if (settings.lazy()) {
        throw new UsageException("--checkpoint-dir: the linearized model (lazy_distance) is "
            + "not checkpointed; add --no-lazy");
      }
    }
    partitions = o.has("partitions") ? o.getInt("partitions", 1) : null;
    String gramName = o.get("gram");
    gramChosenBy = gramName == null || gramName.trim().equalsIgnoreCase("auto") ? "auto"
        : "--gram";
    gram = gramChosenBy.equals("auto") ? null : o.get("gram", null, GramMode::parse);
    lanczosSteps = o.getInt("lanczos-steps", GramSettings.DEFAULT_LANCZOS_STEPS);
    return new RunOptions(o);
  }

  @Override
  void loadData() {
    loaded = dataOptions.load();
    data = loaded.train();
    if (k > 1 && loaded.test() != null) {
      throw new UsageException("--outputs " + k + " has no test labels: drop the test set");
    }
    long order = (long) data.n() * k;
    if (gram == null) {
      gram = order <= MAX_GRAM_ORDER ? GramMode.EXACT : GramMode.MATRIX_FREE;
    }
    if (gram == GramMode.MATRIX_FREE) {
      if (settings.optimizer() == SmoothOptimizer.SGD && settings.gramEvery() > 0) {
        throw new UsageException("smooth2's sgd forms the n k x n k Gram (n k = " + order
            + (order > MAX_GRAM_ORDER ? ", over " + MAX_GRAM_ORDER : "") + "): use "
            + "--gram-every 0 --no-lazy --lr ETA, or gd");
      }
      if (settings.lazy()) {
        if (gramChosenBy.equals("--gram")) {
          throw new UsageException("--gram matrix-free: the linearized model needs the formed "
              + "Gram; add --no-lazy");
        }
        settings = settings.withLazy(false);
        err.println("widenet: note: n k = " + order + " is over " + MAX_GRAM_ORDER + ": the "
            + "Gram is matrix-free, so lazy_distance is not tracked (--no-lazy)");
      }
    }
    gramSettings = gram == GramMode.EXACT ? GramSettings.EXACT
        : NetworkOptions.usage(() -> new GramSettings(GramMode.MATRIX_FREE,
            GramSettings.DEFAULT_CG_TOLERANCE, GramSettings.DEFAULT_CG_MAX_ITERATIONS,
            lanczosSteps));
    y = k == 1 ? data.y() : SmoothTeacher.labels(data.x(), data.n(), data.d(), k,
        dataOptions.labelSeed);
    SmoothRegression.validate(data.x(), y, data.n(), data.d(), k);
  }

  @Override
  Map<String, String> resultSettings() {
    // A checkpoint's saved options name its block count.
    return ResultSettings.smooth(settings, gramSettings, partitions, data, y, k);
  }

  @Override
  void warnings() {
    dataOptions.warnings(loaded).forEach(err::println);
  }

  @Override
  Outcome train(Session session) throws Exception {
    JavaSparkContext jsc = session.jsc();
    Map<String, Object> summary = session.summary();
    int blocks = (int) Math.min(settings.width(), partitions != null ? partitions
        : jsc.defaultParallelism());
    SmoothSettings s = settings.withBlocks(blocks).withSparkContext(jsc);
    String master = jsc.sc().master();
    describe(summary, s, dataOptions, loaded, k, master);
    summary.put("gram", Map.of("mode", gram.cliName(), "chosen_by", gramChosenBy,
        "auto_exact_up_to_nk", MAX_GRAM_ORDER));
    session.writeSummary();
    out.printf(Locale.ROOT, "widenet %s: smooth2 %s d1=%d k=%d, %s, n=%d d=%d, %d blocks "
        + "on %s, BLAS %s%n", Provenance.widenetVersion(), s.activation().cliName(),
        s.width(), k, s.optimizer().cliName(), data.n(), data.d(), blocks, master,
        Provenance.blas());
    int perEpoch = BatchOrder.stepsPerEpoch(data.n(), s.batchSize());
    int totalSteps = s.optimizer() == SmoothOptimizer.GD ? s.iterations()
        : s.epochs() * perEpoch;
    SmoothSpec spec = s.spec(data.d(), k);
    DenseInputs inputs = new DenseInputs(data.x(), data.n(), data.d());
    Checkpointing.Start begun = session.checkpointing().start(jsc, spec, blocks, inputs,
        s.gramEvery() == 0 || gramSettings.isMatrixFree() ? null
            : new SmoothMath(spec, data.x(), data.n()), summary, out, err);
    ResumePoint from = begun.from();
    SmoothFit fit;
    try (SparkEngine engine = begun.engine();
        Metrics metrics = new Metrics(session.metricsFile(), out, totalSteps, from)) {
      // sgd checkpoints at epoch ends: its --checkpoint-every counts epochs.
      Checkpointing checkpointing = s.optimizer() == SmoothOptimizer.GD
          ? session.checkpointing() : session.checkpointing().inEpochs(perEpoch);
      CheckpointHook hook = checkpointing.hook(jsc, engine, session.metricsFile(),
          ResultSettings.smooth(s, gramSettings, blocks, data, y, k), session.resumable(blocks),
          out);
      SmoothTrainResult result = new SmoothTrainer(spec, s.withListener(metrics), data.x(), y,
          data.n()).withGram(gramSettings).run(engine, hook, from);
      Map<String, Object> extra = new LinkedHashMap<>();
      extra.put("label_scale", loaded.labelScale());
      extra.put("provenance", Map.of("widenet_version", Provenance.widenetVersion(),
          "saved_at", Instant.now().toString()));
      SmoothModelStore.save(session.spark(), engine.<SmoothBlock>blocks(), spec, blocks,
          result.steps(), extra, session.modelUri());
      fit = new SmoothFit(spec, result, SmoothRegression.collectBlocks(engine));
    }
    report(summary, fit);
    if (k == 1) {
      summary.putAll(Evaluation.metrics("train", fit.trainOutputs(), y));
      if (loaded.test() != null) {
        Dataset test = loaded.test();
        summary.putAll(Evaluation.metrics("test", fit.predict(test.x(), test.n()), test.y()));
      }
    }
    return new Outcome(fit.initialLoss(), fit.finalLoss(), fit.result().steps(), "steps");
  }

  private static SmoothSettings settings(ParsedOptions o) {
    try {
      String lr = o.get("lr");
      return SmoothSettings.defaults()
          .withWidth(SharedTrainOptions.width(o))
          .withActivation(o.get("activation", SmoothActivation.GELU, SmoothActivation::parse))
          .withInit(o.get("init", InitPreset.HE, InitPreset::parse))
          .withOmegaRatio(o.getDouble("omega-ratio", Double.NaN))
          .withOptimizer(o.get("optimizer", SmoothOptimizer.GD, SmoothOptimizer::parse))
          .withLearningRate(lr == null || lr.trim().equalsIgnoreCase("auto") ? Double.NaN
              : o.getDouble("lr", Double.NaN))
          .withIterations(o.getInt("iterations", 100))
          .withEpochs(o.getInt("epochs", 10))
          .withBatchSize(o.getInt("batch-size", 128))
          .withSeed(SharedTrainOptions.seed(o))
          .withGramEvery(SharedTrainOptions.gramEvery(o, true))
          .withLazy(!o.flag("no-lazy"))
          .withDivergenceFactor(o.getDouble("divergence-factor", 1e3));
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
  }

  private static void describe(Map<String, Object> summary, SmoothSettings s,
      DataOptions dataOptions, DataOptions.Loaded loaded, int k, String master) {
    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put("model", "smooth2");
    settings.put("width", s.width());
    settings.put("activation", s.activation().cliName());
    settings.put("init", s.init().cliName());
    settings.put("omega_ratio", Double.isNaN(s.omegaRatio()) ? "preset" : s.omegaRatio());
    settings.put("optimizer", s.optimizer().cliName());
    settings.put("lr", Double.isNaN(s.learningRate()) ? "auto" : s.learningRate());
    settings.put("iterations", s.iterations());
    settings.put("epochs", s.epochs());
    settings.put("batch_size", s.batchSize());
    settings.put("seed", s.seed());
    settings.put("partitions", s.blocks());
    settings.put("gram_every", s.gramEvery());
    settings.put("lazy", s.lazy());
    settings.put("outputs", k);
    settings.put("normalize", dataOptions.normalize);
    settings.put("master", master);
    summary.put("settings", settings);
    Map<String, Object> shape = new LinkedHashMap<>();
    dataOptions.describe(shape, loaded);
    summary.put("data", shape);
    Provenance.describe(summary);
  }

  private static void report(Map<String, Object> summary, SmoothFit fit) {
    summary.put("initial_loss", fit.initialLoss());
    summary.put("final_loss", fit.finalLoss());
    summary.put("iterations", fit.result().steps());
    summary.put("learning_rate", fit.learningRate());
    summary.put("omega1", fit.spec().omega1());
    summary.put("omega2", fit.spec().omega2());
    summary.put("lambda_min_initial", fit.lambdaMinInitial());
    summary.put("lambda_max_initial", fit.lambdaMaxInitial());
    SmoothRecord last = fit.result().last();
    summary.put("fro_move", last.froMove());
    summary.put("fro_move_w", last.froMoveW());
    summary.put("fro_move_v", last.froMoveV());
    summary.put("max_move", last.maxMove());
    summary.put("gram_drift", last.gramDrift());
    summary.put("lazy_distance", last.lazyDistance());
    SmoothGram.Lemma3 l = fit.result().lemma3();
    if (l != null) {
      Map<String, Object> lemma = new LinkedHashMap<>();
      lemma.put("sigma_min_phi_w0x", l.sigmaMinPhi());
      lemma.put("sigma_max_phi_w0x", l.sigmaMaxPhi());
      lemma.put("sigma_min_x", l.sigmaMinX());
      lemma.put("sigma_max_x", l.sigmaMaxX());
      lemma.put("sigma_max_v0", l.sigmaMaxV0());
      lemma.put("phi_dot_max", fit.spec().activation().maxDerivative());
      lemma.put("mu_phi", l.muPhi());
      lemma.put("nu_phi", l.nuPhi());
      summary.put("lemma3", lemma);
    }
  }

  /** metrics.csv (contract columns plus smooth2's) and the console progress, per row. */
  private static final class Metrics implements org.widenet.smooth.SmoothListener,
      AutoCloseable {
    private final MetricsCsvWriter writer;
    private final ProgressPrinter progress;
    private SmoothRecord current;

    /** @param resumed where a resumed run starts (rows are appended after it), or null */
    Metrics(Path file, PrintStream out, int totalSteps, ResumePoint resumed) {
      List<MetricsCsvWriter.ExtraColumn> extras = List.of(
          column("epoch", r -> r.epoch(), true),
          column("fro_move_w", SmoothRecord::froMoveW, false),
          column("fro_move_v", SmoothRecord::froMoveV, false),
          column("lazy_distance", SmoothRecord::lazyDistance, false));
      writer = resumed == null ? new MetricsCsvWriter(file, extras)
          : MetricsCsvWriter.appending(file, extras);
      progress = resumed == null ? new ProgressPrinter(out, totalSteps)
          : new ProgressPrinter(out, totalSteps, resumed.state().iteration(),
              resumed.state().elapsedMs());
    }

    private MetricsCsvWriter.ExtraColumn column(String name,
        java.util.function.ToDoubleFunction<SmoothRecord> value, boolean integral) {
      return MetricsCsvWriter.ExtraColumn.of(name, t -> value.applyAsDouble(current), integral);
    }

    @Override
    public void onRecord(SmoothRecord r) {
      current = r;
      IterationRecord row = new IterationRecord(r.iteration(), r.loss(), r.elapsedMs(),
          r.lambdaMin(), r.lambdaMax(), r.gramDrift(), r.maxMove(), r.froMove(), Double.NaN);
      writer.onIteration(row);
      progress.onIteration(row);
    }

    @Override
    public void close() {
      writer.close();
    }
  }
}

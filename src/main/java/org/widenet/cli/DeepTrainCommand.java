package org.widenet.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.widenet.analysis.Evaluation;
import org.widenet.data.Dataset;
import org.widenet.deep.DeepActivation;
import org.widenet.deep.DeepBlock;
import org.widenet.deep.DeepConfig;
import org.widenet.deep.DeepFamily;
import org.widenet.deep.DeepInputs;
import org.widenet.deep.DeepMath;
import org.widenet.deep.DeepRecord;
import org.widenet.deep.DeepSavedBlock;
import org.widenet.deep.DeepSpec;
import org.widenet.deep.DeepTrainer;
import org.widenet.deep.GnMethod;
import org.widenet.deep.LayerPass;
import org.widenet.deep.TwoLayerTail;
import org.widenet.report.MetricsCsvWriter;
import org.widenet.report.ProgressPrinter;
import org.widenet.report.Provenance;
import org.widenet.spark.DeepModelStore;
import org.widenet.spark.DeepPredictions;
import org.widenet.spark.SparkEngine;
import org.widenet.spark.SparkLayerJobs;
import org.widenet.train.CheckpointHook;
import org.widenet.train.GramSettings;
import org.widenet.train.IterationRecord;
import org.widenet.train.ResumePoint;
import org.widenet.train.TrainingListener;

/**
 * {@code widenet train --model deep-last}: a deep shifted-ReLU network whose last layer is
 * trained by Gauss-Newton (package org.widenet.deep), on Spark. It has its own options (the
 * two-layer families' optimizer options do not apply); bad options and data are reported
 * before Spark starts. A completed run saves --out/model ({@link DeepModelStore}) for
 * {@code widenet predict}, and reports train (and, with --test-data, test) metrics; a
 * --train-layers 2 run saves no model and says so.
 */
final class DeepTrainCommand extends TrainPipeline {
  static final String MODEL = "deep-last";
  /** Why --train-layers 2 saves no model (stderr and summary.json's model_not_saved). */
  static final String TWO_LAYERS_NOT_SAVED = "--train-layers 2 saves no model: the deep-last "
      + "model format holds a trained W_L only (W_{L-1} would have to be saved too)";

  static final List<OptionSpec> NETWORK = List.of(
      OptionSpec.value("model", "deep-last", "", "model family (this help: deep-last)"),
      OptionSpec.value("depth", "L", "3", "layers L >= 2; W_1 is m x d, W_2..W_L are m x m; "
          + "only W_L is trained"),
      SharedTrainOptions.WIDTH,
      OptionSpec.value("alpha", "A", "0.1", "sparsity exponent: threshold b = sqrt(2 A log m), "
          + "about m^(1-A) active neurons per layer"),
      OptionSpec.value("threshold", "B", "from --alpha", "the threshold b in standard "
          + "deviations, instead of --alpha"),
      OptionSpec.value("activation", "shifted|threshold", "shifted", "scaled shifted ReLU "
          + "max(x-tau,0) or the paper's Lemma G.6 hard threshold x 1[x>tau]"),
      OptionSpec.value("partitions", "P", "Spark's default parallelism", "row blocks"),
      SharedTrainOptions.SEED,
      OptionSpec.value("train-layers", "1|2", "1", "2 also trains W_{L-1} (beyond the paper's "
          + "guarantee; exact GN in the driver JVM, W_L held m x m)"));

  static final List<OptionSpec> TRAINING = List.of(
      OptionSpec.value("optimizer", "gn", "gn", "deep-last trains by Gauss-Newton only (gd "
          + "and sgd are refused); --gn picks the solver"),
      OptionSpec.value("gn", "exact|tensorsrht|tensorsketch|cg", "exact", "how the "
          + "Gauss-Newton system is solved"),
      OptionSpec.value("sketch-size", "S", "4096", "sketch size s of tensorsrht/tensorsketch "
          + "(a power of two for tensorsketch; at least n)"),
      OptionSpec.value("sketch-seed", "S", "1", "seed of the sketches"),
      OptionSpec.flag("no-exact-check", "with a sketch or cg, skip the exact Gram (no "
          + "lambda_min, no sketch_error)"),
      OptionSpec.value("iterations", "T", "10", "Gauss-Newton steps"),
      OptionSpec.value("damping", "MU", "0", "added to the Gram's diagonal"),
      OptionSpec.value("tolerance", "EPS", "1e-12", "stop when ||f - y|| <= EPS ||y||"),
      SharedTrainOptions.CG_TOL,
      SharedTrainOptions.CG_MAX_ITER,
      SharedTrainOptions.PRECONDITIONER_RANK,
      SharedTrainOptions.PRECONDITIONER_EVERY,
      SharedTrainOptions.CHECKPOINT_DIR, SharedTrainOptions.CHECKPOINT_EVERY,
      SharedTrainOptions.RESUME);

  static final List<OptionSpec> SPECS = RunOptions.concat(List.of(RunOptions.CONFIG), NETWORK,
      TRAINING, DataOptions.SPECS, SharedTrainOptions.RUN);

  private Options opts;
  private DataOptions.Loaded loaded;
  private Dataset data;

  DeepTrainCommand(PrintStream out, PrintStream err) {
    super(out, err, SPECS, "widenet train --model deep-last (--data PATH | --synthetic SPEC) "
        + "[options]", "Trains the last layer of a deep shifted-ReLU network by Gauss-Newton, "
        + "rows partitioned into blocks.");
  }

  /** Parsed and checked options. */
  private record Options(int depth, int width, Double alpha, Double threshold,
      DeepActivation activation, Integer partitions, long seed, int trainLayers,
      DeepConfig config, DataOptions data, RunOptions run) {

    static Options from(ParsedOptions o) {
      int depth = o.getInt("depth", 3);
      long wide = SharedTrainOptions.width(o);
      if (wide > Integer.MAX_VALUE) {
        throw new UsageException("--width " + wide + " is too large for deep-last");
      }
      int width = (int) wide;
      String optimizer = o.get("optimizer");
      if (optimizer != null && !optimizer.trim().equalsIgnoreCase("gn")) {
        throw new UsageException("--optimizer " + optimizer.trim() + ": deep-last supports gn "
            + "(Gauss-Newton) only; choose its solver with --gn exact|tensorsrht|tensorsketch|cg");
      }
      if (depth < 2) {
        throw new UsageException("--depth must be at least 2, got " + depth);
      }
      if (width < 2) {
        throw new UsageException("--width must be at least 2, got " + width);
      }
      if (o.has("alpha") && o.has("threshold")) {
        throw new UsageException("give --alpha or --threshold, not both");
      }
      Double threshold = o.has("threshold") ? o.getDouble("threshold", 0) : null;
      Double alpha = threshold == null ? o.getDouble("alpha", 0.1) : null;
      if (alpha != null && !(alpha >= 0 && alpha < 1)) {
        throw new UsageException("--alpha must be in [0, 1), got " + alpha);
      }
      if (threshold != null && !(threshold >= 0 && threshold < 40)) {
        throw new UsageException("--threshold must be in [0, 40), got " + threshold);
      }
      DeepActivation activation = o.get("activation", DeepActivation.SHIFTED,
          DeepActivation::parse);
      Integer partitions = o.has("partitions") ? o.getInt("partitions", 1) : null;
      if (partitions != null && (partitions < 1 || partitions > width)) {
        throw new UsageException("--partitions must be in [1, --width], got " + partitions);
      }
      GnMethod gn = o.get("gn", GnMethod.EXACT, GnMethod::parse);
      int sketchSize = o.getInt("sketch-size", 4096);
      if (gn.isSketch() && sketchSize < 1) {
        throw new UsageException("--sketch-size must be at least 1, got " + sketchSize);
      }
      if (gn == GnMethod.TENSORSKETCH && Integer.bitCount(sketchSize) != 1) {
        throw new UsageException("--sketch-size must be a power of two for --gn tensorsketch, "
            + "got " + sketchSize);
      }
      if (!gn.isSketch() && o.has("sketch-size")) {
        throw new UsageException("--sketch-size applies to --gn tensorsrht|tensorsketch only");
      }
      int iterations = o.getInt("iterations", 10);
      if (iterations < 0) {
        throw new UsageException("--iterations must be >= 0, got " + iterations);
      }
      double damping = o.getDouble("damping", 0);
      if (!(damping >= 0) || Double.isInfinite(damping)) {
        throw new UsageException("--damping must be a finite number >= 0, got " + damping);
      }
      double tolerance = o.getDouble("tolerance", 1e-12);
      if (!(tolerance >= 0)) {
        throw new UsageException("--tolerance must be >= 0, got " + tolerance);
      }
      double cgTolerance = SharedTrainOptions.cgTol(o);
      int cgMax = SharedTrainOptions.cgMaxIter(o);
      if (gn != GnMethod.CG && (o.has("preconditioner-rank") || o.has("preconditioner-every"))) {
        throw new UsageException("--preconditioner-rank and --preconditioner-every apply to "
            + "--gn cg only");
      }
      int rank = o.getInt("preconditioner-rank", 0);
      if (rank < 0) {
        throw new UsageException("--preconditioner-rank must be >= 0, got " + rank);
      }
      int every = o.getInt("preconditioner-every", GramSettings.DEFAULT_PRECONDITIONER_EVERY);
      if (every < 1) {
        throw new UsageException("--preconditioner-every must be >= 1, got " + every);
      }
      int trainLayers = o.getInt("train-layers", 1);
      if (trainLayers != 1 && trainLayers != 2) {
        throw new UsageException("--train-layers must be 1 or 2, got " + trainLayers);
      }
      if (trainLayers == 2 && gn != GnMethod.EXACT) {
        throw new UsageException("--train-layers 2 supports --gn exact only");
      }
      DeepConfig config = new DeepConfig(iterations, gn, gn.isSketch() ? sketchSize : 0,
          damping, tolerance, !o.flag("no-exact-check"), cgTolerance, cgMax,
          o.getLong("sketch-seed", 1L), rank, every);
      return new Options(depth, width, alpha, threshold, activation, partitions,
          SharedTrainOptions.seed(o), trainLayers, config, new DataOptions(o), new RunOptions(o));
    }

    DeepSpec spec(int d) {
      DeepSpec s = threshold != null ? new DeepSpec(d, width, depth, threshold, seed)
          : DeepSpec.withAlpha(d, width, depth, alpha, seed);
      return s.with(activation);
    }
  }

  @Override
  String appName() {
    return "widenet train deep-last";
  }

  @Override
  RunOptions checkOptions(ParsedOptions o, Checkpointing checkpointing, Resume resume) {
    if (!MODEL.equals(o.get("model"))) {
      throw new UsageException("--model must be deep-last here, got " + o.get("model"));
    }
    opts = Options.from(o);
    if (opts.trainLayers == 2 && (checkpointing.dir() != null || resume != null)) {
      throw new UsageException("--checkpoint-dir and --resume apply to --train-layers 1 "
          + "(W_{L-1} is not checkpointed)");
    }
    return opts.run;
  }

  @Override
  void loadData() {
    loaded = opts.data.load();
    data = loaded.train();
    if (opts.config.method().isSketch() && opts.config.sketchSize() < data.n()) {
      throw new UsageException("--sketch-size " + opts.config.sketchSize() + " is smaller "
          + "than n = " + data.n() + ": the sketched Gram would be singular");
    }
  }

  @Override
  Map<String, String> resultSettings() {
    // A checkpoint's saved options name its block count.
    return ResultSettings.deep(opts.spec(data.d()), opts.config, opts.partitions, data);
  }

  @Override
  void warnings() {
    opts.data.warnings(loaded).forEach(err::println);
  }

  @Override
  Outcome train(Session session) throws Exception {
    JavaSparkContext jsc = session.jsc();
    Map<String, Object> summary = session.summary();
    DeepSpec spec = opts.spec(data.d());
    DeepConfig config = opts.config;
    int blocks = Math.min(spec.width(), opts.partitions != null ? opts.partitions
        : jsc.defaultParallelism());
    summary.put("model", MODEL);
    Map<String, Object> settings = settings(spec, config, blocks);
    summary.put("settings", settings);
    Map<String, Object> shape = new LinkedHashMap<>(Map.of("source", data.source(),
        "n", data.n(), "d", data.d()));
    if (loaded.labelScale() != 1.0) {
      shape.put("label_scale", loaded.labelScale());
    }
    summary.put("data", shape);
    Provenance.describe(summary);
    session.writeSummary();
    out.printf(Locale.ROOT, "widenet %s: deep-last L=%d m=%d alpha=%.3f, gn %s, n=%d "
        + "d=%d, %d blocks on %s%n", Provenance.widenetVersion(), spec.depth(),
        spec.width(), spec.alpha(), config.method().cliName(), data.n(), data.d(),
        blocks, jsc.sc().master());
    if (opts.trainLayers == 2) {
      return trainTwoLayers(spec, config, session);
    }
    // The frozen layers, one Spark job per layer, then the engine on their outputs V.
    out.printf(Locale.ROOT, "frozen layers 1..%d: one Spark job per layer (W_l generated from "
        + "the seed, %d x %d each past the first)%n", spec.depth() - 1, spec.width(),
        spec.width());
    LayerPass.Result frozen = SparkLayerJobs.run(jsc, spec, blocks,
        LayerPass.inputs(data.n(), data.d(), data.x()));
    DeepInputs inputs = new DeepInputs(frozen.v());
    // Where G is formed past t = 0, a resumed run's gram_drift needs G(0): recomputed from the
    // seed, as the two-layer families do.
    DeepMath gramMath = config.formsGramEveryIteration() ? new DeepMath(spec, inputs, config)
        : null;
    Checkpointing.Start begun = session.checkpointing().start(jsc, new DeepFamily(spec),
        blocks, inputs, gramMath, summary, out, err);
    ResumePoint from = begun.from();
    try (SparkEngine engine = begun.engine();
        Metrics metrics = new Metrics(session.metricsFile(), from)) {
      CheckpointHook hook = session.checkpointing().hook(jsc, engine, session.metricsFile(),
          ResultSettings.deep(spec, config, blocks, data), session.resumable(blocks), out);
      summary.put("sparsity", sparsity(frozen.stats()));
      for (LayerPass.LayerStats st : frozen.stats()) {
        out.printf(Locale.ROOT, "layer %d: %.1f of %d neurons active per point (%.4f; "
            + "expected 1 - Phi(b) = %.4f, paper m^(1-alpha) = %.1f)%n", st.layer(),
            st.meanActive(), spec.width(), st.activeFraction(), st.predictedFraction(),
            st.paperActive());
      }
      CgIterations cg = config.method() == GnMethod.CG ? new CgIterations() : null;
      if (cg != null && from != null) {
        cg.countEarlier(session.metricsFile());
      }
      // The solver listener hears of CG's solves only (not of the iterations): their totals for
      // summary.json and, on the console, long solves and preconditioner builds.
      DeepTrainer.Result result = DeepTrainer.train(engine, inputs, data.y(), config, r -> {
        metrics.write(r);
        out.printf(Locale.ROOT, "iteration %d: loss %.6e contraction %s%n",
            r.iteration(), r.loss(), Double.isNaN(r.contraction()) ? "-"
                : String.format(Locale.ROOT, "%.4f", r.contraction()));
      }, hook, from, cg == null ? r -> { }
          : TrainingListener.both(cg, new ProgressPrinter(out, config.iterations())));
      if (cg != null) {
        summary.put("cg_iterations", cg.summary());
      }
      List<DeepRecord> recs = result.records();
      summary.put("lambda_min_initial", result.initialLambdaMin());
      summary.put("sketch_size", result.sketchSize());
      double worst = Double.NaN;
      for (DeepRecord r : recs) {
        if (!Double.isNaN(r.contraction())) {
          worst = Double.isNaN(worst) ? r.contraction() : Math.max(worst, r.contraction());
        }
      }
      summary.put("max_contraction", worst);
      if (recs.get(0).iteration() == 0) {
        summary.put("last_layer_active_fraction", recs.get(0).activeFraction());
      }
      summary.putAll(Evaluation.metrics("train", result.outputs(), data.y()));
      JavaRDD<DeepBlock> trained = engine.blocks();
      if (loaded.test() != null) {
        Dataset test = loaded.test();
        summary.putAll(Evaluation.metrics("test", DeepPredictions.outputs(jsc, spec,
            blocks, trained.map(DeepSavedBlock::of), frozen.v(), test.x(), test.n()),
            test.y()));
      }
      Map<String, Object> provenance = new LinkedHashMap<>();
      provenance.put("widenet_version", Provenance.widenetVersion());
      provenance.put("spark_version", Provenance.sparkVersion());
      provenance.put("settings", settings);
      provenance.put("saved_at", Instant.now().toString());
      DeepModelStore.save(session.spark(), trained, spec, blocks, result.last().iteration(),
          data.x(), data.n(), loaded.labelScale(), Map.of("provenance", provenance),
          session.modelUri());
      return new Outcome(result.initialLoss(), result.last().loss(),
          result.last().iteration(), "iterations");
    }
  }

  /** summary.json's settings. */
  private Map<String, Object> settings(DeepSpec spec, DeepConfig config, int blocks) {
    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put("model", MODEL);
    settings.put("optimizer", "gn");
    settings.put("depth", spec.depth());
    settings.put("width", spec.width());
    settings.put("alpha", spec.alpha());
    settings.put("threshold", spec.threshold());
    settings.put("activation", spec.activation().cliName());
    settings.put("seed", spec.seed());
    settings.put("partitions", blocks);
    settings.put("gn", config.method().cliName());
    settings.put("sketch_size", config.sketchSize());
    if (config.method() == GnMethod.CG) {
      settings.put("cg_tol", config.cgTolerance());
      settings.put("cg_max_iter", config.cgMaxIterations());
      settings.put("preconditioner_rank", config.preconditionerRank());
      settings.put("preconditioner_every", config.preconditionerEvery());
    }
    settings.put("iterations", config.iterations());
    settings.put("damping", config.damping());
    settings.put("train_layers", opts.trainLayers);
    return settings;
  }

  /** --train-layers 2: TwoLayerTail in this JVM (beyond the paper's guarantee). */
  private Outcome trainTwoLayers(DeepSpec spec, DeepConfig config, Session session) {
    err.println("widenet: --train-layers 2 trains W_{L-1} too, beyond the paper's guarantee; "
        + "it runs in the driver JVM");
    err.println("widenet: " + TWO_LAYERS_NOT_SAVED);
    session.summary().put("model_not_saved", TWO_LAYERS_NOT_SAVED);
    TwoLayerTail tail = new TwoLayerTail(spec, LayerPass.inputs(data.n(), data.d(),
        data.x()));
    List<DeepRecord> recs;
    try (Metrics metrics = new Metrics(session.metricsFile(), null)) {
      recs = tail.train(data.y(), config.iterations(), config.damping(), config.tolerance(),
          metrics::write);
    }
    session.summary().put("lambda_min_initial", recs.get(0).lambdaMin());
    session.summary().put("low_rank_rebuilds", tail.rebuilds());
    DeepRecord last = recs.get(recs.size() - 1);
    return new Outcome(recs.get(0).loss(), last.loss(), last.iteration(), "iterations");
  }

  /**
   * deep-last's metrics.csv through {@link MetricsCsvWriter}: the contract columns (elapsed_ms
   * summed from the rows' seconds, max_move = row_movement, gram_drift where G is formed
   * every iteration; fro_move and pattern_change empty), then {@link DeepRecord#EXTRAS}.
   */
  private static final class Metrics implements AutoCloseable {
    private final MetricsCsvWriter writer;
    private DeepRecord current;
    private double seconds;

    /** @param resumed where a resumed run starts (rows are appended after it), or null */
    Metrics(Path file, ResumePoint resumed) {
      List<MetricsCsvWriter.ExtraColumn> extras = new ArrayList<>();
      for (int i = 0; i < DeepRecord.EXTRAS.size(); i++) {
        int column = i;
        String name = DeepRecord.EXTRAS.get(i);
        extras.add(MetricsCsvWriter.ExtraColumn.of(name, t -> current.extra(column),
            name.equals("cg_iterations")));
      }
      writer = resumed == null ? new MetricsCsvWriter(file, extras)
          : MetricsCsvWriter.appending(file, extras);
      seconds = resumed == null ? 0.0 : resumed.state().elapsedMs() / 1e3;
    }

    void write(DeepRecord r) {
      current = r;
      if (!Double.isNaN(r.seconds())) {
        seconds += r.seconds();
      }
      writer.onIteration(new IterationRecord(r.iteration(), r.loss(), Math.round(seconds * 1e3),
          r.lambdaMin(), r.lambdaMax(), r.gramDrift(), r.rowMovement(), Double.NaN, Double.NaN));
    }

    @Override
    public void close() {
      writer.close();
    }
  }

  private static List<Map<String, Object>> sparsity(List<LayerPass.LayerStats> stats) {
    List<Map<String, Object>> list = new ArrayList<>();
    for (LayerPass.LayerStats s : stats) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("layer", s.layer());
      m.put("mean_active", s.meanActive());
      m.put("active_fraction", s.activeFraction());
      m.put("expected_fraction", s.predictedFraction());
      m.put("paper_active", s.paperActive());
      m.put("mean_norm", s.meanNorm());
      list.add(m);
    }
    return list;
  }
}

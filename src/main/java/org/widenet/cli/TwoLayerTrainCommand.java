package org.widenet.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.widenet.analysis.Evaluation;
import org.widenet.data.Dataset;
import org.widenet.data.LabelRange;
import org.widenet.model.DenseInputs;
import org.widenet.model.ModelMetadata;
import org.widenet.report.MetricsCsvWriter;
import org.widenet.report.ProgressPrinter;
import org.widenet.report.Provenance;
import org.widenet.spark.ModelStore;
import org.widenet.spark.SparkEngine;
import org.widenet.train.CheckpointHook;
import org.widenet.train.GramMode;
import org.widenet.train.OptimizerKind;
import org.widenet.train.ResumePoint;
import org.widenet.train.ScalarMath;
import org.widenet.train.StepForm;
import org.widenet.train.TrainConfig;
import org.widenet.train.TrainResult;
import org.widenet.train.Trainer;
import org.widenet.train.TrainingListener;

/**
 * {@code widenet train} for relu2 and exp2 by gd or gn ({@link Trainer} on the Spark engine):
 * exact or matrix-free Gram, --predict's predicted residual, checkpoints and --resume. Writes
 * metrics.csv (the contract columns, then predicted_residual with --predict and cg_iterations
 * for matrix-free gn), summary.json and the model.
 */
final class TwoLayerTrainCommand extends TrainPipeline {
  private TrainOptions opts;
  private DataOptions.Loaded loaded;
  private Dataset data;
  private PredictedResidual predictor;
  private StepForm stepForm;

  TwoLayerTrainCommand(PrintStream out, PrintStream err) {
    super(out, err, TrainOptions.SPECS, TrainOptions.USAGE,
        TrainOptions.ABOUT);
  }

  @Override
  RunOptions checkOptions(ParsedOptions o, Checkpointing checkpointing, Resume resume) {
    opts = TrainOptions.from(o);
    return opts.run;
  }

  @Override
  void loadData() {
    loaded = opts.data.load();
    data = loaded.train();
    LabelRange.requireInside(data, "--scale-labels");
    opts.checkDriverGram(data.n());
    if (opts.predict) {
      predictor = PredictedResidual.prepare(opts.network, data);
    }
  }

  @Override
  Map<String, String> resultSettings() {
    return ResultSettings.of(opts, opts.partitions, data, stepForm());
  }

  /**
   * The form this run steps in, --step-form auto resolved once: the settings, the checkpoints
   * and the trainer name the same form, whatever the heap reads later.
   */
  private StepForm stepForm() {
    if (stepForm == null) {
      boolean span = opts.stepForm.spans(opts.network, data.n(), data.d(),
          opts.gramMode(data.n()) == GramMode.MATRIX_FREE);
      stepForm = span ? StepForm.SPAN : StepForm.WEIGHTS;
    }
    return stepForm;
  }

  @Override
  void warnings() {
    opts.data.warnings(loaded).forEach(err::println);
    double norm = data.maxRowNorm();
    if (norm > 1 + 1e-9) {
      err.printf(Locale.ROOT, "widenet: warning: input rows have norm up to %.4g; the papers "
          + "assume ||x|| <= 1 (add --normalize)%n", norm);
    }
  }

  @Override
  Outcome train(Session session) throws Exception {
    int blocks = opts.net.blocks(session.jsc().defaultParallelism());
    GramMode gram = opts.gramMode(data.n());
    TrainConfig asked = opts.config(blocks, gram);
    boolean span = stepForm() == StepForm.SPAN;
    TrainConfig config = asked.withStepForm(stepForm());
    String warning = blockSizeWarning(opts.network.width(), data.d(), span ? data.n() : 0,
        blocks);
    if (warning != null) {
      err.println(warning);
    }
    Map<String, Object> settings = settings(opts, opts.optimizer.cliName(), blocks);
    settings.put("lr", TrainConfig.isAutoLearningRate(config.learningRate()) ? "auto"
        : config.learningRate());
    settings.put("damping", config.damping());
    settings.put("iterations", config.iterations());
    settings.put("gram_every", config.gramEvery());
    settings.put("gram", config.gram().mode().cliName());
    settings.put("step_form", config.stepForm().cliName());
    if (config.gram().isMatrixFree()) {
      settings.put("cg_tol", config.gram().cgTolerance());
      settings.put("cg_max_iter", config.gram().cgMaxIterations());
      settings.put("lanczos_steps", config.gram().lanczosSteps());
      settings.put("preconditioner_rank", config.gram().preconditionerRank());
      settings.put("preconditioner_every", config.gram().preconditionerEvery());
    }
    settings.put("checkpoint_dir", opts.checkpointDir);
    settings.put("checkpoint_every", opts.checkpointEvery);
    settings.put("normalize", opts.data.normalize);
    settings.put("predict", opts.predict);
    settings.put("master", session.spark().sparkContext().master());
    settings.put("spark_conf", opts.sparkConf);
    describe(session, opts, loaded, settings);
    session.summary().put("gram", gramChoice(gram));
    session.writeSummary();
    out.printf(Locale.ROOT, "widenet %s: %s m=%d, %s, n=%d d=%d, %d blocks on %s, BLAS "
        + "%s%n", Provenance.widenetVersion(), opts.network.family().cliName(),
        opts.network.width(), opts.optimizer.cliName(), data.n(), data.d(), blocks,
        session.spark().sparkContext().master(), Provenance.blas());
    announceGram(gram);
    if (span) {
      out.printf(Locale.ROOT, "steps in the span form W = W(0) - X^T A: 2 n^2 m = %.3g flops "
          + "per step instead of 4 n d m = %.3g (--step-form weights to step the weights)%n",
          2.0 * data.n() * data.n() * opts.network.width(),
          4.0 * data.n() * data.d() * opts.network.width());
    }
    if (predictor != null) {
      predictor.computeSpectrum(session.jsc());
    }
    CgIterations cg = config.gram().isMatrixFree() && config.optimizer() == OptimizerKind.GN
        ? new CgIterations() : null;
    TrainResult result = trainAndSave(session, blocks, config, cg);
    if (cg != null) {
      @SuppressWarnings("unchecked")
      Map<String, Object> choice = (Map<String, Object>) session.summary().get("gram");
      choice.put("cg_iterations", cg.summary());
    }
    return new Outcome(result.initialLoss(), result.finalLoss(), result.iterations(),
        "iterations");
  }

  /** Trains on the Spark engine, writing metrics.csv as it goes, then saves the model. */
  private TrainResult trainAndSave(Session session, int blocks, TrainConfig config,
      CgIterations cg) throws IOException {
    List<MetricsCsvWriter.ExtraColumn> extras = new ArrayList<>();
    if (predictor != null) {
      extras.add(predictor);
    }
    if (cg != null) {
      extras.add(cg);
    }
    // Matrix-free runs report no Gram drift, so they need no initial Gram to resume.
    Checkpointing.Start begun = session.checkpointing().start(session.jsc(), opts.network,
        blocks, new DenseInputs(data.x(), data.n(), data.d()), config.gram().isMatrixFree()
            ? null : new ScalarMath(opts.network, data.x(), data.n(), data.d()),
        session.summary(), out, err);
    ResumePoint from = begun.from();
    if (from != null && cg != null) {
      cg.countEarlier(session.metricsFile());
    }
    try (SparkEngine engine = begun.engine();
        MetricsCsvWriter metrics = from != null
            ? MetricsCsvWriter.appending(session.metricsFile(), extras)
            : new MetricsCsvWriter(session.metricsFile(), extras)) {
      ProgressPrinter progress = from == null ? new ProgressPrinter(out, config.iterations())
          : new ProgressPrinter(out, config.iterations(), from.state().iteration(),
              from.state().elapsedMs());
      TrainingListener listener = TrainingListener.both(metrics, progress);
      if (predictor != null) {
        listener = TrainingListener.both(predictor.listener(config.iterations()), listener);
        session.summary().put("predicted_kernel", predictor.kernelName());
      }
      if (cg != null) {
        listener = TrainingListener.both(cg, listener);
      }
      CheckpointHook hook = session.checkpointing().hook(session.jsc(), engine,
          session.metricsFile(), ResultSettings.of(opts, blocks, data, stepForm()),
          session.resumable(blocks).with("gram", config.gram().mode().cliName())
              .with("step-form", config.stepForm().cliName()), out);
      TrainResult result = new Trainer(config, data.x(), data.y(), data.n(), data.d())
          .run(engine, listener, hook, from);
      evaluateAndSave(session, engine, opts, loaded, blocks, result);
      return result;
    }
  }

  /** summary.json's settings that gd, gn and sgd share. */
  static Map<String, Object> settings(TrainOptions opts, String optimizer, int blocks) {
    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put("model", opts.network.family().cliName());
    settings.put("width", opts.network.width());
    settings.put("optimizer", optimizer);
    settings.put("partitions", blocks);
    settings.put("seed", opts.network.seed());
    settings.put("init_scale", opts.network.initScale());
    settings.put("symmetric_init", opts.network.symmetricInit());
    return settings;
  }

  /** The settings, the data's shape and the provenance into summary.json. */
  static void describe(Session session, TrainOptions opts, DataOptions.Loaded loaded,
      Map<String, Object> settings) {
    Map<String, Object> summary = session.summary();
    summary.put("settings", settings);
    Map<String, Object> shape = new LinkedHashMap<>();
    opts.data.describe(shape, loaded);
    summary.put("data", shape);
    Provenance.describe(summary);
  }

  /**
   * Train (and test) metrics and the run's learning rate and initial spectrum into the
   * summary, then the model into --out/model with the run's provenance.
   */
  static void evaluateAndSave(Session session, SparkEngine engine, TrainOptions opts,
      DataOptions.Loaded loaded, int blocks, TrainResult result) throws IOException {
    Dataset data = loaded.train();
    Map<String, Object> summary = session.summary();
    summary.putAll(Evaluation.metrics("train", result.finalPredictions(), data.y()));
    if (loaded.test() != null) {
      Dataset test = loaded.test();
      summary.putAll(Evaluation.metrics("test", engine.predict(test.x(), test.n()),
          test.y()));
    }
    summary.put("learning_rate", result.learningRate());
    summary.put("lambda_min_initial", result.initialLambdaMin());
    summary.put("lambda_max_initial", result.initialLambdaMax());
    Map<String, Object> provenance = new LinkedHashMap<>();
    for (String key : new String[] {"widenet_version", "spark_version", "blas", "java", "host",
        "started_at", "settings", "data"}) {
      provenance.put(key, summary.get(key));
    }
    provenance.put("saved_at", Instant.now().toString());
    ModelStore.save(session.spark(), engine.blocks(), new ModelMetadata(opts.network,
        data.d(), blocks, result.iterations(), provenance), session.modelUri());
  }

  /**
   * summary.json's "gram": the mode used, who chose it, and what the exact Gram would take
   * against the limit (CG statistics are added at the end of a matrix-free gn run).
   */
  private Map<String, Object> gramChoice(GramMode mode) {
    Map<String, Object> g = new LinkedHashMap<>();
    g.put("mode", mode.cliName());
    g.put("chosen_by", opts.gram == null ? "auto" : "--gram");
    g.put("exact_bytes", opts.exactGramBytes(data.n()));
    g.put("limit_bytes", opts.gramLimit());
    return g;
  }

  /** One line when the Gram is matrix-free, and a warning when an asked-for exact one is big. */
  private void announceGram(GramMode mode) {
    double gib = opts.exactGramBytes(data.n()) / (double) (1L << 30);
    double limit = opts.gramLimit() / (double) (1L << 30);
    if (mode == GramMode.MATRIX_FREE) {
      out.printf(Locale.ROOT, "Gram: matrix-free (%s; the exact Gram would take %.3g GiB "
          + "against a limit of %.3g GiB): each product with J J^T is one pass over the "
          + "blocks%n", opts.gram == null ? "chosen by --gram auto" : "--gram matrix-free",
          gib, limit);
    } else if (!opts.exactGramFits(data.n())) {
      err.printf(Locale.ROOT, "widenet: warning: the exact Gram takes about %.3g GiB on the "
          + "driver, above --driver-gram-limit (%.3g GiB); --gram matrix-free avoids it%n",
          gib, limit);
    }
  }

  /**
   * Spark cannot spill or ship a cached block of 2 GiB or more (Kryo and its byte buffers are
   * int-indexed): the warning to give before the first iteration, or null when blocks are
   * small enough (under 1.5 GiB of weights each).
   */
  static String blockSizeWarning(long width, int d, int blocks) {
    return blockSizeWarning(width, d, 0, blocks);
  }

  /**
   * The same for blocks in the span form on {@code spanRows} training rows, which also hold
   * their n x count step factors (0: the weights form).
   */
  static String blockSizeWarning(long width, int d, int spanRows, int blocks) {
    double limit = 1.5 * (1L << 30);
    double perNeuron = 8.0 * (d + 1 + spanRows);
    double bytes = perNeuron * Math.ceil((double) width / blocks);
    if (bytes <= limit) {
      return null;
    }
    long needed = (long) Math.ceil(perNeuron * width / limit);
    return String.format(Locale.ROOT, "widenet: warning: each neuron block holds %.2f GiB of "
        + "weights%s; Spark cannot spill or move a block of 2 GiB or more, so use --partitions "
        + "%d or more", bytes / (1L << 30), spanRows > 0 ? " and span-form step factors" : "",
        Math.max(needed, blocks + 1));
  }
}

package org.widenet.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.widenet.analysis.Evaluation;
import org.widenet.data.DataException;
import org.widenet.data.Dataset;
import org.widenet.data.LabelRange;
import org.widenet.model.DenseInputs;
import org.widenet.model.ModelMetadata;
import org.widenet.report.MetricsCsvWriter;
import org.widenet.report.ProgressPrinter;
import org.widenet.report.Provenance;
import org.widenet.report.SummaryWriter;
import org.widenet.spark.ModelStore;
import org.widenet.spark.SparkEngine;
import org.widenet.train.CheckpointHook;
import org.widenet.train.GramMode;
import org.widenet.train.IterationRecord;
import org.widenet.train.OptimizerKind;
import org.widenet.train.ResumePoint;
import org.widenet.train.ScalarMath;
import org.widenet.train.TrainConfig;
import org.widenet.train.TrainResult;
import org.widenet.train.Trainer;
import org.widenet.train.TrainingListener;

/**
 * {@code widenet train}: validate options and data, start Spark, train, save. Everything that
 * can be wrong with the input is found before Spark starts.
 */
final class TrainCommand {
  private final PrintStream out;
  private final PrintStream err;

  TrainCommand(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  /** The train command that runs a (model, optimizer) pair. */
  enum Route { TWO_LAYER, MINI_BATCH, SOFTMAX2, SMOOTH2, DEEP_LAST }

  /** Every family's train options, for reading --model and --optimizer before routing. */
  private static final List<OptionSpec> ALL_SPECS = union(TrainOptions.SPECS,
      MiniBatchTrainCommand.SPECS, SoftmaxTrainCommand.SPECS, SmoothTrainCommand.SPECS,
      DeepTrainCommand.SPECS);

  /**
   * The one dispatch of {@code widenet train}: reads the options once, flags over --config,
   * exactly as the commands do, and routes by (model, optimizer): softmax2, smooth2 and
   * deep-last to their commands (which handle each optimizer they support), relu2 and exp2 to
   * the mini-batch command for sgd and to this one otherwise. {@code --resume DIR} without
   * --model routes by the checkpointed run's model.
   *
   * @throws UsageException when the options cannot be read (unknown option, bad --config)
   */
  static Route route(String[] args) {
    String[] rest = args.length > 0 && args[0].equals("-h")
        ? java.util.Arrays.copyOfRange(args, 1, args.length) : args;
    ParsedOptions o = ParsedOptions.parse(ALL_SPECS, rest);
    String model = o.has("model") ? o.get("model") : null;
    if (model == null && o.has("resume")) {
      // train --resume DIR: the checkpointed run's family.
      model = Resume.savedModel(o.get("resume"), new Configuration());
    }
    model = model == null ? "relu2" : model.trim().toLowerCase(Locale.ROOT);
    String optimizer = o.has("optimizer") ? o.get("optimizer").trim().toLowerCase(Locale.ROOT)
        : "";
    switch (model) {
      case "softmax2":
        return Route.SOFTMAX2;
      case "smooth2":
        return Route.SMOOTH2;
      case DeepTrainCommand.MODEL:
        return Route.DEEP_LAST;
      default:
        return optimizer.equals("sgd") ? Route.MINI_BATCH : Route.TWO_LAYER;
    }
  }

  /** The options of several commands, each name once (a name must mean the same kind). */
  @SafeVarargs
  private static List<OptionSpec> union(List<OptionSpec>... lists) {
    Map<String, OptionSpec> byName = new LinkedHashMap<>();
    for (List<OptionSpec> list : lists) {
      for (OptionSpec s : list) {
        OptionSpec before = byName.putIfAbsent(s.name(), s);
        if (before != null && (before.takesValue() != s.takesValue()
            || before.repeatable() != s.repeatable())) {
          throw new IllegalStateException("--" + s.name() + " is a flag in one train command "
              + "and takes a value in another");
        }
      }
    }
    return List.copyOf(byName.values());
  }

  int run(String[] args) {
    Route route;
    try {
      route = route(args);
    } catch (UsageException e) {
      return SparkRun.inputError(err, e);
    }
    switch (route) {
      case SOFTMAX2:
        return new SoftmaxTrainCommand(out, err).run(args);
      case SMOOTH2:
        return new SmoothTrainCommand(out, err).run(args);
      case DEEP_LAST:
        return new DeepTrainCommand(out, err).run(args);
      case MINI_BATCH:
        return new MiniBatchTrainCommand(out, err).run(args);
      default:
        break;
    }
    if (RunOptions.wantsHelp(args)) {
      out.print(TrainOptions.help());
      return 0;
    }
    TrainOptions opts;
    DataOptions.Loaded loaded;
    Dataset data;
    PredictedResidual predictor = null;
    Path outDir;
    Resume resume = null;
    try {
      ParsedOptions given = ParsedOptions.parse(TrainOptions.SPECS, args);
      if (given.has("resume")) {
        resume = Resume.find(given.get("resume"), new Configuration(), err);
        opts = TrainOptions.from(resume.options(given));
      } else {
        opts = TrainOptions.from(given);
      }
      outDir = Path.of(opts.out != null ? opts.out : defaultOut());
      OutputDirectory.check(outDir, opts.overwrite
          || (resume != null && resume.isOriginalOut(outDir)));
      loaded = opts.data.load();
      data = loaded.train();
      LabelRange.requireInside(data, "--scale-labels");
      opts.checkDriverGram(data.n());
      if (resume != null) {
        resume.checkSettings(ResultSettings.of(opts, opts.partitions, data));
      }
      if (opts.predict) {
        predictor = PredictedResidual.prepare(opts.network, data);
      }
    } catch (UsageException | DataException | IllegalArgumentException
        | UncheckedIOException e) {
      return SparkRun.inputError(err, e);
    }
    opts.data.warnings(loaded).forEach(err::println);
    warnAboutScale(data);
    try {
      OutputDirectory.prepare(outDir, opts.overwrite
          || (resume != null && resume.isOriginalOut(outDir)));
      if (resume != null) {
        Files.write(outDir.resolve(OutputDirectory.METRICS),
            resume.store().readMetrics(resume.newest()));
      }
    } catch (UncheckedIOException e) {
      return SparkRun.inputError(err, e);
    } catch (IOException e) {
      return SparkRun.inputError(err, new UncheckedIOException("cannot restore metrics.csv "
          + "from " + resume.newest().dir(), e));
    }
    return train(opts, loaded, predictor, outDir, resume);
  }

  private int train(TrainOptions opts, DataOptions.Loaded loaded, PredictedResidual predictor,
      Path outDir, Resume resume) {
    Dataset data = loaded.train();
    Map<String, Object> summary = new LinkedHashMap<>();
    Path summaryFile = outDir.resolve(OutputDirectory.SUMMARY);
    long start = System.nanoTime();
    return SparkRun.execute("widenet train", opts.run, outDir, summary, err, "training",
        (spark, jsc) -> {
          int blocks = opts.net.blocks(jsc.defaultParallelism());
          warnAboutBlockSize(opts.network.width(), data.d(), blocks);
          GramMode gram = opts.gramMode(data.n());
          TrainConfig config = opts.config(blocks, gram);
          describe(summary, opts, config, loaded, spark);
          summary.put("gram", gramChoice(opts, data.n(), gram));
          SummaryWriter.write(summaryFile, summary);
          out.printf(Locale.ROOT, "widenet %s: %s m=%d, %s, n=%d d=%d, %d blocks on %s, BLAS "
              + "%s%n", Provenance.widenetVersion(), opts.network.family().cliName(),
              opts.network.width(), opts.optimizer.cliName(), data.n(), data.d(), blocks,
              spark.sparkContext().master(), Provenance.blas());
          announceGram(opts, data.n(), gram);
          if (predictor != null) {
            predictor.computeSpectrum(jsc);
          }
          CgIterations cg = config.gram().isMatrixFree()
              && config.optimizer() == OptimizerKind.GN
              ? new CgIterations() : null;
          TrainResult result = trainAndSave(new Run(opts, loaded, predictor, cg, outDir,
              summary, spark, jsc, blocks, config, resume));
          if (cg != null) {
            @SuppressWarnings("unchecked")
            Map<String, Object> choice = (Map<String, Object>) summary.get("gram");
            choice.put("cg_iterations", cg.summary());
          }
          summary.put("status", "completed");
          summary.put("initial_loss", result.initialLoss());
          summary.put("final_loss", result.finalLoss());
          summary.put("iterations", result.iterations());
          summary.put("learning_rate", result.learningRate());
          summary.put("lambda_min_initial", result.initialLambdaMin());
          summary.put("lambda_max_initial", result.initialLambdaMax());
          summary.put("wall_seconds", (System.nanoTime() - start) / 1e9);
          summary.put("finished_at", Instant.now().toString());
          SummaryWriter.write(summaryFile, summary);
          out.printf(Locale.ROOT, "done: loss %.6e -> %.6e in %d iterations; outputs in %s%n",
              result.initialLoss(), result.finalLoss(), result.iterations(), outDir);
        });
  }

  /** One training run's inputs, once Spark is up. */
  private record Run(TrainOptions opts, DataOptions.Loaded loaded, PredictedResidual predictor,
      CgIterations cg, Path outDir, Map<String, Object> summary, SparkSession spark,
      JavaSparkContext jsc, int blocks, TrainConfig config, Resume resume) {}

  /** Trains on the Spark engine, writing metrics.csv as it goes, then saves the model. */
  private TrainResult trainAndSave(Run r) {
    TrainOptions opts = r.opts;
    Dataset data = r.loaded.train();
    Checkpointing checkpointing = new Checkpointing(opts.checkpointDir, opts.checkpointEvery,
        r.resume);
    Path metricsFile = r.outDir.resolve(OutputDirectory.METRICS);
    List<MetricsCsvWriter.ExtraColumn> extras = new ArrayList<>();
    if (r.predictor != null) {
      extras.add(r.predictor);
    }
    if (r.cg != null) {
      extras.add(r.cg);
    }
    // Matrix-free runs report no Gram drift, so they need no initial Gram to resume.
    Checkpointing.Start begun = checkpointing.start(r.jsc, opts.network, r.blocks,
        new DenseInputs(data.x(), data.n(), data.d()), r.config.gram().isMatrixFree() ? null
            : new ScalarMath(opts.network, data.x(), data.n(), data.d()), r.summary, out, err);
    SparkEngine engine = begun.engine();
    ResumePoint from = begun.from();
    if (from != null && r.cg != null) {
      r.cg.countEarlier(metricsFile);
    }
    try (engine;
        MetricsCsvWriter metrics = r.resume != null
            ? MetricsCsvWriter.appending(metricsFile, extras)
            : new MetricsCsvWriter(metricsFile, extras)) {
      ProgressPrinter progress = from == null ? new ProgressPrinter(out, r.config.iterations())
          : new ProgressPrinter(out, r.config.iterations(), from.state().iteration(),
              from.state().elapsedMs());
      TrainingListener listener = both(metrics, progress);
      if (r.predictor != null) {
        listener = both(r.predictor.listener(r.config.iterations()), listener);
        r.summary.put("predicted_kernel", r.predictor.kernelName());
      }
      if (r.cg != null) {
        listener = both(r.cg, listener);
      }
      CheckpointHook hook = checkpointing.hook(r.jsc, engine, metricsFile,
          ResultSettings.of(opts, r.blocks, data), opts.raw
              .with("out", r.outDir.toString())
              .with("partitions", Integer.toString(r.blocks))
              .with("gram", r.config.gram().mode().cliName()), out);
      TrainResult result = new Trainer(r.config, data.x(), data.y(), data.n(), data.d())
          .run(engine, listener, hook, from);
      r.summary.putAll(Evaluation.metrics("train", result.finalPredictions(), data.y()));
      if (r.loaded.test() != null) {
        Dataset test = r.loaded.test();
        r.summary.putAll(Evaluation.metrics("test", engine.predict(test.x(), test.n()),
            test.y()));
      }
      ModelStore.save(r.spark, engine.blocks(), new ModelMetadata(opts.network, data.d(),
          r.blocks, result.iterations(), provenance(r.summary)),
          r.outDir.resolve(OutputDirectory.MODEL).toUri().toString());
      return result;
    }
  }

  /**
   * summary.json's "gram": the mode used, who chose it, and what the exact Gram would take
   * against the limit (CG statistics are added at the end of a matrix-free gn run).
   */
  private static Map<String, Object> gramChoice(TrainOptions opts, int n, GramMode mode) {
    Map<String, Object> g = new LinkedHashMap<>();
    g.put("mode", mode.cliName());
    g.put("chosen_by", opts.gram == null ? "auto" : "--gram");
    g.put("exact_bytes", opts.exactGramBytes(n));
    g.put("limit_bytes", opts.gramLimit());
    return g;
  }

  /** One line when the Gram is matrix-free, and a warning when an asked-for exact one is big. */
  private void announceGram(TrainOptions opts, int n, GramMode mode) {
    double gib = opts.exactGramBytes(n) / (double) (1L << 30);
    double limit = opts.gramLimit() / (double) (1L << 30);
    if (mode == GramMode.MATRIX_FREE) {
      out.printf(Locale.ROOT, "Gram: matrix-free (%s; the exact Gram would take %.3g GiB "
          + "against a limit of %.3g GiB): each product with J J^T is one pass over the "
          + "blocks%n", opts.gram == null ? "chosen by --gram auto" : "--gram matrix-free",
          gib, limit);
    } else if (!opts.exactGramFits(n)) {
      err.printf(Locale.ROOT, "widenet: warning: the exact Gram takes about %.3g GiB on the "
          + "driver, above --driver-gram-limit (%.3g GiB); --gram matrix-free avoids it%n",
          gib, limit);
    }
  }

  private void warnAboutBlockSize(long width, int d, int blocks) {
    String warning = blockSizeWarning(width, d, blocks);
    if (warning != null) {
      err.println(warning);
    }
  }

  /**
   * Spark cannot spill or ship a cached block of 2 GiB or more (Kryo and its byte buffers are
   * int-indexed): the warning to give before the first iteration, or null when blocks are
   * small enough (under 1.5 GiB of weights each).
   */
  static String blockSizeWarning(long width, int d, int blocks) {
    double limit = 1.5 * (1L << 30);
    double bytes = 8.0 * (d + 1) * Math.ceil((double) width / blocks);
    if (bytes <= limit) {
      return null;
    }
    long needed = (long) Math.ceil(8.0 * (d + 1) * width / limit);
    return String.format(Locale.ROOT, "widenet: warning: each neuron block holds %.2f GiB of "
        + "weights; Spark cannot spill or move a block of 2 GiB or more, so use --partitions "
        + "%d or more", bytes / (1L << 30), Math.max(needed, blocks + 1));
  }

  private void warnAboutScale(Dataset data) {
    double norm = data.maxRowNorm();
    if (norm > 1 + 1e-9) {
      err.printf(Locale.ROOT, "widenet: warning: input rows have norm up to %.4g; the papers "
          + "assume ||x|| <= 1 (add --normalize)%n", norm);
    }
  }


  private static String defaultOut() {
    return "runs/train-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern(
        "yyyyMMdd-HHmmss", Locale.ROOT));
  }

  private static void describe(Map<String, Object> summary, TrainOptions opts,
      TrainConfig config, DataOptions.Loaded loaded, SparkSession spark) {
    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put("model", opts.network.family().cliName());
    settings.put("width", opts.network.width());
    settings.put("optimizer", opts.optimizer.cliName());
    settings.put("lr", TrainConfig.isAutoLearningRate(config.learningRate()) ? "auto"
        : config.learningRate());
    settings.put("damping", config.damping());
    settings.put("iterations", config.iterations());
    settings.put("partitions", config.partitions());
    settings.put("seed", opts.network.seed());
    settings.put("init_scale", opts.network.initScale());
    settings.put("symmetric_init", opts.network.symmetricInit());
    settings.put("gram_every", config.gramEvery());
    settings.put("gram", config.gram().mode().cliName());
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
    settings.put("master", spark.sparkContext().master());
    settings.put("spark_conf", opts.sparkConf);
    summary.put("settings", settings);
    Map<String, Object> shape = new LinkedHashMap<>();
    opts.data.describe(shape, loaded);
    summary.put("data", shape);
    Provenance.describe(summary);
  }

  private static Map<String, Object> provenance(Map<String, Object> summary) {
    Map<String, Object> p = new LinkedHashMap<>();
    for (String key : new String[] {"widenet_version", "spark_version", "blas", "java", "host",
        "started_at", "settings", "data"}) {
      p.put(key, summary.get(key));
    }
    p.put("saved_at", Instant.now().toString());
    return p;
  }


  private static TrainingListener both(TrainingListener first, TrainingListener second) {
    return TrainingListener.both(first, second);
  }
}

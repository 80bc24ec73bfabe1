package org.widenet.cli;

import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.widenet.analysis.Evaluation;
import org.widenet.data.DataException;
import org.widenet.data.Dataset;
import org.widenet.data.LabelRange;
import org.widenet.model.ModelMetadata;
import org.widenet.report.MetricsCsvWriter;
import org.widenet.report.ProgressPrinter;
import org.widenet.report.Provenance;
import org.widenet.report.SummaryWriter;
import org.widenet.spark.ModelStore;
import org.widenet.spark.SparkEngine;
import org.widenet.train.GramSettings;
import org.widenet.train.IterationRecord;
import org.widenet.train.MiniBatchTrainer;
import org.widenet.train.OrderedSum;
import org.widenet.train.ScalarMath;
import org.widenet.train.TrainResult;
import org.widenet.train.TrainingListener;

/**
 * {@code widenet train --optimizer sgd} for relu2 and exp2: {@link MiniBatchTrainer} on the
 * Spark engine, with train's network, data and output options plus --epochs and --batch-size.
 * Writes metrics.csv (one row per epoch, an extra {@code epoch} column), summary.json and the
 * model like gd does. --gram-every K reports the Gram's spectrum and drift every K epochs (off
 * by default), and --lr auto takes 1 / lambda_max(J J^T(0)); checkpoints, --resume, --predict
 * and the other Gram options are gd/gn only.
 */
final class MiniBatchTrainCommand {
  static final List<OptionSpec> SPECS = RunOptions.concat(TrainOptions.SPECS, List.of(
      OptionSpec.value("epochs", "E", "10", "sgd: passes over the data"),
      OptionSpec.value("batch-size", "B", "128", "sgd: rows per step (batches from a shuffle "
          + "seeded by --seed and the epoch)")));

  private final PrintStream out;
  private final PrintStream err;

  MiniBatchTrainCommand(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  int run(String[] args) {
    if (RunOptions.wantsHelp(args)) {
      out.print(RunOptions.help("widenet train --optimizer sgd --lr ETA [--epochs E] "
          + "[--batch-size B] (--data PATH | --synthetic SPEC) [options]",
          "Mini-batch SGD for relu2 and exp2 (smooth2: --model smooth2).", SPECS));
      return 0;
    }
    TrainOptions opts;
    DataOptions.Loaded loaded;
    Dataset data;
    Path outDir;
    int epochs;
    int batchSize;
    int gramEvery;
    try {
      ParsedOptions given = ParsedOptions.parse(SPECS, args);
      for (String gdOnly : List.of("resume", "checkpoint-dir", "predict", "gram", "damping",
          "cg-tol", "cg-max-iter", "lanczos-steps", "preconditioner-rank",
          "preconditioner-every")) {
        if (given.has(gdOnly)) {
          throw new UsageException("--" + gdOnly + " does not apply to --optimizer sgd");
        }
      }
      if (!given.has("lr")) {
        throw new UsageException("--optimizer sgd needs --lr ETA, or --lr auto for "
            + "1 / lambda_max(J J^T(0)) (which forms the n x n Gram once)");
      }
      opts = TrainOptions.from(given.with("optimizer", "gd"));
      // sgd's Gram diagnostics are by epoch and off unless asked for (each forms n x n).
      gramEvery = given.has("gram-every") ? opts.gramEvery : 0;
      epochs = given.getInt("epochs", 10);
      batchSize = given.getInt("batch-size", 128);
      if (epochs < 0 || batchSize < 1) {
        throw new UsageException("--epochs must be >= 0 and --batch-size >= 1");
      }
      outDir = Path.of(SharedTrainOptions.out(opts.run));
      OutputDirectory.check(outDir, opts.overwrite);
      loaded = opts.data.load();
      data = loaded.train();
      LabelRange.requireInside(data, "--scale-labels");
      OutputDirectory.prepare(outDir, opts.overwrite);
    } catch (UsageException | DataException | IllegalArgumentException
        | UncheckedIOException e) {
      return SparkRun.inputError(err, e);
    }
    opts.data.warnings(loaded).forEach(err::println);
    Map<String, Object> summary = new LinkedHashMap<>();
    Path summaryFile = outDir.resolve(OutputDirectory.SUMMARY);
    long start = System.nanoTime();
    return SparkRun.execute("widenet train", opts.run, outDir, summary, err, "training",
        (spark, jsc) -> {
          int blocks = opts.net.blocks(jsc.defaultParallelism());
          Map<String, Object> settings = new LinkedHashMap<>();
          settings.put("model", opts.network.family().cliName());
          settings.put("width", opts.network.width());
          settings.put("optimizer", "sgd");
          settings.put("lr", opts.learningRate);
          settings.put("epochs", epochs);
          settings.put("batch_size", batchSize);
          settings.put("partitions", blocks);
          settings.put("seed", opts.network.seed());
          settings.put("init_scale", opts.network.initScale());
          settings.put("symmetric_init", opts.network.symmetricInit());
          settings.put("master", spark.sparkContext().master());
          summary.put("settings", settings);
          Map<String, Object> shape = new LinkedHashMap<>();
          opts.data.describe(shape, loaded);
          summary.put("data", shape);
          Provenance.describe(summary);
          SummaryWriter.write(summaryFile, summary);
          int steps = epochs * ((data.n() + batchSize - 1) / batchSize);
          int[] epoch = {-1};
          MetricsCsvWriter.ExtraColumn epochColumn = MetricsCsvWriter.ExtraColumn.of("epoch",
              t -> epoch[0], true);
          TrainResult result;
          try (SparkEngine engine = new SparkEngine(jsc, opts.network, blocks, data.x(),
              data.n(), data.d(), new SparkEngine.Options(null, opts.checkpointEvery,
                  OrderedSum.DEFAULT_FAN_IN));
              MetricsCsvWriter metrics = new MetricsCsvWriter(outDir.resolve(
                  OutputDirectory.METRICS), List.of(epochColumn))) {
            ProgressPrinter progress = new ProgressPrinter(out, steps);
            TrainingListener listener = (IterationRecord r) -> {
              epoch[0]++;
              metrics.onIteration(r);
              progress.onIteration(r);
            };
            result = new MiniBatchTrainer(new ScalarMath(opts.network, data.x(), data.n(),
                data.d()), opts.learningRate, epochs, batchSize, opts.network.seed(),
                opts.divergenceFactor, data.y(), data.n())
                .withGram(gramEvery, GramSettings.EXACT).run(engine, listener);
            summary.putAll(Evaluation.metrics("train", result.finalPredictions(), data.y()));
            if (loaded.test() != null) {
              Dataset test = loaded.test();
              summary.putAll(Evaluation.metrics("test", engine.predict(test.x(), test.n()),
                  test.y()));
            }
            Map<String, Object> provenance = new LinkedHashMap<>();
            for (String key : new String[] {"widenet_version", "spark_version", "blas", "java",
                "host", "started_at", "settings", "data"}) {
              provenance.put(key, summary.get(key));
            }
            provenance.put("saved_at", Instant.now().toString());
            ModelStore.save(spark, engine.blocks(), new ModelMetadata(opts.network, data.d(),
                blocks, result.iterations(), provenance),
                outDir.resolve(OutputDirectory.MODEL).toUri().toString());
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
          out.printf(Locale.ROOT, "done: loss %.6e -> %.6e in %d sgd steps; outputs in %s%n",
              result.initialLoss(), result.finalLoss(), result.iterations(), outDir);
        });
  }
}

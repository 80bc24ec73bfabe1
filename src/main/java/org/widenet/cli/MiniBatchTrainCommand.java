package org.widenet.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import org.widenet.data.Dataset;
import org.widenet.data.LabelRange;
import org.widenet.model.DenseInputs;
import org.widenet.report.MetricsCsvWriter;
import org.widenet.report.ProgressPrinter;
import org.widenet.spark.SparkEngine;
import org.widenet.train.CheckpointHook;
import org.widenet.train.GramSettings;
import org.widenet.train.IterationRecord;
import org.widenet.train.MiniBatchTrainer;
import org.widenet.train.ResumePoint;
import org.widenet.train.ScalarMath;
import org.widenet.train.StepForm;
import org.widenet.train.TrainResult;
import org.widenet.train.TrainingListener;

/**
 * {@code widenet train --optimizer sgd} for relu2 and exp2: {@link MiniBatchTrainer} on the
 * Spark engine, with train's network, data and output options plus --epochs and --batch-size.
 * Writes metrics.csv (one row per epoch, an extra {@code epoch} column), summary.json and the
 * model like gd does. --gram-every K reports the Gram's spectrum and drift every K epochs (off
 * by default), and --lr auto takes 1 / lambda_max(J J^T(0)). --checkpoint-dir checkpoints at
 * the end of every --checkpoint-every epochs, and --resume continues such a run bit for bit
 * (more --epochs may be given); --predict and the other Gram options are gd/gn only.
 */
final class MiniBatchTrainCommand extends TrainPipeline {
  static final List<OptionSpec> SPECS = RunOptions.concat(TrainOptions.SPECS, List.of(
      OptionSpec.value("epochs", "E", "10", "sgd: passes over the data"),
      OptionSpec.value("batch-size", "B", "128", "sgd: rows per step (batches from a shuffle "
          + "seeded by --seed and the epoch)")));

  private TrainOptions opts;
  private DataOptions.Loaded loaded;
  private Dataset data;
  private int epochs;
  private int batchSize;
  private int gramEvery;

  MiniBatchTrainCommand(PrintStream out, PrintStream err) {
    super(out, err, SPECS, "widenet train --optimizer sgd --lr ETA [--epochs E] "
        + "[--batch-size B] (--data PATH | --synthetic SPEC) [options]",
        "Mini-batch SGD for relu2 and exp2 (smooth2: --model smooth2); checkpoints at "
        + "epoch ends, --checkpoint-every K counting epochs.");
  }

  @Override
  void checkGiven(ParsedOptions given) {
    for (String gdOnly : List.of("predict", "gram", "damping", "cg-tol", "cg-max-iter",
        "lanczos-steps", "preconditioner-rank", "preconditioner-every")) {
      if (given.has(gdOnly)) {
        throw new UsageException("--" + gdOnly + " does not apply to --optimizer sgd");
      }
    }
  }

  @Override
  RunOptions checkOptions(ParsedOptions o, Checkpointing checkpointing, Resume resume) {
    if (!o.has("lr")) {
      throw new UsageException("--optimizer sgd needs --lr ETA, or --lr auto for "
          + "1 / lambda_max(J J^T(0)) (which forms the n x n Gram once)");
    }
    opts = TrainOptions.from(o.with("optimizer", "gd"));
    // sgd's Gram diagnostics are by epoch and off unless asked for (each forms n x n).
    gramEvery = o.has("gram-every") ? opts.gramEvery : 0;
    epochs = o.getInt("epochs", 10);
    batchSize = o.getInt("batch-size", 128);
    if (epochs < 0 || batchSize < 1) {
      throw new UsageException("--epochs must be >= 0 and --batch-size >= 1");
    }
    return opts.run;
  }

  @Override
  void loadData() {
    loaded = opts.data.load();
    data = loaded.train();
    LabelRange.requireInside(data, "--scale-labels");
  }

  @Override
  Map<String, String> resultSettings() {
    return resultSettings(opts.partitions);
  }

  /** gd's result settings with sgd's own: the optimizer, batch size and Gram schedule. */
  private Map<String, String> resultSettings(Integer blocks) {
    Map<String, String> s = ResultSettings.of(opts, blocks, data, StepForm.WEIGHTS);
    s.put("optimizer", "sgd");
    s.put("gram-every", Integer.toString(gramEvery));
    s.put("batch-size", Integer.toString(batchSize));
    return s;
  }

  @Override
  void warnings() {
    opts.data.warnings(loaded).forEach(err::println);
  }

  @Override
  Outcome train(Session session) throws Exception {
    int blocks = opts.net.blocks(session.jsc().defaultParallelism());
    Map<String, Object> settings = TwoLayerTrainCommand.settings(opts, "sgd", blocks);
    settings.put("lr", opts.learningRate);
    settings.put("epochs", epochs);
    settings.put("batch_size", batchSize);
    settings.put("master", session.spark().sparkContext().master());
    TwoLayerTrainCommand.describe(session, opts, loaded, settings);
    session.writeSummary();
    MiniBatchTrainer trainer = new MiniBatchTrainer(new ScalarMath(opts.network, data.x(),
        data.n(), data.d()), opts.learningRate, epochs, batchSize, opts.network.seed(),
        opts.divergenceFactor, data.y(), data.n()).withGram(gramEvery, GramSettings.EXACT);
    int perEpoch = trainer.stepsPerEpoch();
    int steps = epochs * perEpoch;
    // A resume's Gram drift needs H(0), recomputed from the seed, only when the Gram is formed.
    Checkpointing checkpointing = session.checkpointing();
    Checkpointing.Start begun = checkpointing.start(session.jsc(), opts.network, blocks,
        new DenseInputs(data.x(), data.n(), data.d()), gramEvery > 0
            ? new ScalarMath(opts.network, data.x(), data.n(), data.d()) : null,
        session.summary(), out, err);
    ResumePoint from = begun.from();
    int[] epoch = {from == null ? -1 : from.state().iteration() / perEpoch};
    MetricsCsvWriter.ExtraColumn epochColumn = MetricsCsvWriter.ExtraColumn.of("epoch",
        t -> epoch[0], true);
    TrainResult result;
    try (SparkEngine engine = begun.engine();
        MetricsCsvWriter metrics = from != null
            ? MetricsCsvWriter.appending(session.metricsFile(), List.of(epochColumn))
            : new MetricsCsvWriter(session.metricsFile(), List.of(epochColumn))) {
      ProgressPrinter progress = from == null ? new ProgressPrinter(out, steps)
          : new ProgressPrinter(out, steps, from.state().iteration(), from.state().elapsedMs());
      TrainingListener listener = (IterationRecord r) -> {
        epoch[0]++;
        metrics.onIteration(r);
        progress.onIteration(r);
      };
      // --checkpoint-every counts epochs here: a checkpoint holds an epoch's end.
      CheckpointHook hook = checkpointing.inEpochs(perEpoch).hook(session.jsc(), engine,
          session.metricsFile(), resultSettings(blocks), session.resumable(blocks), out);
      result = trainer.run(engine, listener, hook, from);
      TwoLayerTrainCommand.evaluateAndSave(session, engine, opts, loaded, blocks, result);
    }
    return new Outcome(result.initialLoss(), result.finalLoss(), result.iterations(),
        "sgd steps");
  }
}

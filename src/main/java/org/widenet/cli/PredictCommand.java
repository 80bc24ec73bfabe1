package org.widenet.cli;

import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.widenet.analysis.Evaluation;
import org.widenet.data.DataException;
import org.widenet.data.Dataset;
import org.widenet.model.ModelMetadata;
import org.widenet.model.NeuronBlock;
import org.widenet.report.CsvColumns;
import org.widenet.report.Provenance;
import org.widenet.report.SummaryWriter;
import org.widenet.spark.BlockPredictions;
import org.widenet.spark.ModelStore;
import org.widenet.train.OrderedSum;

/**
 * {@code widenet predict}: the outputs of a saved model (from {@code train} or the Spark ML
 * API) on a data set, computed where the weights live, with the same metrics as training's
 * test set. Writes predictions.csv (row, label, prediction) and summary.json.
 */
final class PredictCommand {
  static final String PREDICTIONS = "predictions.csv";

  static final List<OptionSpec> SPECS = RunOptions.concat(List.of(RunOptions.CONFIG,
      OptionSpec.value("model", "DIR", "", "a saved model directory (train's --out/model, or "
          + "a model saved by the Spark ML API)")), DataOptions.INPUT_SPECS, RunOptions.SPECS);

  private final PrintStream out;
  private final PrintStream err;

  PredictCommand(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  static String help() {
    return RunOptions.help("widenet predict --model DIR (--data PATH | --synthetic SPEC) "
        + "[options]", "Predicts with a saved model; writes predictions.csv and the metrics.",
        SPECS);
  }

  /** The directory --model names on the command line (--model DIR or --model=DIR), or null. */
  static String modelArgument(String[] args) {
    for (int i = 0; i < args.length; i++) {
      if (args[i].startsWith("--model=")) {
        return args[i].substring("--model=".length());
      } else if (args[i].equals("--model") && i + 1 < args.length) {
        return args[i + 1];
      }
    }
    return null;
  }

  int run(String[] args) {
    if (SoftmaxPredictCommand.wanted(args)) {
      return new SoftmaxPredictCommand(out, err).run(args);
    }
    if (RunOptions.wantsHelp(args)) {
      out.print(help());
      return 0;
    }
    if (SmoothPredictCommand.wants(args)) {
      return new SmoothPredictCommand(out, err).run(args);
    }
    if (DeepPredictCommand.wants(args)) {
      return new DeepPredictCommand(out, err).run(args);
    }
    ParsedOptions o;
    DataOptions dataOptions;
    RunOptions run;
    DataOptions.Loaded loaded;
    Dataset data;
    Path outDir;
    String modelDir;
    try {
      o = ParsedOptions.parse(SPECS, args);
      modelDir = o.get("model");
      if (modelDir == null) {
        throw new UsageException("--model DIR is required");
      }
      dataOptions = new DataOptions(o);
      run = new RunOptions(o);
      outDir = Path.of(run.out != null ? run.out : "runs/predict");
      OutputDirectory.check(outDir, run.overwrite);
      loaded = dataOptions.load(false);
      data = loaded.train();
      OutputDirectory.prepare(outDir, run.overwrite);
    } catch (UsageException | DataException | IllegalArgumentException
        | UncheckedIOException e) {
      return SparkRun.inputError(err, e);
    }
    dataOptions.warnings(loaded).forEach(err::println);
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("status", "running");
    summary.put("model", modelDir);
    Path summaryFile = outDir.resolve(OutputDirectory.SUMMARY);
    return SparkRun.execute("widenet predict", run, outDir, summary, err, "predict",
        (spark, jsc) -> {
          ModelMetadata meta = ModelStore.loadMetadata(spark, modelDir);
          if (meta.inputDim() != data.d()) {
            throw new IllegalArgumentException("the model takes " + meta.inputDim()
                + " features, " + data.source() + " has " + data.d());
          }
          JavaRDD<NeuronBlock> blocks = ModelStore.loadBlocksDistributed(spark, modelDir,
              meta);
          double[] f = BlockPredictions.outputs(jsc, blocks, meta.network(), data.x(),
              data.n(), OrderedSum.DEFAULT_FAN_IN);
          blocks.unpersist(false);
          // A model trained on labels divided by label_scale predicts in those units.
          double labelScale = meta.labelScale();
          if (labelScale != 1.0) {
            for (int i = 0; i < f.length; i++) {
              f[i] *= labelScale;
            }
            summary.put(ModelMetadata.LABEL_SCALE, labelScale);
          }
          double[] row = new double[data.n()];
          for (int i = 0; i < row.length; i++) {
            row[i] = i + 1;
          }
          // row_index counts the rows kept (after --skip-bad-rows), from 1.
          CsvColumns.write(outDir.resolve(PREDICTIONS), List.of("row_index", "label",
              "prediction"), List.of(row, data.y(), f));
          Map<String, Object> shape = new LinkedHashMap<>();
          dataOptions.describe(shape, loaded);
          summary.put("data", shape);
          summary.putAll(Evaluation.metrics("data", f, data.y()));
          Provenance.describe(summary);
          summary.put("status", "completed");
          SummaryWriter.write(summaryFile, summary);
          out.printf(Locale.ROOT, "predicted %d rows with %s m=%d; outputs in %s%n", data.n(),
              meta.network().family().cliName(), meta.network().width(), outDir);
        });
  }
}

package org.widenet.cli;

import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.widenet.analysis.Evaluation;
import org.widenet.data.DataException;
import org.widenet.data.Dataset;
import org.widenet.deep.DeepSpec;
import org.widenet.report.CsvColumns;
import org.widenet.report.Provenance;
import org.widenet.report.SummaryWriter;
import org.widenet.spark.DeepModelStore;

/**
 * {@code widenet predict} for a saved deep-last model: the same options and files as
 * {@link PredictCommand} (predictions.csv with row_index,label,prediction and summary.json with
 * the same metrics). The outputs are computed where the blocks live
 * ({@link org.widenet.spark.DeepPredictions}); a model trained with --scale-labels predicts in
 * the labels' units.
 */
final class DeepPredictCommand {
  private final PrintStream out;
  private final PrintStream err;

  DeepPredictCommand(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  /** Whether --model names a directory holding a deep-last model. */
  static boolean wants(String[] args) {
    String dir = PredictCommand.modelArgument(args);
    return dir != null && DeepModelStore.isDeepModel(new Configuration(), dir);
  }

  int run(String[] args) {
    DataOptions dataOptions;
    RunOptions run;
    DataOptions.Loaded loaded;
    Dataset data;
    Path outDir;
    String modelDir;
    try {
      ParsedOptions o = ParsedOptions.parse(PredictCommand.SPECS, args);
      modelDir = o.get("model");
      dataOptions = new DataOptions(o);
      run = new RunOptions(o);
      outDir = Path.of(run.out != null ? run.out : "runs/predict");
      OutputDirectory.check(outDir, run.overwrite);
      loaded = dataOptions.load(false);
      data = loaded.train();
      DeepSpec spec = DeepModelStore.readSpec(new Configuration(), modelDir);
      if (spec.inputDim() != data.d()) {
        throw new UsageException("the deep-last model " + modelDir + " takes "
            + spec.inputDim() + " features, " + data.source() + " has " + data.d());
      }
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
          double[] f;
          DeepSpec spec;
          try (DeepModelStore.Loaded model = DeepModelStore.load(spark, modelDir)) {
            spec = model.spec();
            f = model.predict(jsc, data.x(), data.n());
            if (model.labelScale() != 1.0) {
              for (int i = 0; i < f.length; i++) {
                f[i] *= model.labelScale();
              }
              summary.put("label_scale", model.labelScale());
            }
          }
          double[] row = new double[data.n()];
          for (int i = 0; i < row.length; i++) {
            row[i] = i + 1;
          }
          CsvColumns.write(outDir.resolve(PredictCommand.PREDICTIONS), List.of("row_index",
              "label", "prediction"), List.of(row, data.y(), f));
          Map<String, Object> shape = new LinkedHashMap<>();
          dataOptions.describe(shape, loaded);
          summary.put("data", shape);
          summary.putAll(Evaluation.metrics("data", f, data.y()));
          Provenance.describe(summary);
          summary.put("status", "completed");
          SummaryWriter.write(summaryFile, summary);
          out.printf(Locale.ROOT, "predicted %d rows with deep-last L=%d m=%d; outputs in %s%n",
              data.n(), spec.depth(), spec.width(), outDir);
        });
  }
}

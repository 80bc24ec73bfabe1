package org.widenet.cli;

import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.widenet.analysis.Evaluation;
import org.widenet.data.DataException;
import org.widenet.data.Dataset;
import org.widenet.report.CsvColumns;
import org.widenet.report.Provenance;
import org.widenet.report.SummaryWriter;
import org.widenet.smooth.SmoothModelStore;

/**
 * {@code widenet predict} for a saved smooth2 model: the same options and files as
 * {@link PredictCommand}; predictions.csv has one prediction column per output
 * (prediction, or prediction_0 .. prediction_{k-1} when k &gt; 1) and the label column, and the
 * metrics compare output 0 (the only one for k = 1) with the label.
 */
final class SmoothPredictCommand {
  private final PrintStream out;
  private final PrintStream err;

  SmoothPredictCommand(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  /** Whether --model names a directory holding a smooth2 model. */
  static boolean wants(String[] args) {
    String dir = PredictCommand.modelArgument(args);
    return dir != null && SmoothModelStore.isSmoothModel(new Configuration(), dir);
  }

  int run(String[] args) {
    ParsedOptions o;
    DataOptions dataOptions;
    RunOptions run;
    DataOptions.Loaded loaded;
    Dataset data;
    Path outDir;
    String modelDir;
    try {
      o = ParsedOptions.parse(PredictCommand.SPECS, args);
      modelDir = o.get("model");
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
          SmoothModelStore.Distributed model = SmoothModelStore.loadDistributed(spark,
              modelDir);
          double[] f;
          try {
            if (model.spec().d0() != data.d()) {
              throw new IllegalArgumentException("the model takes " + model.spec().d0()
                  + " features, " + data.source() + " has " + data.d());
            }
            f = model.predict(spark, data.x(), data.n());
          } finally {
            model.blocks().unpersist(false);
          }
          Object scale = model.metadata().get("label_scale");
          double labelScale = scale instanceof Number ? ((Number) scale).doubleValue() : 1.0;
          if (labelScale != 1.0) {
            for (int i = 0; i < f.length; i++) {
              f[i] *= labelScale;
            }
            summary.put("label_scale", labelScale);
          }
          int n = data.n();
          int k = model.spec().k();
          double[] row = new double[n];
          for (int i = 0; i < n; i++) {
            row[i] = i + 1;
          }
          List<String> header = new ArrayList<>(List.of("row_index", "label"));
          List<double[]> columns = new ArrayList<>(List.of(row, data.y()));
          for (int c = 0; c < k; c++) {
            header.add(k == 1 ? "prediction" : "prediction_" + c);
            double[] column = new double[n];
            System.arraycopy(f, c * n, column, 0, n);
            columns.add(column);
          }
          CsvColumns.write(outDir.resolve(PredictCommand.PREDICTIONS), header, columns);
          Map<String, Object> shape = new LinkedHashMap<>();
          dataOptions.describe(shape, loaded);
          summary.put("data", shape);
          summary.putAll(Evaluation.metrics("data", columns.get(2), data.y()));
          Provenance.describe(summary);
          summary.put("status", "completed");
          SummaryWriter.write(summaryFile, summary);
          out.printf(Locale.ROOT, "predicted %d rows with smooth2 d1=%d k=%d; outputs in %s%n",
              n, model.spec().width(), k, outDir);
        });
  }
}

package org.widenet.cli;

import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.widenet.analysis.Evaluation;
import org.widenet.data.DataException;
import org.widenet.data.Dataset;
import org.widenet.model.ModelMetadata;
import org.widenet.report.CsvColumns;
import org.widenet.report.Provenance;
import org.widenet.report.SummaryWriter;

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
    DataOptions dataOptions;
    RunOptions run;
    DataOptions.Loaded loaded;
    Dataset data;
    Path outDir;
    String modelDir;
    try {
      ParsedOptions o = ParsedOptions.parse(SPECS, args);
      modelDir = o.get("model");
      if (modelDir == null) {
        throw new UsageException("--model DIR is required");
      }
      dataOptions = new DataOptions(o);
      run = new RunOptions(o);
      outDir = Path.of(run.out != null ? run.out : "runs/predict");
      OutputDirectory.check(outDir, run.overwrite);
      int inputDim = SavedModel.inputDim(modelDir);
      loaded = dataOptions.load(false);
      data = loaded.train();
      if (inputDim != data.d()) {
        throw new UsageException("the model " + modelDir + " takes " + inputDim
            + " features, " + data.source() + " has " + data.d());
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
    return SparkRun.execute("widenet predict", run, outDir, summary, err, "predict",
        (spark, jsc) -> {
          double[] f;
          int k;
          String description;
          try (SavedModel model = SavedModel.open(spark, modelDir)) {
            f = model.predict(data.x(), data.n());
            k = model.outputs();
            description = model.description();
            if (model.labelScale() != 1.0) {
              summary.put(ModelMetadata.LABEL_SCALE, model.labelScale());
            }
          }
          // row_index counts the rows kept (after --skip-bad-rows), from 1.
          writePredictions(outDir.resolve(PREDICTIONS), data.n(), List.of("label"), data.y(),
              k == 1 ? List.of("prediction") : numbered("prediction_", k, 0), f);
          Map<String, Object> shape = new LinkedHashMap<>();
          dataOptions.describe(shape, loaded);
          summary.put("data", shape);
          complete(outDir, summary, f, data.y());
          out.printf(Locale.ROOT, "predicted %d rows with %s; outputs in %s%n", data.n(),
              description, outDir);
        });
  }

  /** name0, name1, ... for k columns, numbered from first. */
  static List<String> numbered(String prefix, int k, int first) {
    List<String> names = new ArrayList<>(k);
    for (int c = 0; c < k; c++) {
      names.add(prefix + (c + first));
    }
    return names;
  }

  /**
   * predictions.csv: row_index (from 1), then one column per label and per prediction, each
   * n long, cut from the column-major labels and f.
   */
  static void writePredictions(Path file, int n, List<String> labelNames, double[] labels,
      List<String> predictionNames, double[] f) {
    List<String> header = new ArrayList<>(List.of("row_index"));
    List<double[]> columns = new ArrayList<>();
    double[] row = new double[n];
    for (int i = 0; i < n; i++) {
      row[i] = i + 1;
    }
    columns.add(row);
    header.addAll(labelNames);
    header.addAll(predictionNames);
    for (int c = 0; c < labelNames.size(); c++) {
      columns.add(Arrays.copyOfRange(labels, c * n, (c + 1) * n));
    }
    for (int c = 0; c < predictionNames.size(); c++) {
      columns.add(Arrays.copyOfRange(f, c * n, (c + 1) * n));
    }
    CsvColumns.write(file, header, columns);
  }

  /**
   * Completes summary.json: the metrics of f against the labels y (f's first y.length values,
   * output 0, when f has more outputs than y), provenance, status completed.
   */
  static void complete(Path outDir, Map<String, Object> summary, double[] f, double[] y) {
    summary.putAll(Evaluation.metrics("data", f.length == y.length ? f
        : Arrays.copyOf(f, y.length), y));
    Provenance.describe(summary);
    summary.put("status", "completed");
    SummaryWriter.write(outDir.resolve(OutputDirectory.SUMMARY), summary);
  }
}

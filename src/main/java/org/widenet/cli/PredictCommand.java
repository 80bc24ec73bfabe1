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
import org.widenet.model.ModelMetadata;
import org.widenet.report.CsvColumns;
import org.widenet.report.Provenance;
import org.widenet.report.SummaryWriter;
import org.widenet.softmax.SoftmaxModelStore;
import org.widenet.spark.SavedMetadata;

/**
 * {@code widenet predict}: the outputs of a saved model of any family (from {@code train} or
 * the Spark ML API) on a data set, computed where the weights live, with the same metrics as
 * training's test set. The model's metadata.json names its family, which picks the data's
 * side ({@link PredictInput}): one label per row for relu2, exp2, smooth2 and deep-last, k
 * labels per row and the NTK kernel regression for softmax2. Writes predictions.csv (row,
 * labels, predictions) and summary.json.
 */
final class PredictCommand {
  static final String PREDICTIONS = "predictions.csv";

  /** Every option of predict, for its help: each side parses its own (see PredictInput). */
  static final List<OptionSpec> SPECS = RunOptions.union(SingleLabelInput.SPECS.subList(0, 2),
      MultiLabelInput.OWN_SPECS, DataOptions.INPUT_SPECS, SoftmaxDataOptions.READ_SPECS,
      RunOptions.SPECS);

  private final PrintStream out;
  private final PrintStream err;

  PredictCommand(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  static String help() {
    return RunOptions.help("widenet predict --model DIR [--kernel-regression] (--data PATH | "
        + "--synthetic SPEC) [options]", "Predicts with a saved model of any family (or with "
        + "a softmax2 model's NTK regression); writes predictions.csv and the metrics. A "
        + "softmax2 model reads --data as train --model softmax2 does (k labels per row: "
        + "--label-cols, or a Parquet vector --label-col), with its training run's column "
        + "options by default; the IDX, --test-data, --skip-bad-rows and random-label "
        + "options are for the other families.", SPECS);
  }

  int run(String[] args) {
    if (RunOptions.wantsHelp(args)) {
      out.print(help());
      return 0;
    }
    PredictInput input;
    RunOptions run;
    Path outDir;
    String modelDir;
    try {
      ParsedOptions any = ParsedOptions.parse(SPECS, args);
      modelDir = any.get("model");
      if (modelDir == null) {
        throw new UsageException("--model DIR is required");
      }
      SavedMetadata model = SavedModel.metadata(modelDir);
      input = any.flag("kernel-regression")
          || model.family().equals(SoftmaxModelStore.FAMILY) ? new MultiLabelInput()
          : new SingleLabelInput();
      ParsedOptions o = input.options(ParsedOptions.parse(input.specs(), args), model);
      run = new RunOptions(o);
      outDir = Path.of(run.out != null ? run.out : "runs/predict");
      OutputDirectory.check(outDir, run.overwrite);
      input.read(o, model);
      OutputDirectory.prepare(outDir, run.overwrite);
    } catch (UsageException | DataException | IllegalArgumentException
        | UncheckedIOException e) {
      return SparkRun.inputError(err, e);
    }
    input.warnings().forEach(err::println);
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("status", "running");
    summary.put("model", modelDir);
    input.begin(summary);
    return SparkRun.execute("widenet predict", run, outDir, summary, err, "predict",
        (spark, jsc) -> {
          PredictInput.Outputs p = input.predict(spark, jsc, modelDir, summary);
          PredictInput.Rows rows = input.rows();
          if (p.labelScale() != 1.0) {
            summary.put(ModelMetadata.LABEL_SCALE, p.labelScale());
          }
          // row_index counts the rows kept (after --skip-bad-rows), from 1.
          writePredictions(outDir.resolve(PREDICTIONS), rows.n(), rows.labelColumns(),
              rows.y(), input.predictionColumns(p.k()), p.f());
          input.describe(summary);
          complete(outDir, summary, p.f(), rows.y());
          out.printf(Locale.ROOT, "predicted %d rows with %s; outputs in %s%n", rows.n(),
              p.description(), outDir);
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

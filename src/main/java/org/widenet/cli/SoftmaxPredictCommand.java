package org.widenet.cli;

import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.widenet.data.DataException;
import org.widenet.data.MultiLabelData;
import org.widenet.model.DenseInputs;
import org.widenet.model.Pass;
import org.widenet.softmax.Normalizers;
import org.widenet.softmax.NtkCoupling;
import org.widenet.softmax.SoftmaxFamily;
import org.widenet.softmax.SoftmaxGram;
import org.widenet.softmax.SoftmaxModelStore;
import org.widenet.softmax.SoftmaxPartial;
import org.widenet.softmax.SoftmaxSpec;
import org.widenet.spark.SparkEngine;

/**
 * {@code widenet predict} for a softmax2 model: the trained network's outputs on a data set,
 * or with {@code --kernel-regression} the NTK regression predictor of Gu et al. Appendix F,
 * K*_te (H*)^{-1} vec(Y), with H* the Gram at initialization (rebuilt from the model's seed)
 * and the model's training data. Writes predictions.csv and summary.json.
 */
final class SoftmaxPredictCommand {
  static final List<OptionSpec> SPECS = RunOptions.concat(List.of(RunOptions.CONFIG,
      OptionSpec.value("model", "DIR", "", "a saved softmax2 model (train's --out/model)"),
      OptionSpec.flag("kernel-regression", "predict with the NTK regression K*_te (H*)^-1 "
          + "vec(Y) at initialization instead of the trained network"),
      OptionSpec.value("train-data", "PATH", "the model's training data", "kernel regression: "
          + "the training set (read like --data)"),
      OptionSpec.value("ridge", "MU", "0", "kernel regression: solve with H* + mu I")),
      SoftmaxDataOptions.READ_SPECS, RunOptions.SPECS);

  private final PrintStream out;
  private final PrintStream err;

  SoftmaxPredictCommand(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  /** Whether a predict command line is for softmax2: --kernel-regression or such a model. */
  static boolean wanted(String[] args) {
    if (Arrays.asList(args).contains("--kernel-regression")) {
      return true;
    }
    String dir = PredictCommand.modelArgument(args);
    return dir != null && SoftmaxModelStore.isSoftmaxModel(dir);
  }

  static String help() {
    return RunOptions.help("widenet predict --model DIR [--kernel-regression] (--data PATH | "
        + "--synthetic SPEC) [options]", "Predicts with a saved softmax2 model, or with its "
        + "NTK regression; writes predictions.csv and the metrics.", SPECS);
  }

  int run(String[] args) {
    if (RunOptions.wantsHelp(args)) {
      out.print(help());
      return 0;
    }
    ParsedOptions given;
    RunOptions run;
    String modelDir;
    Map<String, Object> meta;
    SoftmaxDataOptions dataOptions;
    MultiLabelData data;
    MultiLabelData train = null;
    boolean kernel;
    double ridge;
    Path outDir;
    double labelScale;
    try {
      given = ParsedOptions.parse(SPECS, args);
      modelDir = given.get("model");
      if (modelDir == null) {
        throw new UsageException("--model DIR is required");
      }
      meta = SoftmaxModelStore.readMetadata(modelDir, new Configuration());
      if (!"softmax2".equals(meta.get("model"))) {
        throw new UsageException("--kernel-regression needs a softmax2 model; " + modelDir
            + " holds " + meta.get("model"));
      }
      labelScale = ((Number) meta.getOrDefault("label_scale", 1.0)).doubleValue();
      @SuppressWarnings("unchecked")
      Map<String, List<String>> trained = (Map<String, List<String>>) meta.getOrDefault(
          "training_options", Map.of());
      // Column options default to the training run's, so the same files read the same way.
      Map<String, List<String>> columns = new LinkedHashMap<>(trained);
      columns.remove("data");
      columns.remove("synthetic");
      ParsedOptions o = ParsedOptions.overlay(SPECS, columns, given);
      run = new RunOptions(o);
      kernel = o.flag("kernel-regression");
      ridge = o.getDouble("ridge", 0.0);
      dataOptions = new SoftmaxDataOptions(o);
      outDir = Path.of(run.out != null ? run.out : "runs/predict");
      OutputDirectory.check(outDir, run.overwrite);
      data = dataOptions.read(dataOptions.path);
      int inputDim = ((Number) meta.get("input_dim")).intValue();
      int outputs = ((Number) meta.get("outputs")).intValue();
      if (inputDim != data.d() || outputs != data.k()) {
        throw new UsageException("the model " + modelDir + " takes " + inputDim
            + " features and gives " + outputs + " outputs; " + data.source() + " has "
            + data.d() + " features and " + data.k() + " labels");
      }
      if (kernel) {
        Map<String, List<String>> trainOptions = new LinkedHashMap<>(trained);
        if (given.has("train-data")) {
          trainOptions.remove("synthetic");
          trainOptions.put("data", List.of(given.get("train-data")));
        }
        if (trainOptions.isEmpty()) {
          throw new UsageException("the model does not record its training data: give "
              + "--train-data PATH");
        }
        SoftmaxDataOptions trainData = new SoftmaxDataOptions(ParsedOptions.overlay(SPECS,
            trainOptions, ParsedOptions.parse(SPECS, new String[0])));
        train = trainData.read(trainData.path).labelsDividedBy(labelScale);
        if (train.d() != data.d() || train.k() != data.k()) {
          throw new IllegalArgumentException("the training data has " + train.d()
              + " features and " + train.k() + " labels, " + data.source() + " " + data.d()
              + " and " + data.k());
        }
      }
      OutputDirectory.prepare(outDir, run.overwrite);
    } catch (UsageException | DataException | IllegalArgumentException
        | UncheckedIOException e) {
      return SparkRun.inputError(err, e);
    }
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("status", "running");
    summary.put("model", modelDir);
    summary.put("predictor", kernel ? "kernel_regression" : "network");
    MultiLabelData trainSet = train;
    return SparkRun.execute("widenet predict", run, outDir, summary, err, "predict",
        (spark, jsc) -> {
          SoftmaxSpec spec = SoftmaxModelStore.spec(meta);
          double[] f;
          if (kernel) {
            // H* and K*_te at initialization come from the seed: the trained blocks are not read.
            int numBlocks = ((Number) meta.get("num_blocks")).intValue();
            int n = trainSet.n();
            int k = trainSet.k();
            try (SparkEngine engine = new SparkEngine(jsc, new SoftmaxFamily(spec), numBlocks,
                new DenseInputs(trainSet.x(), n, trainSet.d()), SparkEngine.Options.defaults())) {
              Normalizers at = Normalizers.of((SoftmaxPartial) engine.advance(null,
                  Pass.FORWARD, 0), spec.width());
              double[] gram = SoftmaxGram.jacobianGram(engine, at, trainSet.x(), n,
                  trainSet.d(), k);
              double[] cross = NtkCoupling.crossKernel(engine, spec, at, trainSet.x(), n,
                  trainSet.d(), data.x(), data.n());
              f = NtkCoupling.regression(gram, cross, trainSet.y(), n * k, data.n() * k,
                  ridge);
            }
            summary.put("train_n", trainSet.n());
            summary.put("ridge", ridge);
          } else {
            SoftmaxModelStore.Distributed model = SoftmaxModelStore.loadDistributed(spark,
                modelDir);
            try {
              f = model.predict(spark, data.x(), data.n());
            } finally {
              model.blocks().unpersist(false);
            }
          }
          for (int p = 0; p < f.length; p++) {
            f[p] *= labelScale;
          }
          if (labelScale != 1.0) {
            summary.put("label_scale", labelScale);
          }
          int k = data.k();
          PredictCommand.writePredictions(outDir.resolve(PredictCommand.PREDICTIONS), data.n(),
              k == 1 ? List.of("label") : PredictCommand.numbered("label_", k, 1), data.y(),
              k == 1 ? List.of("prediction") : PredictCommand.numbered("prediction_", k, 1), f);
          summary.put("data_source", data.source());
          PredictCommand.complete(outDir, summary, f, data.y());
          out.printf(Locale.ROOT, "predicted %d rows with %s (softmax2 m=%d, k=%d); outputs "
              + "in %s%n", data.n(), kernel ? "the NTK regression" : "the network",
              spec.width(), spec.outputs(), outDir);
        });
  }
}

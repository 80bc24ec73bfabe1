package org.widenet.cli;

import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.widenet.analysis.KernelChoice;
import org.widenet.data.DataException;
import org.widenet.data.Dataset;
import org.widenet.data.LabelNoise;
import org.widenet.math.AnalyticKernels;
import org.widenet.math.ComplexityMeasure;
import org.widenet.math.PackedSymmetric;
import org.widenet.math.Spectrum;
import org.widenet.model.BlockPartial;
import org.widenet.report.CsvColumns;
import org.widenet.report.Provenance;
import org.widenet.report.SummaryWriter;
import org.widenet.spark.KernelJobs;
import org.widenet.spark.SparkEngine;

/**
 * {@code widenet ntk}: the spectrum of a kernel on the training data, the projections of the
 * labels (and of uniform random labels, for comparison) on its eigenvectors, the complexity
 * measure sqrt(2 y^T H^{-1} y / n) and, with --predict-lr, the predicted residual curve.
 */
final class NtkCommand {
  static final String SPECTRUM = "spectrum.csv";
  static final String PREDICTED = "predicted.csv";

  private final PrintStream out;
  private final PrintStream err;

  NtkCommand(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  int run(String[] args) {
    if (RunOptions.wantsHelp(args)) {
      out.print(NtkOptions.help());
      return 0;
    }
    NtkOptions opts;
    DataOptions.Loaded loaded;
    Dataset data;
    Path outDir;
    try {
      opts = NtkOptions.parse(args);
      outDir = Path.of(opts.run.out != null ? opts.run.out : "runs/ntk-"
          + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss",
              Locale.ROOT)));
      OutputDirectory.check(outDir, opts.run.overwrite);
      loaded = opts.data.load(false);
      data = loaded.train();
      if (opts.kernel == NtkOptions.Kernel.RELU_INF) {
        new KernelChoice(AnalyticKernels.Kind.RELU_INF, 1.0, 1.0).checkData(data);
      }
      OutputDirectory.prepare(outDir, opts.run.overwrite);
    } catch (UsageException | DataException | IllegalArgumentException
        | UncheckedIOException e) {
      return SparkRun.inputError(err, e);
    }
    opts.data.warnings(loaded).forEach(err::println);
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("status", "running");
    summary.put("kernel", opts.kernel.cliName);
    Path summaryFile = outDir.resolve(OutputDirectory.SUMMARY);
    long start = System.nanoTime();
    return SparkRun.execute("widenet ntk", opts.run, outDir, summary, err, "ntk",
        (spark, jsc) -> {
          Map<String, Object> shape = new LinkedHashMap<>();
          opts.data.describe(shape, loaded);
          summary.put("data", shape);
          Provenance.describe(summary);
          double[] kernel = kernel(opts, data, jsc, summary);
          Spectrum spectrum = Spectrum.of(data.n(), kernel);
          ComplexityMeasure.Result complexity = ComplexityMeasure.of(data.n(), kernel,
              data.y());
          writeSpectrum(outDir.resolve(SPECTRUM), spectrum, data, opts.data.labelSeed);
          if (opts.predictLr != null) {
            writePredicted(outDir.resolve(PREDICTED), spectrum, data, opts);
            summary.put("predict_lr", opts.predictLr);
            summary.put("predict_iterations", opts.predictIterations);
          }
          summary.put("status", "completed");
          summary.put("n", data.n());
          summary.put("d", data.d());
          summary.put("lambda_min", spectrum.lambdaMin());
          summary.put("lambda_max", spectrum.lambdaMax());
          summary.put("condition_number", finiteOrString(spectrum.conditionNumber()));
          summary.put("complexity_measure", complexity.value());
          summary.put("complexity_jitter", complexity.jitter());
          summary.put("wall_seconds", (System.nanoTime() - start) / 1e9);
          SummaryWriter.write(summaryFile, summary);
          out.printf(Locale.ROOT, "%s kernel on n=%d d=%d: lambda_min %.4e, lambda_max %.4e, "
              + "complexity %.4f; outputs in %s%n", opts.kernel.cliName, data.n(), data.d(),
              spectrum.lambdaMin(), spectrum.lambdaMax(), complexity.value(), outDir);
        });
  }

  private static void writePredicted(Path file, Spectrum spectrum, Dataset data,
      NtkOptions opts) {
    double[] predicted = spectrum.predictedResidualNorms(data.y(), opts.predictLr,
        opts.predictIterations);
    double[] iteration = new double[predicted.length];
    for (int k = 0; k < iteration.length; k++) {
      iteration[k] = k;
    }
    CsvColumns.write(file, List.of("iteration", "predicted_residual_norm"),
        List.of(iteration, predicted));
  }

  private static double[] kernel(NtkOptions opts, Dataset data, JavaSparkContext jsc,
      Map<String, Object> summary) {
    switch (opts.kernel) {
      case RELU_INF:
        return KernelJobs.analytic(jsc, new KernelChoice(AnalyticKernels.Kind.RELU_INF, 1.0,
            1.0), data);
      case EXP_INF:
        summary.put("sigma", opts.sigma);
        return KernelJobs.analytic(jsc, new KernelChoice(AnalyticKernels.Kind.EXP_INF,
            opts.sigma, 1.0), data);
      default:
        int blocks = opts.net.blocks(jsc.defaultParallelism());
        Map<String, Object> network = new LinkedHashMap<>();
        network.put("model", opts.net.network.family().cliName());
        network.put("width", opts.net.network.width());
        network.put("seed", opts.net.network.seed());
        network.put("init_scale", opts.net.network.initScale());
        network.put("symmetric_init", opts.net.network.symmetricInit());
        network.put("partitions", blocks);
        summary.put("network", network);
        try (SparkEngine engine = new SparkEngine(jsc, opts.net.network, blocks, data.x(),
            data.n(), data.d(), SparkEngine.Options.defaults())) {
          BlockPartial sum = engine.advance(null, true, 0);
          double[] gram = new double[sum.gram().length];
          PackedSymmetric.hadamard(sum.gram(), PackedSymmetric.gramOfRows(data.n(), data.d(),
              data.x()), gram);
          return gram;
        }
    }
  }

  private static void writeSpectrum(Path file, Spectrum spectrum, Dataset data,
      long labelSeed) {
    int n = data.n();
    double[] index = new double[n];
    for (int k = 0; k < n; k++) {
      index[k] = k;
    }
    double[] random = LabelNoise.randomize(data.y(), 1.0, labelSeed);
    List<double[]> columns = new ArrayList<>(List.of(index, spectrum.eigenvalues(),
        spectrum.projections(data.y()), spectrum.projections(random)));
    CsvColumns.write(file, List.of("index", "eigenvalue", "projection_labels",
        "projection_random_labels"), columns);
  }

  private static Object finiteOrString(double v) {
    return Double.isFinite(v) ? (Object) v : String.valueOf(v);
  }
}

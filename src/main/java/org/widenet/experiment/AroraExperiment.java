package org.widenet.experiment;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.widenet.analysis.Evaluation;
import org.widenet.analysis.KernelChoice;
import org.widenet.data.Dataset;
import org.widenet.data.ImageClassData;
import org.widenet.data.LabelNoise;
import org.widenet.math.AnalyticKernels;
import org.widenet.math.ComplexityMeasure;
import org.widenet.math.Spectrum;
import org.widenet.model.ModelFamily;
import org.widenet.model.NetworkSpec;
import org.widenet.spark.KernelJobs;
import org.widenet.spark.SparkEngine;
import org.widenet.train.OptimizerKind;
import org.widenet.train.TrainConfig;
import org.widenet.train.TrainResult;
import org.widenet.train.Trainer;

/**
 * Arora, Du, Hu, Li, Wang (2019) on real images: (a) gradient-descent training curves for true,
 * random and worst-case labels beside Theorem 4.1's predictions; (b) the spectrum of H-infinity
 * with the projections of true and random labels; (c) the complexity measure of Theorem 5.1
 * and the test error as a growing fraction of labels (train and test) is randomized.
 * Worst-case labels are the eigenvector of lambda_min scaled to the norm of +-1 labels.
 */
public final class AroraExperiment {
  /** One training run: the measured and predicted residual norms per iteration. */
  public record Curve(String labels, double[] measured, double[] predicted,
      Map<String, Object> metrics) {}

  /** One point of the random-label sweep. */
  public record SweepPoint(double fraction, double complexity, double jitter,
      Map<String, Object> metrics) {}

  /** Everything the report shows. */
  public record Results(AroraSettings settings, Dataset train, Dataset test, Spectrum spectrum,
      double eta, double[] projectionsTrue, double[] projectionsRandom, List<Curve> curves,
      List<SweepPoint> sweep, double seconds) {}

  private final JavaSparkContext jsc;
  private final AroraSettings s;
  private final PrintStream progress;
  private int runsDone;
  private int runsTotal;

  private AroraExperiment(JavaSparkContext jsc, AroraSettings settings, PrintStream progress) {
    this.jsc = jsc;
    this.s = settings;
    this.progress = progress;
  }

  /** Runs the whole experiment; progress goes to {@code progress}, one line per stage. */
  public static Results run(JavaSparkContext jsc, AroraSettings settings, PrintStream progress) {
    return new AroraExperiment(jsc, settings, progress).run();
  }

  private Results run() {
    long start = System.nanoTime();
    Dataset train = ImageClassData.load(s.dataDir(), ImageClassData.Split.TRAIN,
        s.classes()[0], s.classes()[1], s.n());
    Dataset test = ImageClassData.load(s.dataDir(), ImageClassData.Split.TEST,
        s.classes()[0], s.classes()[1], s.testN());
    progress.printf(Locale.ROOT, "arora: %s, test %s%n", train.source(), test.source());
    int n = train.n();
    double[] kernel = KernelJobs.analytic(jsc, new KernelChoice(AnalyticKernels.Kind.RELU_INF,
        1.0, 1.0), train);
    Spectrum spectrum = Spectrum.of(n, kernel);
    double eta = Double.isNaN(s.learningRate()) ? 1.0 / spectrum.lambdaMax() : s.learningRate();
    progress.printf(Locale.ROOT, "arora: H-infinity lambda_min %.4e lambda_max %.4e; eta %.4e%n",
        spectrum.lambdaMin(), spectrum.lambdaMax(), eta);

    double[] yTrue = train.y();
    double[] yRandom = LabelNoise.randomize(yTrue, 1.0, s.seed() + 1);
    double[] yWorst = spectrum.eigenvector(0);
    double scale = Math.sqrt(n);
    for (int i = 0; i < n; i++) {
      yWorst[i] *= scale;
    }
    List<Double> extra = new ArrayList<>();
    for (double f : s.fractions()) {
      if (f != 0.0 && f != 1.0) {
        extra.add(f);
      }
    }
    runsTotal = 3 + extra.size();
    Map<Double, Map<String, Object>> byFraction = new LinkedHashMap<>();
    List<Curve> curves = new ArrayList<>();
    Curve trueRun = train("true labels", train, yTrue, test, test.y(), spectrum, eta);
    curves.add(trueRun);
    Curve randomRun = train("random labels", train, yRandom, test,
        LabelNoise.randomize(test.y(), 1.0, s.seed() + 2), spectrum, eta);
    curves.add(randomRun);
    curves.add(train("worst-case labels", train, yWorst, null, null, spectrum, eta));
    byFraction.put(0.0, trueRun.metrics());
    byFraction.put(1.0, randomRun.metrics());

    List<SweepPoint> sweep = new ArrayList<>();
    for (double f : s.fractions()) {
      double[] y = LabelNoise.randomize(yTrue, f, s.seed() + 1);
      Map<String, Object> metrics = byFraction.get(f);
      if (metrics == null) {
        metrics = train(String.format(Locale.ROOT, "%.0f%% random labels", 100 * f), train, y,
            test, LabelNoise.randomize(test.y(), f, s.seed() + 2), spectrum, eta).metrics();
      }
      ComplexityMeasure.Result c = ComplexityMeasure.of(n, kernel, y);
      sweep.add(new SweepPoint(f, c.value(), c.jitter(), metrics));
    }
    return new Results(s, train, test, spectrum, eta, spectrum.projections(yTrue),
        spectrum.projections(yRandom), curves, sweep, (System.nanoTime() - start) / 1e9);
  }

  private Curve train(String name, Dataset data, double[] y, Dataset test, double[] yTest,
      Spectrum spectrum, double eta) {
    runsDone++;
    NetworkSpec spec = new NetworkSpec(ModelFamily.RELU2, s.width(), s.initScale(), s.seed(),
        false);
    TrainConfig config = new TrainConfig(spec, OptimizerKind.GD, eta, 0, s.iterations(),
        s.iterations(), s.partitions());
    double[] measured = new double[s.iterations() + 1];
    long t0 = System.nanoTime();
    Map<String, Object> metrics = new LinkedHashMap<>();
    try (SparkEngine engine = new SparkEngine(jsc, spec, s.partitions(), data.x(), data.n(),
        data.d(), SparkEngine.Options.defaults())) {
      TrainResult result = new Trainer(config, data.x(), y, data.n(), data.d()).run(engine,
          r -> {
            measured[r.iteration()] = Math.sqrt(2 * r.loss());
            if (r.iteration() > 0 && r.iteration() % 50 == 0) {
              progress.printf(Locale.ROOT, "arora: run %d/%d (%s) iteration %d/%d, residual "
                  + "%.4f%n", runsDone, runsTotal, name, r.iteration(), s.iterations(),
                  measured[r.iteration()]);
            }
          });
      metrics.put("final_loss", result.finalLoss());
      metrics.putAll(Evaluation.metrics("train", result.finalPredictions(), y));
      if (test != null) {
        metrics.putAll(Evaluation.metrics("test", engine.predict(test.x(), test.n()), yTest));
      }
    }
    progress.printf(Locale.ROOT, "arora: run %d/%d (%s) done in %.1f s: residual %.4f -> %.4f%n",
        runsDone, runsTotal, name, (System.nanoTime() - t0) / 1e9, measured[0],
        measured[s.iterations()]);
    return new Curve(name, measured, spectrum.predictedResidualNorms(y, eta, s.iterations()),
        metrics);
  }
}

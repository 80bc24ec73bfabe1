package org.widenet.cli;

import org.apache.spark.api.java.JavaSparkContext;
import org.widenet.analysis.KernelChoice;
import org.widenet.data.Dataset;
import org.widenet.math.Spectrum;
import org.widenet.model.NetworkSpec;
import org.widenet.report.MetricsCsvWriter;
import org.widenet.spark.KernelJobs;
import org.widenet.train.IterationRecord;
import org.widenet.train.TrainingListener;

/**
 * {@code train --predict}: the residual norm Arora et al. Theorem 4.1 predicts from the
 * analytic kernel, ||y - u(k)|| ~ sqrt(sum_i (1 - eta lambda_i)^{2k} (v_i . y)^2), written as
 * the metrics.csv column {@code predicted_residual} beside the measured loss
 * (measured residual norm = sqrt(2 loss)). The prediction assumes u(0) ~ 0, i.e. a small
 * --init-scale, as the theorem does.
 */
final class PredictedResidual implements MetricsCsvWriter.ExtraColumn {
  static final String COLUMN = "predicted_residual";

  private final KernelChoice choice;
  private final Dataset data;
  private Spectrum spectrum;
  private double[] curve;

  private PredictedResidual(KernelChoice choice, Dataset data) {
    this.choice = choice;
    this.data = data;
  }

  /** Checks the kernel is defined for the data (before Spark starts). */
  static PredictedResidual prepare(NetworkSpec network, Dataset data) {
    KernelChoice choice = KernelChoice.forNetwork(network);
    choice.checkData(data);
    return new PredictedResidual(choice, data);
  }

  /** Computes the kernel (on the executors when n is large) and its spectrum. */
  void computeSpectrum(JavaSparkContext jsc) {
    spectrum = Spectrum.of(data.n(), KernelJobs.analytic(jsc, choice, data));
  }

  String kernelName() {
    return choice.describe();
  }

  /** Fills the curve once the learning rate is known (after iteration 0 for --lr auto). */
  TrainingListener listener(int iterations) {
    return new TrainingListener() {
      @Override
      public void onIteration(IterationRecord record) {}

      @Override
      public void onLearningRate(double eta, boolean automatic) {
        curve = spectrum.predictedResidualNorms(data.y(), eta, iterations);
      }
    };
  }

  @Override
  public String name() {
    return COLUMN;
  }

  @Override
  public double valueAt(int iteration) {
    return curve == null || iteration >= curve.length ? Double.NaN : curve[iteration];
  }
}

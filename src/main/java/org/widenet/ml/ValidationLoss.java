package org.widenet.ml;

import java.util.function.DoubleSupplier;
import org.widenet.softmax.Normalizers;
import org.widenet.softmax.SoftmaxJobs;
import org.widenet.train.BlockEngine;

/**
 * The loss on the rows held out by validationIndicatorCol at the engine's current weights:
 * 0.5 ||f - y||^2 over those rows, the training loss's formula on the same targets (+-1 for a
 * binary classifier, one-hot for softmax2, labels divided by the scaleLabels factor for a
 * regressor). One job over the blocks each time it is asked.
 */
final class ValidationLoss {
  private ValidationLoss() {}

  /** relu2/exp2: one output; y holds the held-out targets. */
  static DoubleSupplier scalar(BlockEngine engine, double[] x, int rows, double[] y) {
    return () -> halfSquares(engine.predict(x, rows), y);
  }

  /** softmax2 with m neurons: k outputs, y the one-hot targets (class l of row i at l rows + i). */
  static DoubleSupplier softmax(BlockEngine engine, long m, double[] x, int rows, double[] y) {
    return () -> halfSquares(Normalizers.of(SoftmaxJobs.outputsOn(engine, x, rows), (int) m)
        .outputs(), y);
  }

  static double halfSquares(double[] f, double[] y) {
    if (f.length != y.length) {
      throw new IllegalStateException("outputs " + f.length + ", targets " + y.length);
    }
    double s = 0.0;
    for (int i = 0; i < f.length; i++) {
      double r = f[i] - y[i];
      s += r * r;
    }
    return 0.5 * s;
  }
}

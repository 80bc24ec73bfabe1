package org.widenet.softmax;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.widenet.model.DenseInputs;
import org.widenet.spark.SparkEngine;
import org.widenet.train.BlockEngine;
import org.widenet.train.LocalEngine;
import org.widenet.train.OrderedSum;

/**
 * The programmatic entry point of softmax2 training: {@link #fit} takes arrays, trains the
 * network of Gu, Li, Liang, Shi, Song (F(W, x)_l = m &lt;a_l, S(W^T x)&gt;, symmetric
 * initialization, GD with Claim 3.4's gradient, Gauss-Newton or mini-batch SGD) on the local
 * engine or on Spark, and returns a {@link SoftmaxFit} that predicts. The CLI's {@code train
 * --model softmax2} runs the same loops.
 *
 * <pre>{@code
 * SoftmaxFit fit = SoftmaxRegression.fit(x, y, n, d, k,
 *     SoftmaxSettings.defaults().withWidth(2000).withIterations(200));
 * double[] f = fit.predict(xTest, rows);   // rows x k, column-major
 * }</pre>
 */
public final class SoftmaxRegression {
  private SoftmaxRegression() {}

  /**
   * Trains a softmax2 network.
   *
   * @param x inputs, n x d column-major (row i is x_i); the papers assume ||x_i|| &lt;= 1
   * @param y labels, n x k column-major (label l of row i at l * n + i); rows with
   *     ||y_i|| &gt; 1 are refused (Assumption 6.1)
   * @param settings width, sigma, step size, iterations, seed, blocks, engine, listener
   * @return the fitted network with its per-iteration losses
   * @throws IllegalArgumentException on wrong lengths, non-finite values or ||y_i|| &gt; 1
   * @throws org.widenet.train.TrainingDivergedException when the loss stops being finite
   */
  public static SoftmaxFit fit(double[] x, double[] y, int n, int d, int k,
      SoftmaxSettings settings) {
    if (n < 1 || d < 1 || k < 1) {
      throw new IllegalArgumentException("need n, d, k >= 1, got " + n + ", " + d + ", " + k);
    }
    if (x.length != (long) n * d || y.length != (long) n * k) {
      throw new IllegalArgumentException("x must have n*d = " + (long) n * d + " entries and y "
          + "n*k = " + (long) n * k + ", got " + x.length + " and " + y.length);
    }
    requireFinite("x", x);
    requireFinite("y", y);
    int row = MultiLabels.firstRowOutsideUnitBall(y, n, k);
    if (row >= 0) {
      throw new IllegalArgumentException("label row " + (row + 1) + " has norm "
          + MultiLabels.rowNorm(y, n, k, row) + " > 1; softmax2 assumes ||y_i|| <= 1 "
          + "(Assumption 6.1): scale the labels");
    }
    SoftmaxSpec spec = settings.spec(k);
    SoftmaxTrainer trainer = settings.sgd() ? null
        : new SoftmaxTrainer(spec, settings.trainConfig(), x, y, n, d);
    SoftmaxSgdTrainer sgd = settings.sgd()
        ? new SoftmaxSgdTrainer(spec, settings.sgdConfig(), x, y, n, d) : null;
    SoftmaxFamily family = new SoftmaxFamily(spec);
    DenseInputs inputs = new DenseInputs(x, n, d);
    try (BlockEngine engine = settings.sparkContext() == null
        ? new LocalEngine(family, settings.blocks(), inputs, OrderedSum.DEFAULT_FAN_IN)
        : new SparkEngine(settings.sparkContext(), family, settings.blocks(), inputs,
            SparkEngine.Options.defaults())) {
      SoftmaxResult result;
      if (sgd != null) {
        SoftmaxSgdResult r = sgd.run(engine, settings.listener());
        result = new SoftmaxResult(r.losses(), r.learningRate(), Double.NaN, Double.NaN,
            r.finalOutputs(), null);
      } else {
        result = trainer.run(engine, settings.listener(), null, 0);
      }
      return new SoftmaxFit(spec, d, blocksOf(engine), result);
    }
  }

  /** The engine's current blocks on the driver, in block order. */
  private static List<SoftmaxBlock> blocksOf(BlockEngine engine) {
    if (engine instanceof LocalEngine local) {
      return local.blocks();
    }
    List<SoftmaxBlock> blocks = new ArrayList<>(((SparkEngine) engine).<SoftmaxBlock>blocks()
        .collect());
    blocks.sort(Comparator.comparingInt(SoftmaxBlock::blockId));
    return blocks;
  }

  private static void requireFinite(String name, double[] a) {
    for (int p = 0; p < a.length; p++) {
      if (!Double.isFinite(a[p])) {
        throw new IllegalArgumentException(name + "[" + p + "] is not finite: " + a[p]);
      }
    }
  }
}

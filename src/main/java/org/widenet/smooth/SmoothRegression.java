package org.widenet.smooth;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.widenet.model.DenseInputs;
import org.widenet.spark.SparkEngine;
import org.widenet.train.BlockEngine;
import org.widenet.train.LocalEngine;
import org.widenet.train.OrderedSum;

/**
 * The programmatic entry point of smooth2 (Song et al. Section 5): fits Z = V phi(W X) with
 * both layers trained by gd or sgd on the loss 0.5 ||F - Y||_F^2, locally or on Spark.
 *
 * <pre>{@code
 * SmoothFit fit = SmoothRegression.fit(x, y, n, d, k, SmoothSettings.defaults()
 *     .withWidth(2000).withOptimizer(SmoothOptimizer.SGD).withBatchSize(128).withEpochs(5)
 *     .withLearningRate(0.01).withOmegaRatio(4.0));
 * double[] yHat = fit.predict(xTest, rows);
 * }</pre>
 */
public final class SmoothRegression {
  private SmoothRegression() {}

  /** Receives the engine after training, before it is closed (to save the model, say). */
  @FunctionalInterface
  public interface TrainedHook {
    void onTrained(BlockEngine engine, SmoothSpec spec, SmoothTrainResult result);
  }

  /**
   * Fits a smooth2 network.
   *
   * @param x inputs, n x d column-major (row i is x_i)
   * @param y targets, n x k column-major (column c is output c)
   * @param settings width, activation, init, optimizer, ...; a non-null Spark context runs the
   *     Spark engine with settings.blocks() partitions, otherwise the local engine
   * @throws IllegalArgumentException on wrong lengths or non-finite numbers (naming the row
   *     and column), before any training
   */
  public static SmoothFit fit(double[] x, double[] y, int n, int d, int k,
      SmoothSettings settings) {
    return fit(x, y, n, d, k, settings, null);
  }

  /** {@link #fit} with a hook that sees the engine before it is closed. */
  public static SmoothFit fit(double[] x, double[] y, int n, int d, int k,
      SmoothSettings settings, TrainedHook hook) {
    validate(x, y, n, d, k);
    SmoothSpec spec = settings.spec(d, k);
    DenseInputs inputs = new DenseInputs(x, n, d);
    BlockEngine engine = settings.sparkContext() == null
        ? new LocalEngine(spec, settings.blocks(), inputs, OrderedSum.DEFAULT_FAN_IN)
        : new SparkEngine(settings.sparkContext(), spec, settings.blocks(), inputs,
            SparkEngine.Options.defaults());
    try {
      SmoothTrainResult result = new SmoothTrainer(spec, settings, x, y, n).run(engine);
      if (hook != null) {
        hook.onTrained(engine, spec, result);
      }
      return new SmoothFit(spec, result, collectBlocks(engine));
    } finally {
      engine.close();
    }
  }

  /**
   * The engine's current blocks on the driver, in block order (for a fit or a saved model):
   * the local engine's own blocks, or the Spark engine's collected.
   */
  public static List<SmoothBlock> collectBlocks(BlockEngine engine) {
    List<SmoothBlock> blocks;
    if (engine instanceof LocalEngine local) {
      blocks = new ArrayList<>(local.<SmoothBlock>blocks());
    } else if (engine instanceof SparkEngine onSpark) {
      blocks = new ArrayList<>(onSpark.<SmoothBlock>blocks().collect());
    } else {
      throw new IllegalArgumentException("cannot collect the blocks of a "
          + engine.getClass().getName());
    }
    blocks.sort(Comparator.comparingInt(SmoothBlock::blockId));
    return blocks;
  }

  public static void validate(double[] x, double[] y, int n, int d, int k) {
    if (n < 1 || d < 1 || k < 1) {
      throw new IllegalArgumentException("need n, d, k >= 1, got " + n + ", " + d + ", " + k);
    }
    if (x.length != (long) n * d) {
      throw new IllegalArgumentException("x has " + x.length + " numbers, expected n x d = "
          + n + " x " + d);
    }
    if (y.length != (long) n * k) {
      throw new IllegalArgumentException("y has " + y.length + " numbers, expected n x k = "
          + n + " x " + k);
    }
    for (int i = 0; i < x.length; i++) {
      if (!Double.isFinite(x[i])) {
        throw new IllegalArgumentException("x at row " + (i % n) + ", column " + (i / n)
            + " is " + x[i]);
      }
    }
    for (int i = 0; i < y.length; i++) {
      if (!Double.isFinite(y[i])) {
        throw new IllegalArgumentException("y at row " + (i % n) + ", output " + (i / n)
            + " is " + y[i]);
      }
    }
  }
}

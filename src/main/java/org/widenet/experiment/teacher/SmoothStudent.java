package org.widenet.experiment.teacher;

import org.apache.spark.api.java.JavaSparkContext;
import org.widenet.smooth.InitPreset;
import org.widenet.smooth.SmoothActivation;
import org.widenet.smooth.SmoothFit;
import org.widenet.smooth.SmoothOptimizer;
import org.widenet.smooth.SmoothRegression;
import org.widenet.smooth.SmoothSettings;

/**
 * A student trained by the smooth2 family ({@link SmoothRegression}): GeLU (erf form), both
 * layers, mini-batch SGD, He product with omega2 / omega1 set per sweep point, on the one-hot
 * teacher labels. smooth2 steps on 0.5 ||F_B - Y_B||^2 (summed over the batch), the paper on
 * PyTorch's mean squared error (1 / (B k)) ||F_B - Y_B||^2, so the paper's step lr becomes
 * eta = lr * 2 / (B k) here (exact for full batches; the last, smaller batch of an epoch takes
 * a slightly smaller step than PyTorch's would).
 */
public final class SmoothStudent implements StudentTrainer {
  private final int width;
  private final int epochs;
  private final int batch;
  private final double lr;
  private final int blocks;
  private final JavaSparkContext jsc;

  /**
   * @param blocks neuron blocks (Spark partitions with a context, else local blocks)
   * @param jsc the Spark context to train on, or null for smooth2's local engine
   */
  public SmoothStudent(int width, int epochs, int batch, double lr, int blocks,
      JavaSparkContext jsc) {
    this.width = width;
    this.epochs = epochs;
    this.batch = batch;
    this.lr = lr;
    this.blocks = blocks;
    this.jsc = jsc;
  }

  @Override
  public Result train(ClassData train, ClassData test, double omega1, double omega2,
      long seed) {
    long start = System.nanoTime();
    SmoothSettings settings = SmoothSettings.defaults().withWidth(width)
        .withActivation(SmoothActivation.GELU).withInit(InitPreset.HE)
        .withOmegaRatio(omega2 / omega1).withOptimizer(SmoothOptimizer.SGD)
        .withBatchSize(batch).withEpochs(epochs)
        .withLearningRate(lr * 2.0 / ((double) batch * train.k())).withSeed(seed)
        .withLazy(false).withGramEvery(0).withBlocks((int) Math.min(blocks, width))
        .withSparkContext(jsc);
    SmoothFit fit = SmoothRegression.fit(train.x(), train.oneHot(), train.n(), train.d(),
        train.k(), settings);
    return new Result(error(fit, train), error(fit, test), fit.result().finalLoss(),
        (System.nanoTime() - start) / 1e9);
  }

  private static double error(SmoothFit fit, ClassData data) {
    int[] p = TwoLayerNet.argmax(fit.predict(data.x(), data.n()), data.n(), data.k());
    int wrong = 0;
    for (int i = 0; i < data.n(); i++) {
      wrong += p[i] != data.labels()[i] ? 1 : 0;
    }
    return wrong / (double) data.n();
  }
}

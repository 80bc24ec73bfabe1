package org.widenet.softmax;

import org.apache.spark.api.java.JavaSparkContext;
import org.widenet.train.OptimizerKind;
import org.widenet.train.TrainingListener;

/**
 * Settings of {@link SoftmaxRegression#fit}: the network, the optimizer and where it runs.
 * Start from {@link #defaults()} and change what you need with the {@code with...} methods.
 *
 * @param width m, hidden neurons (even: the initialization is the symmetric one)
 * @param sigma standard deviation of the initial weights
 * @param learningRate eta, or NaN for automatic ({@code lrConstant / lambda_max(J J^T(0))})
 * @param lrConstant c of the automatic step size
 * @param iterations T
 * @param seed seed of the initial weights
 * @param blocks number of neuron blocks (Spark partitions)
 * @param optimizer gradient descent or Gauss-Newton
 * @param damping mu of Gauss-Newton
 * @param gramEvery Gram diagnostics every this many iterations (0: only at t = 0 when needed)
 * @param sparkContext the Spark context for the Spark engine, or null for the local engine
 * @param listener receives one record per iteration (loss, Gram diagnostics), or null; with
 *     sgd one record per epoch
 * @param sgd train by mini-batch SGD ({@link SoftmaxSgdTrainer}) instead of the optimizer
 * @param epochs sgd: passes over the data
 * @param batchSize sgd: rows per step (at most n)
 */
public record SoftmaxSettings(int width, double sigma, double learningRate, double lrConstant,
    int iterations, long seed, int blocks, OptimizerKind optimizer, double damping,
    int gramEvery, JavaSparkContext sparkContext, TrainingListener listener, boolean sgd,
    int epochs, int batchSize) {

  /** m = 1000, sigma = 1, automatic eta with c = 0.5, 100 GD iterations, seed 0, 1 block. */
  public static SoftmaxSettings defaults() {
    return new SoftmaxSettings(1000, 1.0, Double.NaN, SoftmaxTrainConfig.DEFAULT_LR_CONSTANT,
        100, 0L, 1, OptimizerKind.GD, 0.0, 0, null, null, false, 10, 128);
  }

  public SoftmaxSettings withWidth(int m) {
    return new SoftmaxSettings(m, sigma, learningRate, lrConstant, iterations, seed, blocks,
        optimizer, damping, gramEvery, sparkContext, listener, sgd, epochs, batchSize);
  }

  public SoftmaxSettings withSigma(double s) {
    return new SoftmaxSettings(width, s, learningRate, lrConstant, iterations, seed, blocks,
        optimizer, damping, gramEvery, sparkContext, listener, sgd, epochs, batchSize);
  }

  /** A fixed step size; NaN for the automatic one. */
  public SoftmaxSettings withLearningRate(double eta) {
    return new SoftmaxSettings(width, sigma, eta, lrConstant, iterations, seed, blocks,
        optimizer, damping, gramEvery, sparkContext, listener, sgd, epochs, batchSize);
  }

  /** The automatic step size eta = c / lambda_max(J J^T(0)). */
  public SoftmaxSettings withAutoLearningRate(double c) {
    return new SoftmaxSettings(width, sigma, Double.NaN, c, iterations, seed, blocks,
        optimizer, damping, gramEvery, sparkContext, listener, sgd, epochs, batchSize);
  }

  public SoftmaxSettings withIterations(int t) {
    return new SoftmaxSettings(width, sigma, learningRate, lrConstant, t, seed, blocks,
        optimizer, damping, gramEvery, sparkContext, listener, sgd, epochs, batchSize);
  }

  public SoftmaxSettings withSeed(long s) {
    return new SoftmaxSettings(width, sigma, learningRate, lrConstant, iterations, s, blocks,
        optimizer, damping, gramEvery, sparkContext, listener, sgd, epochs, batchSize);
  }

  public SoftmaxSettings withBlocks(int b) {
    return new SoftmaxSettings(width, sigma, learningRate, lrConstant, iterations, seed, b,
        optimizer, damping, gramEvery, sparkContext, listener, sgd, epochs, batchSize);
  }

  /** Gradient descent or Gauss-Newton (with damping mu); turns sgd off. */
  public SoftmaxSettings withOptimizer(OptimizerKind kind, double mu) {
    return new SoftmaxSettings(width, sigma, learningRate, lrConstant, iterations, seed, blocks,
        kind, mu, gramEvery, sparkContext, listener, false, epochs, batchSize);
  }

  /**
   * Mini-batch SGD: {@code epochs} passes over the data in batches of {@code batchSize} rows,
   * shuffled by the seed ({@link org.widenet.train.BatchOrder}); needs a fixed
   * {@link #withLearningRate} step size. {@link SoftmaxFit#losses()} then holds one full-batch
   * loss per epoch.
   */
  public SoftmaxSettings withSgd(int epochs, int batchSize) {
    return new SoftmaxSettings(width, sigma, learningRate, lrConstant, iterations, seed, blocks,
        optimizer, damping, gramEvery, sparkContext, listener, true, epochs, batchSize);
  }

  public SoftmaxSettings withGramEvery(int every) {
    return new SoftmaxSettings(width, sigma, learningRate, lrConstant, iterations, seed, blocks,
        optimizer, damping, every, sparkContext, listener, sgd, epochs, batchSize);
  }

  /** Runs on Spark (one job per pass over the blocks); null runs locally. */
  public SoftmaxSettings withSpark(JavaSparkContext jsc) {
    return new SoftmaxSettings(width, sigma, learningRate, lrConstant, iterations, seed, blocks,
        optimizer, damping, gramEvery, jsc, listener, sgd, epochs, batchSize);
  }

  public SoftmaxSettings withListener(TrainingListener l) {
    return new SoftmaxSettings(width, sigma, learningRate, lrConstant, iterations, seed, blocks,
        optimizer, damping, gramEvery, sparkContext, l, sgd, epochs, batchSize);
  }

  /** The network these settings describe, with k outputs. */
  public SoftmaxSpec spec(int k) {
    return new SoftmaxSpec(width, k, sigma, seed, true);
  }

  /** The sgd settings (the batch shuffles use the seed of the weights). */
  public SoftmaxSgdConfig sgdConfig() {
    return new SoftmaxSgdConfig(learningRate, epochs, batchSize, seed);
  }

  /** The driver-loop settings. */
  public SoftmaxTrainConfig trainConfig() {
    return new SoftmaxTrainConfig(iterations, learningRate, lrConstant, optimizer, damping,
        gramEvery);
  }
}

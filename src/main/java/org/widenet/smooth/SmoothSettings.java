package org.widenet.smooth;

import org.apache.spark.api.java.JavaSparkContext;

/**
 * Everything a smooth2 fit needs besides the data, with defaults in one place
 * ({@link #defaults()}) and one {@code with...} method per setting.
 *
 * @param width d1, the hidden width
 * @param activation phi
 * @param init the omega preset of eq. (17)
 * @param omegaRatio omega2 / omega1 at the preset's product omega1 omega2 = c / sqrt(d0 d1),
 *     or NaN for the preset's own ratio
 * @param optimizer gd or sgd
 * @param learningRate eta (of widenet's loss 0.5 ||F - Y||^2); NaN = auto: 1 / lambda_max(J J^T)
 *     at initialization (needs the Gram)
 * @param iterations gd: the number of updates
 * @param epochs sgd: the number of passes over the data
 * @param batchSize sgd: rows per step
 * @param seed initial weights (with the neuron index) and the batch shuffles
 * @param blocks the number of neuron blocks (Spark partitions)
 * @param gramEvery compute J J^T every this many logged rows (always at the first and the
 *     last); 0 never (no lambda columns, no lazy tracking, no auto learning rate)
 * @param lazy track the linearized model and log lazy_distance (needs gramEvery &gt; 0)
 * @param divergenceFactor stop as diverged when the loss exceeds this multiple of its start
 * @param sparkContext run on Spark with this context, or null for the local engine
 * @param listener receives every logged row, or null
 */
public record SmoothSettings(long width, SmoothActivation activation, InitPreset init,
    double omegaRatio, SmoothOptimizer optimizer, double learningRate, int iterations,
    int epochs, int batchSize, long seed, int blocks, int gramEvery, boolean lazy,
    double divergenceFactor, JavaSparkContext sparkContext, SmoothListener listener) {

  public SmoothSettings {
    if (width < 1) {
      throw new IllegalArgumentException("--width must be >= 1, got " + width);
    }
    if (activation == null || init == null || optimizer == null) {
      throw new IllegalArgumentException("activation, init and optimizer are required");
    }
    if (!Double.isNaN(learningRate) && (!(learningRate > 0) || Double.isInfinite(learningRate))) {
      throw new IllegalArgumentException("--lr must be a positive number or auto, got "
          + learningRate);
    }
    if (iterations < 0 || epochs < 0) {
      throw new IllegalArgumentException("--iterations and --epochs must be >= 0");
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException("--batch-size must be >= 1, got " + batchSize);
    }
    if (blocks < 1 || blocks > width) {
      throw new IllegalArgumentException("--partitions must be in [1, width = " + width
          + "], got " + blocks);
    }
    if (gramEvery < 0) {
      throw new IllegalArgumentException("--gram-every must be >= 0, got " + gramEvery);
    }
    if (gramEvery == 0 && (lazy || Double.isNaN(learningRate))) {
      throw new IllegalArgumentException("--gram-every 0 turns the Gram off: lazy tracking and "
          + "--lr auto need it at initialization (give --lr and --no-lazy)");
    }
    if (!(divergenceFactor > 1)) {
      throw new IllegalArgumentException("--divergence-factor must be > 1, got "
          + divergenceFactor);
    }
  }

  /**
   * Width 1000, GeLU, He, the preset's ratio, gd with auto step, 100 iterations (sgd: 10
   * epochs of 128), seed 1, 1 block, Gram every row, lazy tracking on, local engine.
   */
  public static SmoothSettings defaults() {
    return new SmoothSettings(1000, SmoothActivation.GELU, InitPreset.HE, Double.NaN,
        SmoothOptimizer.GD, Double.NaN, 100, 10, 128, 1L, 1, 1, true, 1e3, null, null);
  }

  public SmoothSettings withWidth(long v) {
    return new SmoothSettings(v, activation, init, omegaRatio, optimizer, learningRate,
        iterations, epochs, batchSize, seed, blocks, gramEvery, lazy, divergenceFactor,
        sparkContext, listener);
  }

  public SmoothSettings withActivation(SmoothActivation v) {
    return new SmoothSettings(width, v, init, omegaRatio, optimizer, learningRate, iterations,
        epochs, batchSize, seed, blocks, gramEvery, lazy, divergenceFactor, sparkContext,
        listener);
  }

  public SmoothSettings withInit(InitPreset v) {
    return new SmoothSettings(width, activation, v, omegaRatio, optimizer, learningRate,
        iterations, epochs, batchSize, seed, blocks, gramEvery, lazy, divergenceFactor,
        sparkContext, listener);
  }

  /** omega2 / omega1 at the preset's product; NaN for the preset's own. */
  public SmoothSettings withOmegaRatio(double v) {
    return new SmoothSettings(width, activation, init, v, optimizer, learningRate, iterations,
        epochs, batchSize, seed, blocks, gramEvery, lazy, divergenceFactor, sparkContext,
        listener);
  }

  public SmoothSettings withOptimizer(SmoothOptimizer v) {
    return new SmoothSettings(width, activation, init, omegaRatio, v, learningRate, iterations,
        epochs, batchSize, seed, blocks, gramEvery, lazy, divergenceFactor, sparkContext,
        listener);
  }

  /** NaN for auto. */
  public SmoothSettings withLearningRate(double v) {
    return new SmoothSettings(width, activation, init, omegaRatio, optimizer, v, iterations,
        epochs, batchSize, seed, blocks, gramEvery, lazy, divergenceFactor, sparkContext,
        listener);
  }

  public SmoothSettings withIterations(int v) {
    return new SmoothSettings(width, activation, init, omegaRatio, optimizer, learningRate, v,
        epochs, batchSize, seed, blocks, gramEvery, lazy, divergenceFactor, sparkContext,
        listener);
  }

  public SmoothSettings withEpochs(int v) {
    return new SmoothSettings(width, activation, init, omegaRatio, optimizer, learningRate,
        iterations, v, batchSize, seed, blocks, gramEvery, lazy, divergenceFactor, sparkContext,
        listener);
  }

  public SmoothSettings withBatchSize(int v) {
    return new SmoothSettings(width, activation, init, omegaRatio, optimizer, learningRate,
        iterations, epochs, v, seed, blocks, gramEvery, lazy, divergenceFactor, sparkContext,
        listener);
  }

  public SmoothSettings withSeed(long v) {
    return new SmoothSettings(width, activation, init, omegaRatio, optimizer, learningRate,
        iterations, epochs, batchSize, v, blocks, gramEvery, lazy, divergenceFactor,
        sparkContext, listener);
  }

  public SmoothSettings withBlocks(int v) {
    return new SmoothSettings(width, activation, init, omegaRatio, optimizer, learningRate,
        iterations, epochs, batchSize, seed, v, gramEvery, lazy, divergenceFactor, sparkContext,
        listener);
  }

  public SmoothSettings withGramEvery(int v) {
    return new SmoothSettings(width, activation, init, omegaRatio, optimizer, learningRate,
        iterations, epochs, batchSize, seed, blocks, v, lazy, divergenceFactor, sparkContext,
        listener);
  }

  public SmoothSettings withLazy(boolean v) {
    return new SmoothSettings(width, activation, init, omegaRatio, optimizer, learningRate,
        iterations, epochs, batchSize, seed, blocks, gramEvery, v, divergenceFactor,
        sparkContext, listener);
  }

  public SmoothSettings withDivergenceFactor(double v) {
    return new SmoothSettings(width, activation, init, omegaRatio, optimizer, learningRate,
        iterations, epochs, batchSize, seed, blocks, gramEvery, lazy, v, sparkContext,
        listener);
  }

  /** Spark context to train on, or null for the local engine. */
  public SmoothSettings withSparkContext(JavaSparkContext v) {
    return new SmoothSettings(width, activation, init, omegaRatio, optimizer, learningRate,
        iterations, epochs, batchSize, seed, blocks, gramEvery, lazy, divergenceFactor, v,
        listener);
  }

  public SmoothSettings withListener(SmoothListener v) {
    return new SmoothSettings(width, activation, init, omegaRatio, optimizer, learningRate,
        iterations, epochs, batchSize, seed, blocks, gramEvery, lazy, divergenceFactor,
        sparkContext, v);
  }

  /** The network these settings describe for input dimension d0 and k outputs. */
  public SmoothSpec spec(int d0, int k) {
    double[] omegas = init.omegas(d0, width, omegaRatio);
    return new SmoothSpec(activation, d0, width, k, omegas[0], omegas[1], seed);
  }
}

package org.widenet.softmax;

import org.widenet.train.BatchOrder;

/**
 * How softmax2 trains by mini-batch SGD (README "softmax2"): epoch e visits
 * {@link org.widenet.train.BatchOrder#batches} of the seed, and each batch takes one step of
 * 0.5 ||F_B - Y_B||_F^2 (summed over the batch, so a batch of all n rows is one gradient
 * descent iteration).
 *
 * @param learningRate eta, positive and finite (no automatic rate: as for relu2/exp2 sgd)
 * @param epochs E, passes over the data (>= 0)
 * @param batchSize B, rows per step (1..n; the last batch of an epoch is smaller when B does
 *     not divide n)
 * @param seed the seed of the batch shuffles (the CLI uses the network's --seed)
 */
public record SoftmaxSgdConfig(double learningRate, int epochs, int batchSize, long seed) {

  public SoftmaxSgdConfig {
    if (!(learningRate > 0 && Double.isFinite(learningRate))) {
      throw new IllegalArgumentException("--lr must be positive and finite for sgd, got "
          + learningRate);
    }
    if (epochs < 0) {
      throw new IllegalArgumentException("--epochs must be >= 0, got " + epochs);
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException("--batch-size must be >= 1, got " + batchSize);
    }
  }

  /** The number of steps of a run over n rows: E ceil(n / B). */
  public long steps(int n) {
    return (long) epochs * BatchOrder.stepsPerEpoch(n, batchSize);
  }

  /** Refuses a batch size larger than the n training rows. */
  public void requireFits(int n) {
    if (batchSize > n) {
      throw new IllegalArgumentException("--batch-size " + batchSize + " is larger than the "
          + n + " training rows");
    }
  }
}

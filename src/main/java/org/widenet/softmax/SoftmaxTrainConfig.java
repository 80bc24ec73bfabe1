package org.widenet.softmax;

import org.widenet.train.OptimizerKind;

/**
 * How the softmax2 driver loop trains.
 *
 * @param iterations T, the number of updates
 * @param learningRate eta, or NaN for automatic: {@code lrConstant / lambda_max(J J^T)} at
 *     initialization (gradient descent) or 1 (Gauss-Newton)
 * @param lrConstant c of the automatic rate; 0.5 by default (README "softmax2")
 * @param optimizer GD (Claim 3.4's gradient) or GN (W -= eta J^T (J J^T + mu I)^{-1} (F - Y))
 * @param damping mu of Gauss-Newton
 * @param gramEvery compute the Gram diagnostics every this many iterations and at the last;
 *     0 for only at t = 0 when they are needed (automatic rate, Gauss-Newton, coupling)
 */
public record SoftmaxTrainConfig(int iterations, double learningRate, double lrConstant,
    OptimizerKind optimizer, double damping, int gramEvery) {

  /** The default constant c of the automatic step size eta = c / lambda_max(J J^T(0)). */
  public static final double DEFAULT_LR_CONSTANT = 0.5;

  public SoftmaxTrainConfig {
    if (iterations < 0) {
      throw new IllegalArgumentException("--iterations must be >= 0, got " + iterations);
    }
    if (!Double.isNaN(learningRate) && !(learningRate > 0 && Double.isFinite(learningRate))) {
      throw new IllegalArgumentException("--lr must be positive and finite, got "
          + learningRate);
    }
    if (!(lrConstant > 0 && Double.isFinite(lrConstant))) {
      throw new IllegalArgumentException("the automatic-rate constant must be positive, got "
          + lrConstant);
    }
    if (!(damping >= 0 && Double.isFinite(damping))) {
      throw new IllegalArgumentException("--damping must be >= 0, got " + damping);
    }
    if (gramEvery < 0) {
      throw new IllegalArgumentException("--gram-every must be >= 0, got " + gramEvery);
    }
  }

  /** Gradient descent with the automatic rate and no Gram diagnostics after t = 0. */
  public static SoftmaxTrainConfig gd(int iterations) {
    return new SoftmaxTrainConfig(iterations, Double.NaN, DEFAULT_LR_CONSTANT,
        OptimizerKind.GD, 0.0, 0);
  }

  public boolean autoRate() {
    return Double.isNaN(learningRate);
  }
}

package org.widenet.deep;

import java.io.Serializable;
import org.apache.commons.math3.special.Erf;

/**
 * The shape and activation of a deep-last network (docs/models/deep-last.md).
 *
 * <p>The threshold is tau = sqrt(2/m) b, i.e. b standard deviations of a pre-activation W_l h
 * (entries N(0, 2/m), ||h|| ~ 1). Two activations (see {@link DeepActivation}):
 * <ul>
 *   <li>SHIFTED (default): the shifted ReLU of the paper's Sec 2.2, scaled,
 *       phi(x) = sqrt(c) max(x - tau, 0) with c = 1 / (2 ((1 + b^2)(1 - Phi(b)) - b phi_N(b)))
 *       [derived from the truncated-Gaussian second moment, so that ||h|| ~ 1];
 *   <li>THRESHOLD: the scaled hard threshold of Def F.3 in Lemma G.6's form
 *       (docs/models/deep-last.md, Notes on the paper, item 3), phi(x) = sqrt(c_b) x 1[x &gt; tau], c_b = 1 / (2 (1 - Phi(b) + b phi_N(b))).
 * </ul>
 * Both have derivative sqrt(c) 1[x &gt; tau]. A neuron fires with probability
 * 1 - Phi(b) &lt;= exp(-b^2/2); with b = sqrt(2 alpha log m) that is at most m^-alpha, i.e.
 * about m^(1-alpha) of m neurons active per layer and point (Remark F.7). With b = 0 both are
 * the plain ReLU. The hard threshold jumps by sqrt(c_b) tau where a neuron crosses it, which
 * breaks Gauss-Newton's linear model when patterns change; the shifted ReLU is continuous.
 *
 * @param inputDim d
 * @param width m, the rows of every layer
 * @param depth L &gt;= 2: W_1 is m x d, W_2..W_L are m x m; only W_L is trained
 * @param threshold b in standard-deviation units, &gt;= 0
 * @param seed the seed every initial weight is generated from
 * @param activation the shifted ReLU or the hard threshold
 */
public record DeepSpec(int inputDim, int width, int depth, double threshold, long seed,
    DeepActivation activation) implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The spec with the (default) shifted ReLU. */
  public DeepSpec(int inputDim, int width, int depth, double threshold, long seed) {
    this(inputDim, width, depth, threshold, seed, DeepActivation.SHIFTED);
  }

  public DeepSpec {
    if (activation == null) {
      throw new IllegalArgumentException("activation is null");
    }
    if (inputDim < 1) {
      throw new IllegalArgumentException("input dimension must be >= 1, got " + inputDim);
    }
    if (width < 2) {
      throw new IllegalArgumentException("--width must be >= 2, got " + width);
    }
    if (depth < 2) {
      throw new IllegalArgumentException("--depth must be >= 2, got " + depth);
    }
    if (!(threshold >= 0) || Double.isInfinite(threshold)) {
      throw new IllegalArgumentException("--threshold must be a finite number >= 0, got "
          + threshold);
    }
  }

  /** The spec with b = sqrt(2 alpha log m). */
  public static DeepSpec withAlpha(int inputDim, int width, int depth, double alpha,
      long seed) {
    if (!(alpha >= 0 && alpha < 1)) {
      throw new IllegalArgumentException("--alpha must be in [0, 1), got " + alpha);
    }
    return new DeepSpec(inputDim, width, depth, Math.sqrt(2 * alpha * Math.log(width)), seed);
  }

  /** The same network with another activation. */
  public DeepSpec with(DeepActivation a) {
    return new DeepSpec(inputDim, width, depth, threshold, seed, a);
  }

  /** Whether phi subtracts tau (the shifted ReLU) rather than keeping x (hard threshold). */
  public boolean shifted() {
    return activation == DeepActivation.SHIFTED;
  }

  /** phi(x). */
  public double phi(double x) {
    double tau = tau();
    return x > tau ? scale() * (shifted() ? x - tau : x) : 0.0;
  }

  /** alpha = b^2 / (2 log m), the exponent of the sparsity m^(1-alpha). */
  public double alpha() {
    return threshold * threshold / (2 * Math.log(width));
  }

  /** The threshold in pre-activation units, tau = sqrt(2/m) b. */
  public double tau() {
    return Math.sqrt(2.0 / width) * threshold;
  }

  /** sqrt(c), the activation's output scale (and its derivative above the threshold). */
  public double scale() {
    double b = threshold;
    double secondMoment = shifted()
        ? (1 + b * b) * upperTail(b) - b * density(b)
        : upperTail(b) + b * density(b);
    return Math.sqrt(1.0 / (2 * secondMoment));
  }

  /** 1 - Phi(b): the probability a neuron fires. */
  public double firingProbability() {
    return upperTail(threshold);
  }

  /** m^(1-alpha): the paper's count of active neurons per layer and point. */
  public double paperActiveCount() {
    return Math.pow(width, 1 - alpha());
  }

  /** The entries' standard deviation, sqrt(2/m). */
  public double weightStd() {
    return Math.sqrt(2.0 / width);
  }

  /** Rows of layer l's input: d for layer 1, m above. */
  public int fanIn(int layer) {
    return layer == 1 ? inputDim : width;
  }

  static double upperTail(double b) {
    return 0.5 * Erf.erfc(b / Math.sqrt(2));
  }

  static double density(double b) {
    return Math.exp(-0.5 * b * b) / Math.sqrt(2 * Math.PI);
  }
}

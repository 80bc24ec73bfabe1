package org.widenet.softmax;

/**
 * What a softmax2 network is: m hidden neurons, k outputs, the standard deviation sigma of the
 * initial weights, the seed they are drawn from and whether the initialization is the symmetric
 * one of Definition 3.7 (neurons 2p and 2p+1 share w and have opposite output signs, so
 * F(W(0), x) = 0 for every x).
 *
 * @param width m, the number of hidden neurons (even when symmetric)
 * @param outputs k, the output dimension
 * @param sigma standard deviation of the initial w_r ~ N(0, sigma^2 I)
 * @param seed seed of the initial weights: neuron r depends only on (seed, r)
 * @param symmetric Definition 3.7's paired initialization
 */
public record SoftmaxSpec(int width, int outputs, double sigma, long seed, boolean symmetric)
    implements java.io.Serializable {
  public SoftmaxSpec {
    if (width < 1) {
      throw new IllegalArgumentException("--width must be at least 1, got " + width);
    }
    if (symmetric && width % 2 != 0) {
      throw new IllegalArgumentException("the symmetric initialization pairs neurons, so "
          + "--width must be even, got " + width);
    }
    if (outputs < 1) {
      throw new IllegalArgumentException("the number of outputs k must be at least 1, got "
          + outputs);
    }
    if (!(sigma >= 0) || Double.isInfinite(sigma)) {
      throw new IllegalArgumentException("--init-scale (sigma) must be finite and >= 0, got "
          + sigma);
    }
  }
}

package org.widenet.math;

/**
 * The hidden-layer activation function phi of a two-layer network, with its derivative.
 *
 * <p>Both methods are pure: they allocate nothing and throw nothing. A NaN argument gives NaN
 * for {@link #EXP} and 0 for {@link #RELU} (NaN is not greater than zero).
 */
public enum Activation {
  /** The rectifier: phi(z) = max(z, 0), with derivative 1 for z &gt; 0 and 0 otherwise. */
  RELU {
    @Override
    public double value(double z) {
      return z > 0.0 ? z : 0.0;
    }

    @Override
    public double derivative(double z) {
      return z > 0.0 ? 1.0 : 0.0;
    }
  },
  /** The exponential: phi(z) = exp(z), which is its own derivative. */
  EXP {
    @Override
    public double value(double z) {
      return Math.exp(z);
    }

    @Override
    public double derivative(double z) {
      return Math.exp(z);
    }
  };

  /**
   * Evaluates the activation.
   *
   * @param z a pre-activation
   * @return phi(z): {@code max(z, 0)} for RELU, {@code exp(z)} for EXP
   */
  public abstract double value(double z);

  /**
   * Evaluates the derivative of the activation; at the ReLU kink z = 0 it is taken as 0.
   *
   * @param z a pre-activation
   * @return phi'(z): {@code z > 0 ? 1 : 0} for RELU, {@code exp(z)} for EXP
   */
  public abstract double derivative(double z);
}

package org.widenet.smooth;

import java.util.Locale;

/**
 * The smooth activations of the smooth2 family (Song et al., Assumption 2 and Section 6), each
 * with its exact first and second derivative and the bound sup |phi'| that Lemma 3's nu_Phi
 * uses. GeLU is x Phi_N(x) (erf form); {@link #GELU_TANH} is the common tanh approximation
 * 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))), differentiated exactly as written. ELU uses
 * alpha = 1, which makes it once continuously differentiable (its second derivative jumps at 0).
 *
 * <p>These are separate from {@link org.widenet.math.Activation}, which relu2 and exp2 use.
 */
public enum SmoothActivation {
  GELU("gelu", 1.1289), GELU_TANH("gelu-tanh", 1.1289), TANH("tanh", 1.0),
  SIGMOID("sigmoid", 0.25), SOFTPLUS("softplus", 1.0), ELU("elu", 1.0);

  private static final double SQRT_2_OVER_PI = 0.7978845608028654;
  private static final double GELU_CUBIC = 0.044715;

  private final String cliName;
  private final double maxDerivative;

  SmoothActivation(String cliName, double maxDerivative) {
    this.cliName = cliName;
    this.maxDerivative = maxDerivative;
  }

  /** The name used on the command line and in model files. */
  public String cliName() {
    return cliName;
  }

  /** sup_x |phi'(x)| (GeLU: about 1.1289, at x = sqrt 2; GeLU-tanh's is within 1e-3). */
  public double maxDerivative() {
    return maxDerivative;
  }

  /** Parses a CLI name (case-insensitive); the message lists the choices. */
  public static SmoothActivation parse(String name) {
    String key = name.trim().toLowerCase(Locale.ROOT);
    for (SmoothActivation a : values()) {
      if (a.cliName.equals(key)) {
        return a;
      }
    }
    throw new IllegalArgumentException("--activation must be one of gelu, gelu-tanh, tanh, "
        + "sigmoid, softplus, elu; got \"" + name + "\"");
  }

  /** phi(x). */
  public double value(double x) {
    switch (this) {
      case GELU:
        return x * Gaussian.cdf(x);
      case GELU_TANH:
        return 0.5 * x * (1.0 + Math.tanh(SQRT_2_OVER_PI * (x + GELU_CUBIC * x * x * x)));
      case TANH:
        return Math.tanh(x);
      case SIGMOID:
        return sigmoid(x);
      case SOFTPLUS:
        return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
      case ELU:
        return x > 0 ? x : Math.expm1(x);
      default:
        throw new AssertionError(this);
    }
  }

  /** phi'(x). */
  public double derivative(double x) {
    switch (this) {
      case GELU:
        return Gaussian.cdf(x) + x * Gaussian.pdf(x);
      case GELU_TANH: {
        double u = SQRT_2_OVER_PI * (x + GELU_CUBIC * x * x * x);
        double t = Math.tanh(u);
        double du = SQRT_2_OVER_PI * (1.0 + 3.0 * GELU_CUBIC * x * x);
        return 0.5 * (1.0 + t) + 0.5 * x * (1.0 - t * t) * du;
      }
      case TANH: {
        double t = Math.tanh(x);
        return 1.0 - t * t;
      }
      case SIGMOID: {
        double s = sigmoid(x);
        return s * (1.0 - s);
      }
      case SOFTPLUS:
        return sigmoid(x);
      case ELU:
        return x > 0 ? 1.0 : Math.exp(x);
      default:
        throw new AssertionError(this);
    }
  }

  /** phi''(x) (ELU: the one-sided value, 0 for x &gt; 0 and e^x for x &lt;= 0). */
  public double secondDerivative(double x) {
    switch (this) {
      case GELU:
        return (2.0 - x * x) * Gaussian.pdf(x);
      case GELU_TANH: {
        double u = SQRT_2_OVER_PI * (x + GELU_CUBIC * x * x * x);
        double t = Math.tanh(u);
        double sech2 = 1.0 - t * t;
        double du = SQRT_2_OVER_PI * (1.0 + 3.0 * GELU_CUBIC * x * x);
        double ddu = SQRT_2_OVER_PI * 6.0 * GELU_CUBIC * x;
        return sech2 * du + 0.5 * x * (-2.0 * t * sech2 * du * du + sech2 * ddu);
      }
      case TANH: {
        double t = Math.tanh(x);
        return -2.0 * t * (1.0 - t * t);
      }
      case SIGMOID: {
        double s = sigmoid(x);
        return s * (1.0 - s) * (1.0 - 2.0 * s);
      }
      case SOFTPLUS: {
        double s = sigmoid(x);
        return s * (1.0 - s);
      }
      case ELU:
        return x > 0 ? 0.0 : Math.exp(x);
      default:
        throw new AssertionError(this);
    }
  }

  private static double sigmoid(double x) {
    if (x >= 0) {
      return 1.0 / (1.0 + Math.exp(-x));
    }
    double e = Math.exp(x);
    return e / (1.0 + e);
  }
}

package org.widenet.experiment.teacher;

/**
 * GeLU in its tanh approximation, phi(z) = z/2 (1 + tanh(sqrt(2/pi) (z + 0.044715 z^3))), with
 * the exact derivative of that formula (Hendrycks and Gimpel 2016). It differs from the erf
 * form by less than 1e-3 everywhere.
 */
final class Gelu {
  private static final double C = Math.sqrt(2 / Math.PI);
  private static final double A = 0.044715;

  private Gelu() {}

  static double value(double z) {
    return 0.5 * z * (1 + Math.tanh(C * (z + A * z * z * z)));
  }

  static double derivative(double z) {
    double t = Math.tanh(C * (z + A * z * z * z));
    return 0.5 * (1 + t) + 0.5 * z * (1 - t * t) * C * (1 + 3 * A * z * z);
  }
}

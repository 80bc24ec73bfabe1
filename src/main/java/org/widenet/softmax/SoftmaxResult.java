package org.widenet.softmax;

/**
 * What a softmax2 training run produced.
 *
 * @param losses 0.5 ||F(t) - Y||_F^2 for t = 0..T
 * @param learningRate the eta used
 * @param lambdaMinInitial lambda_min(J J^T) at t = 0, NaN when not computed
 * @param lambdaMaxInitial lambda_max(J J^T) at t = 0, NaN when not computed
 * @param finalOutputs F(T) on the training inputs, n x k output-major
 * @param couplingErrors max_l |F_ntk - F_nn| on the coupling points for t = 0..T, or null
 */
public record SoftmaxResult(double[] losses, double learningRate, double lambdaMinInitial,
    double lambdaMaxInitial, double[] finalOutputs, double[] couplingErrors) {

  public int iterations() {
    return losses.length - 1;
  }

  public double initialLoss() {
    return losses[0];
  }

  public double finalLoss() {
    return losses[losses.length - 1];
  }
}

package org.widenet.softmax;

/**
 * What a softmax2 mini-batch SGD run produced.
 *
 * @param losses the full-batch 0.5 ||F - Y||_F^2 after each epoch e = 0..E (0: at
 *     initialization)
 * @param steps the number of SGD steps taken (E ceil(n / B))
 * @param learningRate the eta used
 * @param finalOutputs F on the training inputs after the last epoch, n x k output-major
 */
public record SoftmaxSgdResult(double[] losses, int steps, double learningRate,
    double[] finalOutputs) {

  public int epochs() {
    return losses.length - 1;
  }

  public double initialLoss() {
    return losses[0];
  }

  public double finalLoss() {
    return losses[losses.length - 1];
  }
}

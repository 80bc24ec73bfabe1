package org.widenet.smooth;

import java.util.List;

/**
 * What a smooth2 training run reports.
 *
 * @param initialLoss 0.5 ||F(0) - Y||^2
 * @param finalLoss the loss after the last update
 * @param steps updates applied (sgd: mini-batch steps)
 * @param learningRate eta used (resolved when auto)
 * @param lambdaMin0 lambda_min(J J^T) at initialization (NaN without the Gram)
 * @param lambdaMax0 lambda_max(J J^T) at initialization
 * @param lemma3 Lemma 3's quantities at initialization, or null without the Gram
 * @param records every logged row, in order
 * @param outputs the network's final training outputs, n x k column-major
 * @param linearizedOutputs the linearized model's final training outputs, or null
 */
public record SmoothTrainResult(double initialLoss, double finalLoss, int steps,
    double learningRate, double lambdaMin0, double lambdaMax0, SmoothGram.Lemma3 lemma3,
    List<SmoothRecord> records, double[] outputs, double[] linearizedOutputs) {

  /** The last logged row. */
  public SmoothRecord last() {
    return records.get(records.size() - 1);
  }
}

package org.widenet.train;

/**
 * What a finished training run reports.
 *
 * @param initialLoss the loss at t = 0
 * @param finalLoss the loss after the last update
 * @param iterations the number of updates applied
 * @param learningRate the step size used (resolved, when it was auto)
 * @param initialLambdaMin lambda_min(J J^T) at t = 0
 * @param initialLambdaMax lambda_max(J J^T) at t = 0
 * @param finalPredictions f at the final weights, one per training row
 */
public record TrainResult(double initialLoss, double finalLoss, int iterations,
    double learningRate, double initialLambdaMin, double initialLambdaMax,
    double[] finalPredictions) {}

package org.widenet.train;

/**
 * What the driver loop knows after iteration t besides the weights (which stay in the blocks):
 * everything a resumed run needs to take exactly the steps the uninterrupted run would take.
 *
 * @param iteration t, the iteration whose weights the blocks hold
 * @param learningRate the step size in use (resolved when it was auto)
 * @param automaticRate whether it was chosen as 1 / lambda_max at initialization
 * @param initialLoss the loss at t = 0 (the divergence test compares against it)
 * @param initialLambdaMin lambda_min(J J^T) at t = 0
 * @param initialLambdaMax lambda_max(J J^T) at t = 0
 * @param elapsedMs training time so far, so a resumed run's elapsed_ms continues
 */
public record TrainerState(int iteration, double learningRate, boolean automaticRate,
    double initialLoss, double initialLambdaMin, double initialLambdaMax, long elapsedMs) {}

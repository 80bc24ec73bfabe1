package org.widenet.experiment.diffusion;

/** Fits a {@link Denoiser} to normalized (input, label) pairs by regression. */
public interface DenoiserTrainer {
  /**
   * @param inputs column-major n x inputDim (rows of norm at most 1)
   * @param labels column-major n x outputDim (rows of norm at most 1)
   * @param n the number of pairs
   * @param inputDim the input dimension (d + 1)
   * @param outputDim the output dimension (d)
   * @return the fitted model and its training curve
   */
  TrainedDenoiser fit(double[] inputs, double[] labels, int n, int inputDim, int outputDim);

  /** A one-line description (model, width, step size, iterations) for the report. */
  String describe();
}

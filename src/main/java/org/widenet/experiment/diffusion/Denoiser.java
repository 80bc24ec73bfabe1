package org.widenet.experiment.diffusion;

/**
 * A fitted regression model of the denoiser E[x(0) | t, x(t)] in normalized coordinates: it
 * maps network inputs (see {@link InputMap}) to normalized labels (see {@link LabelMap}).
 */
@FunctionalInterface
public interface Denoiser {
  /**
   * @param inputs column-major rows x (d + 1), time first, each row of norm at most 1
   * @param rows the number of rows
   * @return the predictions, column-major rows x d (newly allocated)
   */
  double[] predict(double[] inputs, int rows);
}

package org.widenet.experiment.diffusion;

/** An estimate of the score grad_x log p_t(x) of the diffused law. */
@FunctionalInterface
public interface ScoreFunction {
  /**
   * @param t the time of every row (length rows)
   * @param x the points, column-major rows x d
   * @param rows the number of rows
   * @return the scores, column-major rows x d (newly allocated)
   */
  double[] score(double[] t, double[] x, int rows);
}

package org.widenet.experiment.diffusion;

/**
 * The exact score of a Gaussian-mixture target diffused by the forward process (see
 * {@link GaussianMixture}), and the exact denoiser by Tweedie's formula
 * {@code E[x(0) | x(t)] = (x + sigma_t^2 grad log p_t(x)) / alpha_t}.
 */
public final class ExactScore implements ScoreFunction {
  private final GaussianMixture target;
  private final NoiseSchedule schedule;

  /**
   * @param target p0
   * @param schedule g(t)
   */
  public ExactScore(GaussianMixture target, NoiseSchedule schedule) {
    this.target = target;
    this.schedule = schedule;
  }

  @Override
  public double[] score(double[] t, double[] x, int rows) {
    int d = target.dimension();
    double[] out = new double[rows * d];
    double[] point = new double[d];
    double[] s = new double[d];
    GaussianMixture diffused = null;
    double diffusedAt = Double.NaN;
    for (int i = 0; i < rows; i++) {
      if (diffused == null || t[i] != diffusedAt) {
        diffused = target.at(schedule, t[i]);
        diffusedAt = t[i];
      }
      for (int j = 0; j < d; j++) {
        point[j] = x[i + j * rows];
      }
      diffused.logDensityAndScore(point, s);
      for (int j = 0; j < d; j++) {
        out[i + j * rows] = s[j];
      }
    }
    return out;
  }

  /** E[x(0) | t, x(t)] by Tweedie's formula (column-major rows x d). */
  public double[] denoise(double[] t, double[] x, int rows) {
    int d = target.dimension();
    double[] s = score(t, x, rows);
    double[] out = new double[rows * d];
    for (int i = 0; i < rows; i++) {
      double alpha = schedule.alpha(t[i]);
      double sigma2 = schedule.sigma2(t[i]);
      for (int j = 0; j < d; j++) {
        out[i + j * rows] = (x[i + j * rows] + sigma2 * s[i + j * rows]) / alpha;
      }
    }
    return out;
  }
}

package org.widenet.experiment.diffusion;

/**
 * The score of a learned denoiser by Tweedie's formula (docs/diffusion/README.md): with
 * {@code x(t) | x(0) ~ N(alpha_t x(0), sigma_t^2 I)},
 * {@code grad log p_t(x) = (alpha_t E[x(0) | t, x] - x) / sigma_t^2}; the denoiser's normalized
 * output is mapped back by {@link LabelMap#invert} first.
 */
public final class LearnedScore implements ScoreFunction {
  private final Denoiser denoiser;
  private final InputMap inputs;
  private final LabelMap labels;
  private final NoiseSchedule schedule;
  private final int d;

  /**
   * @param denoiser the fitted model (normalized coordinates)
   * @param inputs the input map it was trained with
   * @param labels the label map it was trained with
   * @param schedule g(t)
   * @param d the data dimension
   */
  public LearnedScore(Denoiser denoiser, InputMap inputs, LabelMap labels,
      NoiseSchedule schedule, int d) {
    this.denoiser = denoiser;
    this.inputs = inputs;
    this.labels = labels;
    this.schedule = schedule;
    this.d = d;
  }

  /** The denoised points E[x(0) | t, x] in data coordinates (column-major rows x d). */
  public double[] denoise(double[] t, double[] x, int rows) {
    double[] y = denoiser.predict(inputs.apply(t, x, rows, d), rows);
    if (y.length != rows * d) {
      throw new IllegalStateException("the denoiser returned " + y.length + " values for "
          + rows + " rows of dimension " + d);
    }
    return labels.invert(y);
  }

  @Override
  public double[] score(double[] t, double[] x, int rows) {
    double[] e = denoise(t, x, rows);
    double[] out = new double[rows * d];
    for (int i = 0; i < rows; i++) {
      double alpha = schedule.alpha(t[i]);
      double sigma2 = schedule.sigma2(t[i]);
      for (int j = 0; j < d; j++) {
        out[i + j * rows] = (alpha * e[i + j * rows] - x[i + j * rows]) / sigma2;
      }
    }
    return out;
  }
}

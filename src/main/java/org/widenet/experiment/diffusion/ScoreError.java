package org.widenet.experiment.diffusion;

/**
 * The score-matching error of eq. (5) estimated on held-out pairs (t_j, x(t_j)_j) drawn as in
 * Section 6.1 with t_j ~ Unif(T0, T): {@code mean_j lambda(t_j) ||s(t_j, x_j) -
 * grad log p_{t_j}(x_j)||^2}, a Monte Carlo estimate of {@code 1/(T - T0) int_{T0}^T lambda(t)
 * E||s - grad log p_t||^2 dt}. The weight is {@code lambda(t) = sigma_t^2}, the choice of Song
 * et al. (2021) that makes every time contribute on the same scale (E||grad log p_{t|0}||^2 =
 * d / sigma_t^2); the paper leaves lambda open.
 */
public final class ScoreError {
  private ScoreError() {}

  /**
   * @param estimate the score to judge
   * @param exact the exact score
   * @param schedule g(t), for lambda(t) = sigma_t^2
   * @param held the held-out pairs
   * @return the weighted mean squared error
   */
  public static double weighted(ScoreFunction estimate, ScoreFunction exact,
      NoiseSchedule schedule, ForwardSamples held) {
    return weighted(estimate.score(held.t(), held.xt(), held.n()),
        exact.score(held.t(), held.xt(), held.n()), schedule, held);
  }

  /** The same on precomputed scores (column-major n x d each). */
  public static double weighted(double[] estimate, double[] exact, NoiseSchedule schedule,
      ForwardSamples held) {
    int n = held.n();
    double sum = 0;
    for (int i = 0; i < n; i++) {
      double s = 0;
      for (int j = 0; j < held.d(); j++) {
        double diff = estimate[i + j * n] - exact[i + j * n];
        s += diff * diff;
      }
      sum += schedule.sigma2(held.t()[i]) * s;
    }
    return sum / n;
  }
}

package org.widenet.experiment.diffusion;

import java.util.random.RandomGenerator;

/**
 * Sampling by the reverse SDE (eq. (4)), {@code dy = [g/2 y + g s(y, T - tau)] dtau +
 * sqrt(g) dB}, {@code y(0) ~ N(0, I)}, discretized by Euler-Maruyama on a uniform grid of
 * forward times from T down to T0: with {@code h = (T - T0) / steps} and {@code t_k = T - k h},
 * {@code y_{k+1} = y_k + h (g(t_k)/2 y_k + g(t_k) s(y_k, t_k)) + sqrt(g(t_k) h) z_k}. The
 * result is y after the last step (forward time T0); no extra denoising step is taken.
 */
public final class ReverseSampler {
  private final NoiseSchedule schedule;
  private final double t0;
  private final int steps;

  /**
   * @param schedule g(t)
   * @param t0 the last forward time T0 (the score is only trained on [T0, T])
   * @param steps the number of Euler-Maruyama steps, positive
   */
  public ReverseSampler(NoiseSchedule schedule, double t0, int steps) {
    if (steps < 1) {
      throw new IllegalArgumentException("--steps must be positive, got " + steps);
    }
    if (!(t0 >= 0 && t0 < schedule.tMax())) {
      throw new IllegalArgumentException("T0 must lie in [0, T), got " + t0);
    }
    this.schedule = schedule;
    this.t0 = t0;
    this.steps = steps;
  }

  /**
   * Draws the start y(0) ~ N(0, I) and runs the chain; all randomness comes from {@code rng},
   * start first, then one Gaussian per coordinate per step, so two calls with equally seeded
   * generators use the same noise (common random numbers).
   *
   * @param score the score used in the drift
   * @param count the number of samples
   * @param d the dimension
   * @param rng the generator
   * @return the samples, column-major count x d
   */
  public double[] sample(ScoreFunction score, int count, int d, RandomGenerator rng) {
    double[] y = new double[count * d];
    for (int i = 0; i < y.length; i++) {
      y[i] = rng.nextGaussian();
    }
    double h = (schedule.tMax() - t0) / steps;
    double[] times = new double[count];
    for (int k = 0; k < steps; k++) {
      double t = schedule.tMax() - k * h;
      java.util.Arrays.fill(times, t);
      double g = schedule.g(t);
      double[] s = score.score(times, y, count);
      double noise = Math.sqrt(g * h);
      for (int i = 0; i < y.length; i++) {
        y[i] += h * (0.5 * g * y[i] + g * s[i]) + noise * rng.nextGaussian();
      }
    }
    return y;
  }
}

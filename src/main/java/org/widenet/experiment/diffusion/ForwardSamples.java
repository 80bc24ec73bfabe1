package org.widenet.experiment.diffusion;

import java.util.random.RandomGenerator;

/**
 * Pairs drawn as in Section 6.1: {@code x(0)_i ~ p0}, {@code t_i ~ Unif(T0, T)} and
 * {@code x(t_i)_i = alpha_{t_i} x(0)_i + sigma_{t_i} z_i}, z_i ~ N(0, I) (the forward process
 * (3) in closed form). Points are column-major n x d.
 *
 * @param n the number of pairs
 * @param d the data dimension
 * @param t the times t_i
 * @param x0 the clean points x(0)_i (the "noisy labels")
 * @param xt the diffused points x(t_i)_i
 */
public record ForwardSamples(int n, int d, double[] t, double[] x0, double[] xt) {
  /**
   * Draws n pairs: all x(0) first, then all times, then all noises, from one generator.
   *
   * @param target p0
   * @param schedule g(t)
   * @param t0 T0, the smallest time, in [0, T)
   * @param n how many pairs
   * @param rng the generator (seeded by the caller)
   */
  public static ForwardSamples draw(GaussianMixture target, NoiseSchedule schedule, double t0,
      int n, RandomGenerator rng) {
    if (!(t0 >= 0 && t0 < schedule.tMax())) {
      throw new IllegalArgumentException("T0 must lie in [0, T), got " + t0);
    }
    int d = target.dimension();
    double[] x0 = target.sample(rng, n);
    double[] t = new double[n];
    for (int i = 0; i < n; i++) {
      t[i] = t0 + (schedule.tMax() - t0) * rng.nextDouble();
    }
    double[] xt = new double[n * d];
    for (int i = 0; i < n; i++) {
      double alpha = schedule.alpha(t[i]);
      double sigma = Math.sqrt(schedule.sigma2(t[i]));
      for (int j = 0; j < d; j++) {
        xt[i + j * n] = alpha * x0[i + j * n] + sigma * rng.nextGaussian();
      }
    }
    return new ForwardSamples(n, d, t, x0, xt);
  }

  /** Draws x(t) for one point x(0) at one time, {@code count} times (for moment checks). */
  public static double[] fromPoint(double[] point, NoiseSchedule schedule, double t, int count,
      RandomGenerator rng) {
    int d = point.length;
    double alpha = schedule.alpha(t);
    double sigma = Math.sqrt(schedule.sigma2(t));
    double[] out = new double[count * d];
    for (int i = 0; i < count; i++) {
      for (int j = 0; j < d; j++) {
        out[i + j * count] = alpha * point[j] + sigma * rng.nextGaussian();
      }
    }
    return out;
  }
}

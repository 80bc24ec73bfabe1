package org.widenet.experiment.diffusion;

/**
 * Settings of {@code widenet experiment diffusion}.
 *
 * @param target the target's name (see {@link DiffusionTargets})
 * @param n training pairs
 * @param testN held-out pairs for the score error
 * @param schedule g(t) on [0, T]
 * @param t0 T0, the smallest time of training, held-out pairs and sampling
 * @param samples points drawn by each sampler (and from the target, as reference)
 * @param steps Euler-Maruyama steps of the reverse SDE
 * @param seed the seed of all data, noise and network randomness
 */
public record DiffusionSettings(String target, int n, int testN, NoiseSchedule schedule,
    double t0, int samples, int steps, long seed) {
  /** @throws IllegalArgumentException naming the option that is out of range */
  public DiffusionSettings {
    DiffusionTargets.named(target);
    if (n < 2) {
      throw new IllegalArgumentException("--n must be at least 2, got " + n);
    }
    if (testN < 1) {
      throw new IllegalArgumentException("--test-n must be positive, got " + testN);
    }
    if (!(t0 > 0 && t0 < schedule.tMax())) {
      throw new IllegalArgumentException("--t0 must lie in (0, T) = (0, " + schedule.tMax()
          + "), got " + t0);
    }
    if (samples < 2) {
      throw new IllegalArgumentException("--samples must be at least 2, got " + samples);
    }
    if (steps < 1) {
      throw new IllegalArgumentException("--steps must be positive, got " + steps);
    }
  }
}

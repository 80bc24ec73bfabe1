package org.widenet.experiment.diffusion;

/**
 * The forward process of eq. (3), {@code dx = -g(t)/2 x dt + sqrt(g(t)) dB}, with the linear
 * ("variance preserving") schedule of Song et al. (2021):
 * {@code g(t) = betaMin + (betaMax - betaMin) t / T} on {@code [0, T]}.
 *
 * <p>With {@code G(t) = int_0^t g = betaMin t + (betaMax - betaMin) t^2 / (2T)}, the solution in
 * Section 6.1 gives {@code x(t) | x(0) ~ N(alpha_t x(0), sigma_t^2 I)} with
 * {@code alpha_t = exp(-G(t)/2)} and {@code sigma_t^2 = 1 - exp(-G(t))}.
 *
 * @param betaMin g(0), positive
 * @param betaMax g(T), at least betaMin
 * @param tMax the horizon T, positive
 */
public record NoiseSchedule(double betaMin, double betaMax, double tMax) {
  /** Song et al.'s defaults: g from 0.1 to 20 over [0, 1]. */
  public static final NoiseSchedule DEFAULT = new NoiseSchedule(0.1, 20, 1);

  /**
   * @throws IllegalArgumentException unless 0 &lt; betaMin &lt;= betaMax and T &gt; 0 (finite)
   */
  public NoiseSchedule {
    if (!(betaMin > 0 && betaMax >= betaMin && Double.isFinite(betaMax) && tMax > 0
        && Double.isFinite(tMax))) {
      throw new IllegalArgumentException("noise schedule needs 0 < beta-min <= beta-max and "
          + "T > 0, got beta-min " + betaMin + ", beta-max " + betaMax + ", T " + tMax);
    }
  }

  /** g(t). */
  public double g(double t) {
    return betaMin + (betaMax - betaMin) * t / tMax;
  }

  /** G(t) = int_0^t g(s) ds. */
  public double integral(double t) {
    return betaMin * t + 0.5 * (betaMax - betaMin) * t * t / tMax;
  }

  /** alpha_t = exp(-G(t)/2), the mean factor of x(t) | x(0). */
  public double alpha(double t) {
    return Math.exp(-0.5 * integral(t));
  }

  /** sigma_t^2 = 1 - exp(-G(t)), the variance of x(t) | x(0) per coordinate. */
  public double sigma2(double t) {
    return -Math.expm1(-integral(t));
  }
}

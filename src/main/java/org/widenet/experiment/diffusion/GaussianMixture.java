package org.widenet.experiment.diffusion;

import java.util.List;
import java.util.random.RandomGenerator;

/**
 * A mixture of Gaussians {@code p(x) = sum_k pi_k N(x; mu_k, Sigma_k)}: a target with an exact
 * score. Diffused by the forward process (eq. (3)) it stays a mixture,
 * {@code p_t = sum_k pi_k N(alpha_t mu_k, alpha_t^2 Sigma_k + sigma_t^2 I)} ({@link #diffused}),
 * whose score is {@code grad log p_t(x) = -sum_k r_k(x) C_k^-1 (x - alpha_t mu_k)} with the
 * responsibilities {@code r_k(x) = pi_k N_k(x) / p_t(x)} computed in log-sum-exp form.
 */
public final class GaussianMixture {
  private final double[] weights;
  private final List<Gaussian> components;
  private final double[] logWeights;
  private final int d;

  /**
   * @param weights the mixing weights, positive; normalized to sum 1 here
   * @param components the components, all of one dimension
   * @throws IllegalArgumentException if the counts or dimensions disagree or a weight is not
   *     positive
   */
  public GaussianMixture(double[] weights, List<Gaussian> components) {
    if (weights.length != components.size() || weights.length == 0) {
      throw new IllegalArgumentException("a mixture needs as many weights as components (got "
          + weights.length + " and " + components.size() + ")");
    }
    double sum = 0;
    for (double w : weights) {
      if (!(w > 0 && Double.isFinite(w))) {
        throw new IllegalArgumentException("mixture weights must be positive, got " + w);
      }
      sum += w;
    }
    d = components.get(0).dimension();
    this.weights = new double[weights.length];
    logWeights = new double[weights.length];
    for (int k = 0; k < weights.length; k++) {
      if (components.get(k).dimension() != d) {
        throw new IllegalArgumentException("component " + k + " has dimension "
            + components.get(k).dimension() + ", component 0 has " + d);
      }
      this.weights[k] = weights[k] / sum;
      logWeights[k] = Math.log(this.weights[k]);
    }
    this.components = List.copyOf(components);
  }

  /** The dimension d. */
  public int dimension() {
    return d;
  }

  /** The number of components. */
  public int size() {
    return weights.length;
  }

  /** The law of x(t) = alpha x(0) + sigma z: every component diffused, weights kept. */
  public GaussianMixture diffused(double alpha, double sigma2) {
    return new GaussianMixture(weights, components.stream()
        .map(c -> c.diffused(alpha, sigma2)).toList());
  }

  /** The law of x(t) under {@code schedule} at time t. */
  public GaussianMixture at(NoiseSchedule schedule, double t) {
    return diffused(schedule.alpha(t), schedule.sigma2(t));
  }

  /** log p(x). */
  public double logDensity(double[] x) {
    return logDensityAndScore(x, null);
  }

  /** Writes grad log p(x) into {@code score} (length d) and returns log p(x). */
  public double logDensityAndScore(double[] x, double[] score) {
    int k = weights.length;
    double[] logTerms = new double[k];
    double[][] whitened = score == null ? null : new double[k][d];
    double max = Double.NEGATIVE_INFINITY;
    for (int c = 0; c < k; c++) {
      logTerms[c] = logWeights[c] + components.get(c).logDensity(x,
          whitened == null ? null : whitened[c]);
      max = Math.max(max, logTerms[c]);
    }
    double sum = 0;
    for (int c = 0; c < k; c++) {
      sum += Math.exp(logTerms[c] - max);
    }
    double logP = max + Math.log(sum);
    if (score != null) {
      java.util.Arrays.fill(score, 0);
      for (int c = 0; c < k; c++) {
        double r = Math.exp(logTerms[c] - logP);
        for (int j = 0; j < d; j++) {
          score[j] -= r * whitened[c][j];
        }
      }
    }
    return logP;
  }

  /**
   * Scores of many points: {@code points} and the result are column-major rows x d.
   *
   * @param points the points, column-major
   * @param rows the number of points
   * @return grad log p at each point, column-major rows x d (newly allocated)
   */
  public double[] scores(double[] points, int rows) {
    double[] out = new double[rows * d];
    double[] x = new double[d];
    double[] s = new double[d];
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < d; j++) {
        x[j] = points[i + j * rows];
      }
      logDensityAndScore(x, s);
      for (int j = 0; j < d; j++) {
        out[i + j * rows] = s[j];
      }
    }
    return out;
  }

  /**
   * Draws {@code count} points: a component by its weight, then a point of that component.
   *
   * @return the points, column-major count x d
   */
  public double[] sample(RandomGenerator rng, int count) {
    double[] out = new double[count * d];
    double[] x = new double[d];
    for (int i = 0; i < count; i++) {
      double u = rng.nextDouble();
      int c = 0;
      double cumulative = weights[0];
      while (u >= cumulative && c < weights.length - 1) {
        c++;
        cumulative += weights[c];
      }
      components.get(c).sample(rng, x);
      for (int j = 0; j < d; j++) {
        out[i + j * count] = x[j];
      }
    }
    return out;
  }

  /** The weights, normalized. */
  public double[] weights() {
    return weights.clone();
  }

  /** The components. */
  public List<Gaussian> components() {
    return components;
  }
}

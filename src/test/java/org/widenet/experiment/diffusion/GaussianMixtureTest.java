package org.widenet.experiment.diffusion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.widenet.testutil.Tolerance;

class GaussianMixtureTest {
  private static final double[] TIMES = {0.01, 0.1, 0.3, 0.7, 1.0};

  @Test
  void scoreMatchesFiniteDifferencesOfLogDensity() {
    SplittableRandom rng = new SplittableRandom(11);
    for (String name : DiffusionTargets.NAMES) {
      GaussianMixture p0 = DiffusionTargets.named(name);
      int d = p0.dimension();
      for (double t : TIMES) {
        GaussianMixture pt = p0.at(NoiseSchedule.DEFAULT, t);
        for (int trial = 0; trial < 10; trial++) {
          double[] x = new double[d];
          for (int j = 0; j < d; j++) {
            x[j] = 1.5 * rng.nextGaussian();
          }
          double[] score = new double[d];
          pt.logDensityAndScore(x, score);
          for (int j = 0; j < d; j++) {
            double h = 1e-5;
            double[] up = x.clone();
            double[] down = x.clone();
            up[j] += h;
            down[j] -= h;
            double fd = (pt.logDensity(up) - pt.logDensity(down)) / (2 * h);
            assertEquals(fd, score[j], Tolerance.FINITE_DIFFERENCE * Math.max(1, Math.abs(fd)),
                name + " t=" + t + " coordinate " + j);
          }
        }
      }
    }
  }

  @Test
  void logDensityMatchesPlainFormulaForDiagonalMixture() {
    // gmm8d has diagonal covariances: its density is a weighted sum of products of 1-D normals.
    GaussianMixture p0 = DiffusionTargets.gmm8d();
    SplittableRandom rng = new SplittableRandom(3);
    for (double t : TIMES) {
      double alpha = NoiseSchedule.DEFAULT.alpha(t);
      double sigma2 = NoiseSchedule.DEFAULT.sigma2(t);
      GaussianMixture pt = p0.at(NoiseSchedule.DEFAULT, t);
      for (int trial = 0; trial < 20; trial++) {
        double[] x = new double[8];
        for (int j = 0; j < 8; j++) {
          x[j] = rng.nextGaussian();
        }
        double density = 0;
        for (int k = 0; k < p0.size(); k++) {
          Gaussian c = p0.components().get(k);
          double prod = p0.weights()[k];
          for (int j = 0; j < 8; j++) {
            double var = alpha * alpha * c.covariance()[j * 8 + j] + sigma2;
            double r = x[j] - alpha * c.mean()[j];
            prod *= Math.exp(-r * r / (2 * var)) / Math.sqrt(2 * Math.PI * var);
          }
          density += prod;
        }
        assertEquals(Math.log(density), pt.logDensity(x), 1e-10);
      }
    }
  }

  @Test
  void exactDenoiserOfOneGaussianIsItsPosteriorMean() {
    // One 2-D Gaussian N(mu, S): E[x0 | xt] = mu + alpha S (alpha^2 S + sigma2 I)^-1 (xt - alpha mu).
    double[] mu = {0.4, -0.7};
    double[] cov = {0.5, 0.2, 0.2, 0.3};
    GaussianMixture p0 = new GaussianMixture(new double[] {1}, List.of(new Gaussian(mu, cov)));
    ExactScore exact = new ExactScore(p0, NoiseSchedule.DEFAULT);
    double t = 0.35;
    double alpha = NoiseSchedule.DEFAULT.alpha(t);
    double sigma2 = NoiseSchedule.DEFAULT.sigma2(t);
    double a = alpha * alpha * cov[0] + sigma2;
    double b = alpha * alpha * cov[1];
    double c = alpha * alpha * cov[3] + sigma2;
    double det = a * c - b * b;
    double[] x = {1.1, 0.3};
    double r0 = x[0] - alpha * mu[0];
    double r1 = x[1] - alpha * mu[1];
    double v0 = (c * r0 - b * r1) / det;
    double v1 = (-b * r0 + a * r1) / det;
    double e0 = mu[0] + alpha * (cov[0] * v0 + cov[1] * v1);
    double e1 = mu[1] + alpha * (cov[2] * v0 + cov[3] * v1);
    double[] got = exact.denoise(new double[] {t}, x, 1);
    assertEquals(e0, got[0], 1e-12);
    assertEquals(e1, got[1], 1e-12);
  }

  @Test
  void samplesHaveTheMixtureMean() {
    GaussianMixture p0 = DiffusionTargets.gmm2d();
    int count = 20000;
    double[] x = p0.sample(new SplittableRandom(5), count);
    for (int j = 0; j < 2; j++) {
      double expected = 0;
      for (int k = 0; k < p0.size(); k++) {
        expected += p0.weights()[k] * p0.components().get(k).mean()[j];
      }
      double mean = 0;
      double sq = 0;
      for (int i = 0; i < count; i++) {
        mean += x[i + j * count] / count;
        sq += x[i + j * count] * x[i + j * count] / count;
      }
      double se = Math.sqrt((sq - mean * mean) / count);
      assertTrue(Math.abs(mean - expected) < 5 * se, "coordinate " + j + ": " + mean + " vs "
          + expected);
    }
  }
}

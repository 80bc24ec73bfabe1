package org.widenet.experiment.diffusion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ForwardProcessTest {
  @Test
  void scheduleMatchesQuadratureOfG() {
    NoiseSchedule s = new NoiseSchedule(0.1, 20, 2);
    for (double t : new double[] {0, 0.05, 0.5, 1.3, 2}) {
      int steps = 10000;
      double integral = 0;
      for (int k = 0; k < steps; k++) {
        double a = t * k / steps;
        double b = t * (k + 1) / steps;
        integral += 0.5 * (b - a) * (s.g(a) + s.g(b));
      }
      assertEquals(integral, s.integral(t), 1e-9);
      assertEquals(Math.exp(-integral / 2), s.alpha(t), 1e-9);
      assertEquals(1 - Math.exp(-integral), s.sigma2(t), 1e-9);
    }
  }

  @Test
  void pointMassDiffusesToTheStatedMeanAndVariance() {
    double[] point = {1.2, -0.5, 0.3};
    int count = 40000;
    NoiseSchedule s = NoiseSchedule.DEFAULT;
    for (double t : new double[] {0.05, 0.3, 0.9}) {
      double[] x = ForwardSamples.fromPoint(point, s, t, count, new SplittableRandom(7));
      double alpha = s.alpha(t);
      double sigma2 = s.sigma2(t);
      for (int j = 0; j < point.length; j++) {
        double mean = 0;
        for (int i = 0; i < count; i++) {
          mean += x[i + j * count] / count;
        }
        double var = 0;
        for (int i = 0; i < count; i++) {
          double r = x[i + j * count] - mean;
          var += r * r / (count - 1);
        }
        // Standard errors: sigma / sqrt(N) for the mean, sigma^2 sqrt(2 / N) for the variance.
        assertTrue(Math.abs(mean - alpha * point[j]) < 5 * Math.sqrt(sigma2 / count),
            "t=" + t + " mean " + mean + " vs " + alpha * point[j]);
        assertTrue(Math.abs(var - sigma2) < 5 * sigma2 * Math.sqrt(2.0 / count),
            "t=" + t + " variance " + var + " vs " + sigma2);
      }
    }
  }

  @Test
  void trainingPairsUseTheirOwnTimesInsideTheRange() {
    ForwardSamples f = ForwardSamples.draw(DiffusionTargets.gmm2d(), NoiseSchedule.DEFAULT, 0.01,
        500, new SplittableRandom(1));
    ForwardSamples again = ForwardSamples.draw(DiffusionTargets.gmm2d(), NoiseSchedule.DEFAULT,
        0.01, 500, new SplittableRandom(1));
    for (int i = 0; i < f.n(); i++) {
      assertTrue(f.t()[i] >= 0.01 && f.t()[i] < 1);
    }
    assertEquals(java.util.Arrays.hashCode(f.xt()), java.util.Arrays.hashCode(again.xt()));
    // Residual x(t) - alpha x(0), divided by sigma, is standard normal: check its variance.
    double sum = 0;
    for (int i = 0; i < f.n(); i++) {
      double alpha = NoiseSchedule.DEFAULT.alpha(f.t()[i]);
      double sigma = Math.sqrt(NoiseSchedule.DEFAULT.sigma2(f.t()[i]));
      for (int j = 0; j < 2; j++) {
        double z = (f.xt()[i + j * f.n()] - alpha * f.x0()[i + j * f.n()]) / sigma;
        sum += z * z;
      }
    }
    double var = sum / (2 * f.n());
    assertTrue(Math.abs(var - 1) < 5 * Math.sqrt(2.0 / (2 * f.n())), "variance " + var);
  }
}

package org.widenet.experiment.diffusion;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ReverseSamplerTest {
  @Test
  void exactScoreSamplesAreCloserToTheTargetThanNoise() {
    for (String name : DiffusionTargets.NAMES) {
      GaussianMixture target = DiffusionTargets.named(name);
      int d = target.dimension();
      int count = 300;
      ReverseSampler sampler = new ReverseSampler(NoiseSchedule.DEFAULT, 0.01, 200);
      double[] samples = sampler.sample(new ExactScore(target, NoiseSchedule.DEFAULT), count, d,
          new SplittableRandom(1));
      double[] noise = new double[count * d];
      SplittableRandom rng = new SplittableRandom(2);
      for (int i = 0; i < noise.length; i++) {
        noise[i] = rng.nextGaussian();
      }
      double[] reference = target.sample(new SplittableRandom(3), count);
      double[] resample = target.sample(new SplittableRandom(4), count);
      double exact = EnergyDistance.squared(samples, count, reference, count, d);
      double plain = EnergyDistance.squared(noise, count, reference, count, d);
      double floor = EnergyDistance.squared(resample, count, reference, count, d);
      assertTrue(exact < 0.2 * plain, name + ": exact " + exact + " vs noise " + plain);
      // And about as close as a second sample of the target itself.
      assertTrue(exact < Math.abs(floor) + 0.05 * plain, name + ": exact " + exact
          + " vs target resample " + floor);
    }
  }

  @Test
  void matchesPlainEulerMaruyamaLoop() {
    // Plain twin of the chain for a score given as a formula, drawing the same numbers in the
    // same order: start first, then one Gaussian per coordinate per step (column-major).
    NoiseSchedule s = new NoiseSchedule(0.2, 8, 1.5);
    ScoreFunction score = (t, x, rows) -> {
      double[] out = new double[x.length];
      for (int i = 0; i < x.length; i++) {
        out[i] = -x[i] / (1 + t[i % rows]) + 0.1 * Math.sin(x[i]);
      }
      return out;
    };
    int count = 5;
    int d = 3;
    int steps = 17;
    double t0 = 0.05;
    double[] got = new ReverseSampler(s, t0, steps).sample(score, count, d,
        new SplittableRandom(12));
    SplittableRandom rng = new SplittableRandom(12);
    double[] y = new double[count * d];
    for (int i = 0; i < y.length; i++) {
      y[i] = rng.nextGaussian();
    }
    double h = (1.5 - t0) / steps;
    for (int k = 0; k < steps; k++) {
      double t = 1.5 - k * h;
      double g = 0.2 + (8 - 0.2) * t / 1.5;
      double[] next = new double[y.length];
      for (int i = 0; i < y.length; i++) {
        double sc = -y[i] / (1 + t) + 0.1 * Math.sin(y[i]);
        next[i] = y[i] + h * (0.5 * g * y[i] + g * sc) + Math.sqrt(g * h) * rng.nextGaussian();
      }
      y = next;
    }
    assertArrayEquals(y, got, 1e-12);
  }

  @Test
  void sameSeedSameSamples() {
    GaussianMixture target = DiffusionTargets.gmm2d();
    ReverseSampler sampler = new ReverseSampler(NoiseSchedule.DEFAULT, 0.01, 50);
    ExactScore score = new ExactScore(target, NoiseSchedule.DEFAULT);
    assertArrayEquals(sampler.sample(score, 20, 2, new SplittableRandom(9)),
        sampler.sample(score, 20, 2, new SplittableRandom(9)));
  }
}

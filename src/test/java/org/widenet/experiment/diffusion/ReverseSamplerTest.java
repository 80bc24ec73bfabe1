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
  void sameSeedSameSamples() {
    GaussianMixture target = DiffusionTargets.gmm2d();
    ReverseSampler sampler = new ReverseSampler(NoiseSchedule.DEFAULT, 0.01, 50);
    ExactScore score = new ExactScore(target, NoiseSchedule.DEFAULT);
    assertArrayEquals(sampler.sample(score, 20, 2, new SplittableRandom(9)),
        sampler.sample(score, 20, 2, new SplittableRandom(9)));
  }
}

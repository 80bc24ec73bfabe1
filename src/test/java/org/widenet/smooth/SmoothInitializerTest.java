package org.widenet.smooth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link SmoothInitializer.Stream} against {@link SplittableRandom}, the generator smooth2's
 * initial weights were first drawn from: the same draws bit for bit, so the weights (and
 * models saved before it) are unchanged.
 */
class SmoothInitializerTest {
  @Test
  void streamDrawsWhatSplittableRandomDraws() {
    SmoothInitializer.Stream stream = new SmoothInitializer.Stream();
    for (long neuron : new long[] {0, 1, 2, 77, 1L << 20, 123_456_789_012L}) {
      long seed = SmoothInitializer.mix(42L, neuron);
      SplittableRandom reference = new SplittableRandom(seed);
      stream.reset(seed);
      // Enough Gaussians that the ziggurat's rare tail paths are taken too.
      for (int i = 0; i < 20_000; i++) {
        assertEquals(Double.doubleToRawLongBits(reference.nextGaussian()),
            Double.doubleToRawLongBits(stream.nextGaussian()), "neuron " + neuron + ", draw " + i);
      }
      assertEquals(reference.nextLong(), stream.nextLong());
      assertEquals(reference.nextDouble(), stream.nextDouble(), 0.0);
    }
  }

  /** The block's weights as drawn before, one SplittableRandom per neuron. */
  @Test
  void fillMatchesOneSplittableRandomPerNeuron() {
    SmoothSpec spec = SmoothSettings.defaults().withWidth(100).withSeed(9).spec(13, 3);
    int first = 40;
    int count = 7;
    double[] w = new double[13 * count];
    double[] v = new double[3 * count];
    SmoothInitializer.fill(spec, first, count, w, v);
    for (int j = 0; j < count; j++) {
      SplittableRandom rng = new SplittableRandom(SmoothInitializer.mix(9L, first + j));
      for (int i = 0; i < 13; i++) {
        assertEquals(spec.omega1() * rng.nextGaussian(), w[j * 13 + i], 0.0);
      }
      for (int c = 0; c < 3; c++) {
        assertEquals(spec.omega2() * rng.nextGaussian(), v[j * 3 + c], 0.0);
      }
    }
  }
}

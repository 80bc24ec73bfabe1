package org.widenet.smooth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** smooth2's initial weights are still those of one SplittableRandom per neuron. */
class SmoothInitializerTest {
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

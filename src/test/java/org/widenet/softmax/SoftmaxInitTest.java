package org.widenet.softmax;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * softmax2's initial weights are those of one SplittableRandom per neuron (per pair with the
 * symmetric initialization): its k signs, then its d Gaussians; the second of a pair has the
 * same w and the opposite signs.
 */
class SoftmaxInitTest {
  @Test
  void fillMatchesOneSplittableRandomPerNeuronOrPair() {
    int d = 600;
    int k = 3;
    for (boolean symmetric : new boolean[] {false, true}) {
      SoftmaxSpec spec = new SoftmaxSpec(40, k, 0.7, 17L, symmetric);
      int first = symmetric ? 6 : 5;
      int count = 8;
      double[] w = new double[d * count];
      double[] a = new double[k * count];
      SoftmaxInit.fill(spec, d, first, count, w, a);
      for (int j = 0; j < count; j++) {
        long r = first + j;
        SplittableRandom rng = new SplittableRandom(SoftmaxInit.mix(17L ^ 0x736F66746D617832L,
            symmetric ? r / 2 : r));
        double flip = symmetric && (r & 1L) == 1L ? -1.0 : 1.0;
        for (int l = 0; l < k; l++) {
          assertEquals(flip * (rng.nextBoolean() ? 1.0 : -1.0), a[l + j * k], 0.0,
              "sign " + l + " of neuron " + r);
        }
        for (int c = 0; c < d; c++) {
          assertEquals(0.7 * rng.nextGaussian(), w[c + j * d], 0.0, "neuron " + r + ", " + c);
        }
      }
    }
  }
}

package org.widenet.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Initial weights depend on (seed, neuron) only, never on the block layout. */
class InitializerTest {
  private static final int D = 5;

  private static double[] weightsUnder(NetworkSpec spec, int blocks, double[] signsOut) {
    BlockLayout layout = BlockLayout.of(spec, blocks);
    double[] all = new double[(int) spec.width() * D];
    for (int b = 0; b < blocks; b++) {
      NeuronBlock block = NeuronBlock.initial(spec, layout, b, D);
      System.arraycopy(block.weights(), 0, all, (int) block.firstNeuron() * D,
          block.weights().length);
      System.arraycopy(block.outputWeights(), 0, signsOut, (int) block.firstNeuron(),
          block.count());
    }
    return all;
  }

  @Test
  void layoutDoesNotChangeTheNetwork() {
    for (boolean symmetric : new boolean[] {false, true}) {
      NetworkSpec spec = new NetworkSpec(ModelFamily.RELU2, 50, 0.7, 42, symmetric);
      double[] signs1 = new double[50];
      double[] reference = weightsUnder(spec, 1, signs1);
      for (int blocks : new int[] {3, 7, 25}) {
        double[] signs = new double[50];
        assertArrayEquals(reference, weightsUnder(spec, blocks, signs), 0.0);
        assertArrayEquals(signs1, signs, 0.0);
      }
    }
  }

  @Test
  void symmetricPairsShareWeightsWithOppositeSigns() {
    NetworkSpec spec = new NetworkSpec(ModelFamily.EXP2, 40, 1.0, 3, true);
    double[] a = new double[40];
    double[] w = weightsUnder(spec, 4, a);
    for (int k = 0; k < 20; k++) {
      assertEquals(-a[2 * k], a[2 * k + 1], 0.0);
      for (int j = 0; j < D; j++) {
        assertEquals(w[(2 * k) * D + j], w[(2 * k + 1) * D + j], 0.0);
      }
    }
    assertNotEquals(w[0], w[2 * D], "different pairs differ");
  }

  @Test
  void scaleAndSignsHaveTheRightDistribution() {
    NetworkSpec spec = new NetworkSpec(ModelFamily.RELU2, 20_000, 0.5, 9, false);
    double[] a = new double[20_000];
    double[] w = new double[20_000 * D];
    Initializer.fill(spec, D, 0, 20_000, w, a);
    double sum = 0;
    double squares = 0;
    for (double v : w) {
      sum += v;
      squares += v * v;
    }
    double mean = sum / w.length;
    double sd = Math.sqrt(squares / w.length - mean * mean);
    assertEquals(0.0, mean, 0.01);
    assertEquals(0.5, sd, 0.01);
    int plus = 0;
    for (double s : a) {
      assertTrue(s == 1.0 || s == -1.0);
      plus += s > 0 ? 1 : 0;
    }
    assertEquals(10_000, plus, 300);
  }

  @Test
  void differentSeedsGiveDifferentWeights() {
    double[] w1 = Initializer.initialWeights(new NetworkSpec(ModelFamily.RELU2, 4, 1, 1, false),
        D, 0, 4);
    double[] w2 = Initializer.initialWeights(new NetworkSpec(ModelFamily.RELU2, 4, 1, 2, false),
        D, 0, 4);
    assertNotEquals(w1[0], w2[0]);
  }

  @Test
  void invalidNetworksAreRefusedWithTheOptionName() {
    IllegalArgumentException zero = assertThrows(IllegalArgumentException.class,
        () -> new NetworkSpec(ModelFamily.RELU2, 0, 1, 0, false));
    assertTrue(zero.getMessage().contains("--width"));
    IllegalArgumentException odd = assertThrows(IllegalArgumentException.class,
        () -> new NetworkSpec(ModelFamily.EXP2, 7, 1, 0, true));
    assertTrue(odd.getMessage().contains("--symmetric-init"));
    assertThrows(IllegalArgumentException.class,
        () -> new NetworkSpec(ModelFamily.EXP2, 8, -1, 0, false));
  }

  /**
   * The inline draws (fill's fast path) are SplittableRandom's to the bit: the definition of
   * W(0) that checkpoints, resumed runs and the movement statistics rely on. d = 3000 per
   * neuron takes every neuron through the ziggurat's slow paths (1.2% of draws) many times.
   */
  @Test
  void fillDrawsExactlyWhatSplittableRandomDraws() {
    assertTrue(org.widenet.math.SplitMixStream.inlineGaussians(),
        "the inline draws pass their check on this JDK");
    int d = 3000;
    for (boolean symmetric : new boolean[] {false, true}) {
      NetworkSpec spec = new NetworkSpec(ModelFamily.RELU2, 40, 0.7, 123, symmetric);
      // From an odd neuron, so a symmetric range starts with the second of a pair.
      int first = 3;
      int count = 9;
      double[] w = new double[d * count];
      double[] a = new double[count];
      Initializer.fill(spec, d, first, count, w, a);
      for (int j = 0; j < count; j++) {
        long r = first + j;
        java.util.SplittableRandom rng = new java.util.SplittableRandom(
            Initializer.mix(123, symmetric ? r / 2 : r));
        double sign = rng.nextBoolean() ? 1.0 : -1.0;
        if (symmetric && (r & 1L) == 1L) {
          sign = -sign;
        }
        assertEquals(sign, a[j], 0.0, "sign of neuron " + r);
        for (int k = 0; k < d; k++) {
          double expected = 0.7 * rng.nextGaussian();
          assertEquals(Double.doubleToRawLongBits(expected),
              Double.doubleToRawLongBits(w[j * d + k]), "neuron " + r + ", entry " + k);
        }
      }
    }
  }
}

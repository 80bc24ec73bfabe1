package org.widenet.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A block that keeps W(0) reports the movement a block that draws it again reports, to the bit,
 * and keeps exactly the seed's W(0); the rule that decides follows its property.
 */
public class KeptInitialWeightsTest {

  /** Runs {@code body} with {@link KeptInitialWeights#PROPERTY} set to {@code mode}. */
  public static <T> T under(String mode, Supplier<T> body) {
    String before = System.getProperty(KeptInitialWeights.PROPERTY);
    System.setProperty(KeptInitialWeights.PROPERTY, mode);
    try {
      return body.get();
    } finally {
      if (before == null) {
        System.clearProperty(KeptInitialWeights.PROPERTY);
      } else {
        System.setProperty(KeptInitialWeights.PROPERTY, before);
      }
    }
  }

  @Test
  void theRuleFollowsItsProperty() {
    long heap = Runtime.getRuntime().maxMemory();
    long share = heap / KeptInitialWeights.HEAP_SHARE;
    assertTrue(under("auto", () -> KeptInitialWeights.keep(share)));
    assertFalse(under("auto", () -> KeptInitialWeights.keep(share + 1)));
    assertTrue(under("always", () -> KeptInitialWeights.keep(Long.MAX_VALUE)));
    assertFalse(under(" Never ", () -> KeptInitialWeights.keep(8)));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> under("sometimes", () -> KeptInitialWeights.keep(8)));
    assertTrue(e.getMessage().contains(KeptInitialWeights.PROPERTY), e.getMessage());
    assertTrue(e.getMessage().contains("sometimes"), e.getMessage());
  }

  @ParameterizedTest
  @CsvSource({"RELU2, false", "RELU2, true", "EXP2, false", "EXP2, true"})
  void keptAndDrawnGiveTheSameStepsAndMovement(ModelFamily family, boolean symmetric) {
    int n = 150;
    int d = 7;
    // 600 neurons starting at an odd neuron: chunks of 256 at n = 150, the last one partial,
    // and with the symmetric initialization a pair split by the block's start.
    NetworkSpec spec = new NetworkSpec(family, 1200, 0.6, 8, symmetric);
    SplittableRandom random = new SplittableRandom(5);
    double[] x = new double[n * d];
    for (int k = 0; k < x.length; k++) {
      x[k] = random.nextGaussian() / Math.sqrt(d);
    }
    NeuronBlock start = NeuronBlock.restore(1, 301, d, 0,
        Initializer.initialWeights(spec, d, 301, 600), initialSigns(spec, d, 301, 600));
    NeuronBlock kept = under("always", () -> BlockStepper.advance(start, spec, x, n, null, false));
    NeuronBlock drawn = under("never", () -> BlockStepper.advance(start, spec, x, n, null, false));
    assertTrue(BlockStepper.chunkWidth(n, 600) < 600, "more than one chunk");
    assertArrayEquals(Initializer.initialWeights(spec, d, 301, 600), kept.initialWeights(), 0.0,
        "the kept W(0) is the seed's");
    assertNull(drawn.initialWeights(), "never keeps none");
    for (int t = 1; t <= 3; t++) {
      double[] s = new double[n];
      for (int i = 0; i < n; i++) {
        s[i] = random.nextGaussian();
      }
      Step step = new Step(s, 0.02);
      NeuronBlock k0 = kept;
      NeuronBlock d0 = drawn;
      kept = under("never", () -> BlockStepper.advanceInPlace(k0, spec, x, n, step, true));
      drawn = under("never", () -> BlockStepper.advanceInPlace(d0, spec, x, n, step, true));
      assertNotNull(kept.initialWeights(), "a kept W(0) stays with the block");
      assertArrayEquals(drawn.weights(), kept.weights(), 0.0, "weights after step " + t);
      BlockPartial a = kept.partial();
      BlockPartial b = drawn.partial();
      assertTrue(a.maxMove() > 0.0, "the weights moved");
      assertEquals(b.maxMove(), a.maxMove(), 0.0, "max_move after step " + t);
      assertEquals(b.sumSquaredMove(), a.sumSquaredMove(), 0.0, "fro_move after step " + t);
      assertEquals(b.patternChanges(), a.patternChanges(), "pattern changes after step " + t);
      assertArrayEquals(b.u(), a.u(), 0.0);
      assertArrayEquals(b.gram(), a.gram(), 0.0);
    }
  }

  @Test
  void aBlockForServingDropsWhatOnlyTrainingReads() {
    NetworkSpec spec = new NetworkSpec(ModelFamily.RELU2, 40, 0.6, 8, false);
    double[] x = {0.3, -0.2, 0.9, 0.1, -0.5, 0.4};
    NeuronBlock trained = under("always", () -> BlockStepper.advance(
        NeuronBlock.initial(spec, BlockLayout.of(spec, 1), 0, 2), spec, x, 3, null, false));
    assertNotNull(trained.initialWeights());
    assertNotNull(trained.activeMask());
    NeuronBlock served = trained.forServing();
    assertNull(served.initialWeights());
    assertNull(served.activeMask());
    assertNull(served.initialPattern());
    assertTrue(served.weights() == trained.weights() && served.partial() == trained.partial(),
        "the weights and the partial stay");
    assertEquals(trained.stepsApplied(), served.stepsApplied());
  }

  private static double[] initialSigns(NetworkSpec spec, int d, long first, int count) {
    double[] a = new double[count];
    Initializer.fill(spec, d, first, count, new double[d * count], a);
    return a;
  }
}

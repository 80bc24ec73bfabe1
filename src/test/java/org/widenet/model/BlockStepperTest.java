package org.widenet.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The per-block step takes phi'(Z) from the ReLU mask its last forward pass kept, or, for a
 * block that lost it (read back from a checkpoint, spilled and deserialized), from Z recomputed
 * at the same weights: both give the same bits, over several steps and for either family.
 */
class BlockStepperTest {

  @ParameterizedTest
  @EnumSource(ModelFamily.class)
  void stepFromKeptMaskEqualsStepFromRecomputedZ(ModelFamily family) {
    int n = 37;
    int d = 6;
    // 300 neurons in one block: several chunks, the last one partial.
    NetworkSpec spec = new NetworkSpec(family, 300, 0.5, 3, false);
    SplittableRandom random = new SplittableRandom(9);
    double[] x = new double[n * d];
    for (int k = 0; k < x.length; k++) {
      x[k] = random.nextGaussian() / Math.sqrt(d);
    }
    NeuronBlock kept = NeuronBlock.initial(spec, BlockLayout.of(spec, 1), 0, d);
    kept = BlockStepper.advance(kept, spec, x, n, null, false);
    NeuronBlock fresh = kept;
    for (int t = 1; t <= 4; t++) {
      double[] s = new double[n];
      for (int i = 0; i < n; i++) {
        s[i] = random.nextGaussian();
      }
      Step step = new Step(s, 0.05);
      // A block restored from its weights alone carries no mask and no pattern.
      NeuronBlock restored = NeuronBlock.restore(fresh.blockId(), fresh.firstNeuron(), d,
          fresh.stepsApplied(), fresh.weights(), fresh.outputWeights());
      assertNull(restored.activeMask());
      kept = BlockStepper.advance(kept, spec, x, n, step, false);
      fresh = BlockStepper.advance(restored, spec, x, n, step, false);
      assertArrayEquals(kept.weights(), fresh.weights(), 0.0, "weights after step " + t);
      assertArrayEquals(kept.partial().u(), fresh.partial().u(), 0.0, "outputs after step " + t);
      assertEquals(kept.partial().patternChanges(), fresh.partial().patternChanges());
      if (family.activation() == org.widenet.math.Activation.RELU) {
        assertNotNull(kept.activeMask(), "relu keeps its mask");
      } else {
        assertNull(kept.activeMask(), "exp2 keeps none");
      }
    }
  }

  /** Work arrays reused by a thread after a different block leave no trace in the result. */
  @org.junit.jupiter.api.Test
  void reusedWorkArraysGiveTheBitsOfFreshOnes() throws Exception {
    NetworkSpec spec = new NetworkSpec(ModelFamily.RELU2, 90, 0.5, 4, false);
    int d = 5;
    SplittableRandom random = new SplittableRandom(12);
    double[] bigX = new double[200 * 8];
    for (int k = 0; k < bigX.length; k++) {
      bigX[k] = random.nextGaussian();
    }
    double[] x = new double[31 * d];
    double[] s = new double[31];
    for (int k = 0; k < x.length; k++) {
      x[k] = random.nextGaussian() / 3;
    }
    for (int i = 0; i < s.length; i++) {
      s[i] = random.nextGaussian();
    }
    NeuronBlock start = BlockStepper.advance(
        NeuronBlock.initial(spec, BlockLayout.of(spec, 1), 0, d), spec, x, 31, null, true);
    NeuronBlock[] fresh = new NeuronBlock[1];
    Thread clean = new Thread(() -> fresh[0] = BlockStepper.advance(start, spec, x, 31,
        new Step(s, 0.1), true));
    clean.start();
    clean.join();
    // This thread's arrays were just filled by another shape (n = 200, d = 8, 400 neurons).
    NetworkSpec other = new NetworkSpec(ModelFamily.EXP2, 400, 0.3, 5, false);
    BlockStepper.advance(NeuronBlock.initial(other, BlockLayout.of(other, 1), 0, 8), other,
        bigX, 200, null, true);
    NeuronBlock reused = BlockStepper.advance(start, spec, x, 31, new Step(s, 0.1), true);
    assertArrayEquals(fresh[0].weights(), reused.weights(), 0.0);
    assertArrayEquals(fresh[0].partial().u(), reused.partial().u(), 0.0);
    assertArrayEquals(fresh[0].partial().gram(), reused.partial().gram(), 0.0);
    assertEquals(fresh[0].partial().maxMove(), reused.partial().maxMove(), 0.0);
  }
}

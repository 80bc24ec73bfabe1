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
}

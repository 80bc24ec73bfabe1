package org.widenet.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.widenet.data.Dataset;
import org.widenet.math.PackedSymmetric;
import org.widenet.testutil.Problems;
import org.widenet.testutil.ReferenceNetwork;
import org.widenet.testutil.Tolerance;

/**
 * A block's matrix-free Gram product J_b J_b^T v against the packed Gram share the same block
 * returns from {@link BlockStepper#advance}, and against the explicit Jacobian, with blocks
 * wide enough to span several neuron chunks.
 */
class GramProductsTest {

  private static double[] times(int n, double[] packed, double[] v) {
    double[] full = PackedSymmetric.unpack(n, packed);
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        out[i] += full[i + j * n] * v[j];
      }
    }
    return out;
  }

  private static void check(NetworkSpec spec, Dataset data) {
    int n = data.n();
    BlockLayout layout = BlockLayout.of(spec, 1);
    NeuronBlock block = NeuronBlock.initial(spec, layout, 0, data.d());
    Random rnd = new Random(5);
    double[] residual = new double[n];
    for (int i = 0; i < n; i++) {
      residual[i] = rnd.nextGaussian();
    }
    // One step first, so the weights are not the seed's (nothing may assume W = W(0)).
    NeuronBlock stepped = BlockStepper.advance(block, spec, data.x(), n,
        new Step(residual, 1e-3 * spec.outputScale()), true);
    double[] gram = stepped.partial().gram().clone();
    PackedSymmetric.hadamard(gram, PackedSymmetric.gramOfRows(n, data.d(), data.x()), gram);
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = rnd.nextGaussian();
    }
    double[] vBefore = v.clone();
    double[] wBefore = stepped.weights().clone();
    double[] product = GramProducts.jacobianGramTimes(stepped, spec, data.x(), n, v);
    double err = Tolerance.maxRelativeError(times(n, gram, v), product);
    assertTrue(err <= Tolerance.EXACT, spec.family() + ": vs packed Gram, " + err);
    assertArrayEquals(vBefore, v, 0.0);
    assertArrayEquals(wBefore, stepped.weights(), 0.0);
    // relu2's stepped block kept its activation mask; a block restored from its weights alone
    // recomputes Z instead, and must give the same bits.
    NeuronBlock bare = NeuronBlock.restore(stepped.blockId(), stepped.firstNeuron(), data.d(),
        stepped.stepsApplied(), stepped.weights(), stepped.outputWeights());
    assertArrayEquals(product, GramProducts.jacobianGramTimes(bare, spec, data.x(), n, v), 0.0,
        "kept mask and recomputed Z");

    ReferenceNetwork ref = new ReferenceNetwork(spec, data.x(), n, data.d());
    for (int r = 0; r < ref.w.length; r++) {
      System.arraycopy(stepped.weights(), r * data.d(), ref.w[r], 0, data.d());
    }
    double[][] jjT = ref.jacobianGram();
    double[] expected = new double[n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        expected[i] += jjT[i][j] * v[j];
      }
    }
    err = Tolerance.maxRelativeError(expected, product);
    assertTrue(err <= Tolerance.EXACT, spec.family() + ": vs explicit Jacobian, " + err);
  }

  @Test
  void relu2ProductSpanningSeveralChunksIsTheExactGramTimesV() {
    // n = 700 gives 64-neuron chunks: 150 neurons are two full chunks and a partial one.
    check(Problems.relu2(150, 3), Problems.sphere(700, 4, "linear", 2));
  }

  @Test
  void exp2ProductSpanningSeveralChunksIsTheExactGramTimesV() {
    check(Problems.exp2(131, 4, false), Problems.sphere(600, 3, "cos", 1));
  }

  @Test
  void aVectorOfTheWrongLengthIsRefused() {
    NetworkSpec spec = Problems.relu2(4, 1);
    NeuronBlock block = NeuronBlock.initial(spec, BlockLayout.of(spec, 1), 0, 2);
    assertThrows(IllegalArgumentException.class,
        () -> GramProducts.jacobianGramTimes(block, spec, new double[6], 3, new double[2]));
  }
}

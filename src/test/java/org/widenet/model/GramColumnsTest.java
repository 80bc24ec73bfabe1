package org.widenet.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.widenet.data.Dataset;
import org.widenet.testutil.Problems;
import org.widenet.testutil.ReferenceNetwork;
import org.widenet.testutil.Tolerance;

/**
 * A block's Gram columns J_b J_b^T[:, S] against its reference twin, the products J_b J_b^T e_s
 * of {@link GramProducts}, and against the explicit Jacobian, with the neurons in several chunks
 * and in one.
 */
class GramColumnsTest {

  private static void check(NetworkSpec spec, Dataset data, int[] rows) {
    int n = data.n();
    NeuronBlock block = NeuronBlock.initial(spec, BlockLayout.of(spec, 1), 0, data.d());
    Random rnd = new Random(5);
    double[] residual = new double[n];
    for (int i = 0; i < n; i++) {
      residual[i] = rnd.nextGaussian();
    }
    // One step first, so the weights are not the seed's (nothing may assume W = W(0)).
    NeuronBlock stepped = BlockStepper.advance(block, spec, data.x(), n,
        new Step(residual, 1e-3 * spec.outputScale()), false);
    double[] wBefore = stepped.weights().clone();
    double[] columns = GramColumns.jacobianGramColumns(stepped, spec, data.x(), n, rows, 16);
    assertArrayEquals(wBefore, stepped.weights(), 0.0, "changes no weights");
    ReferenceNetwork ref = new ReferenceNetwork(spec, data.x(), n, data.d());
    for (int r = 0; r < ref.w.length; r++) {
      System.arraycopy(stepped.weights(), r * data.d(), ref.w[r], 0, data.d());
    }
    double[][] jjT = ref.jacobianGram();
    for (int c = 0; c < rows.length; c++) {
      double[] unit = new double[n];
      unit[rows[c]] = 1.0;
      double[] column = Arrays.copyOfRange(columns, c * n, (c + 1) * n);
      double[] twin = GramProducts.jacobianGramTimes(stepped, spec, data.x(), n, unit);
      double err = Tolerance.maxRelativeError(twin, column);
      assertTrue(err <= Tolerance.EXACT, spec.family() + ", column " + rows[c]
          + " vs J J^T e: " + err);
      double[] explicit = new double[n];
      for (int i = 0; i < n; i++) {
        explicit[i] = jjT[i][rows[c]];
      }
      err = Tolerance.maxRelativeError(explicit, column);
      assertTrue(err <= Tolerance.EXACT, spec.family() + ", column " + rows[c]
          + " vs explicit Jacobian: " + err);
    }
    // One chunk or several: the same columns (to rounding); the kept ReLU mask or Z
    // recomputed from the weights alone: the same bits.
    double[] oneChunk = GramColumns.jacobianGramColumns(stepped, spec, data.x(), n, rows);
    assertTrue(Tolerance.maxRelativeError(oneChunk, columns) <= Tolerance.EXACT, "chunks");
    NeuronBlock bare = NeuronBlock.restore(stepped.blockId(), stepped.firstNeuron(), data.d(),
        stepped.stepsApplied(), stepped.weights(), stepped.outputWeights());
    assertArrayEquals(columns, GramColumns.jacobianGramColumns(bare, spec, data.x(), n, rows,
        16), 0.0, "kept mask and recomputed Z");
  }

  @Test
  void relu2ColumnsSpanningSeveralChunksAreTheExactGramsColumns() {
    // 150 neurons in chunks of 16: nine full chunks and a partial one.
    check(Problems.relu2(150, 3), Problems.sphere(90, 4, "linear", 2), new int[] {0, 7, 8, 89});
  }

  @Test
  void exp2ColumnsSpanningSeveralChunksAreTheExactGramsColumns() {
    check(Problems.exp2(131, 4, false), Problems.sphere(60, 3, "cos", 1), new int[] {59, 3, 30});
  }

  @Test
  void aRowOutsideTheDataIsRefused() {
    NetworkSpec spec = Problems.relu2(4, 1);
    NeuronBlock block = NeuronBlock.initial(spec, BlockLayout.of(spec, 1), 0, 2);
    assertThrows(IllegalArgumentException.class,
        () -> GramColumns.jacobianGramColumns(block, spec, new double[6], 3, new int[] {3}));
  }
}

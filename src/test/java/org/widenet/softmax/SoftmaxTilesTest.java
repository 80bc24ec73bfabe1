package org.widenet.softmax;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.widenet.model.DenseInputs;
import org.widenet.model.Pass;
import org.widenet.testutil.Tolerance;

/**
 * A softmax2 block of several tiles (the last one partial): the tiled step is Claim 3.4's step
 * of the plain reference, the tiled forward pass the reference forward, the symmetric
 * initialization still cancels exactly, and a step from kept scores equals one from scores
 * recomputed, bit for bit.
 */
class SoftmaxTilesTest {
  private static final int N = 5;
  private static final int K = 3;
  private static final int WIDTH = 2 * SoftmaxTiles.TILE + 90;

  @ParameterizedTest
  @ValueSource(ints = {4, 100})
  void aBlockOfSeveralTilesStepsAndEvaluatesAsTheReference(int d) {
    double[] x = SoftmaxReference.inputs(N, d, 31L);
    double[] y = SoftmaxReference.labels(N, K, 32L);
    SoftmaxFamily family = new SoftmaxFamily(new SoftmaxSpec(WIDTH, K, 1.0, 33L, false));
    DenseInputs in = new DenseInputs(x, N, d);
    SoftmaxBlock block = (SoftmaxBlock) family.advance(family.initial(in, family.layout(1), 0),
        in, null, Pass.FORWARD);
    // d = 100 keeps the scores (N << d), d = 4 does not.
    assertEquals(BlockSteps.keepScores(N, d), block.cachedScores() != null);
    double[] f0 = SoftmaxReference.forward(x, N, d, block.weights(), block.signs(), K, WIDTH,
        true);
    Normalizers at = Normalizers.of(block.partial(), WIDTH);
    assertTrue(Tolerance.maxRelativeError(f0, at.outputs()) < Tolerance.EXACT);
    double[] v = new double[N * K];
    for (int p = 0; p < v.length; p++) {
      v[p] = at.outputs()[p] - y[p];
    }
    double eta = 0.05;
    double[] w0 = block.weights().clone();
    SoftmaxBlock next = (SoftmaxBlock) family.advance(block, in, SoftmaxStep.step(at, v, eta),
        Pass.FORWARD);
    double[] reference = SoftmaxReference.gradient(x, N, d, w0, next.signs(), K, WIDTH, y);
    for (int p = 0; p < reference.length; p++) {
      reference[p] = w0[p] - eta * reference[p];
    }
    assertTrue(Tolerance.maxRelativeError(reference, next.weights()) < Tolerance.REORDERED);
    double[] f = SoftmaxReference.forward(x, N, d, next.weights(), next.signs(), K, WIDTH, true);
    assertTrue(Tolerance.maxRelativeError(f, Normalizers.of(next.partial(), WIDTH).outputs())
        < Tolerance.EXACT);
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 3})
  void symmetricInitCancelsExactlyAcrossTiles(int blocks) {
    int d = 6;
    double[] x = SoftmaxReference.inputs(N, d, 41L);
    SoftmaxFamily family = new SoftmaxFamily(new SoftmaxSpec(2 * WIDTH, K, 1.0, 42L, true));
    DenseInputs in = new DenseInputs(x, N, d);
    for (int b = 0; b < blocks; b++) {
      SoftmaxBlock block = (SoftmaxBlock) family.advance(
          family.initial(in, family.layout(blocks), b), in, null, Pass.FORWARD);
      for (double num : block.partial().num()) {
        assertEquals(0.0, num, 0.0);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void aStepFromKeptScoresEqualsOneFromRecomputedScores(boolean symmetric) {
    int d = 100;
    double[] x = SoftmaxReference.inputs(N, d, 51L);
    double[] y = SoftmaxReference.labels(N, K, 52L);
    SoftmaxFamily family = new SoftmaxFamily(new SoftmaxSpec(WIDTH, K, 1.0, 53L, symmetric));
    DenseInputs in = new DenseInputs(x, N, d);
    SoftmaxBlock kept = (SoftmaxBlock) family.advance(family.initial(in, family.layout(1), 0),
        in, null, Pass.FORWARD);
    assertNotNull(kept.cachedScores());
    SoftmaxBlock bare = SoftmaxBlock.restore(0, 0, d, K, kept.weights(), kept.signs());
    assertNull(bare.cachedScores());
    Normalizers at = Normalizers.of(kept.partial(), WIDTH);
    double[] v = new double[N * K];
    for (int p = 0; p < v.length; p++) {
      v[p] = at.outputs()[p] - y[p];
    }
    SoftmaxStep step = SoftmaxStep.step(at, v, 0.1);
    SoftmaxBlock fromKept = (SoftmaxBlock) family.advance(kept, in, step, Pass.FORWARD);
    SoftmaxBlock fromScratch = (SoftmaxBlock) family.advance(bare, in, step, Pass.FORWARD);
    SoftmaxOnLocalEngineTest.assertBitsEqual(fromScratch.weights(), fromKept.weights());
    SoftmaxOnLocalEngineTest.assertBitsEqual(fromScratch.partial().num(),
        fromKept.partial().num());
  }
}

package org.widenet.softmax;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.widenet.math.PackedSymmetric;
import org.widenet.model.BlockLayout;
import org.widenet.model.DenseInputs;
import org.widenet.model.Pass;
import org.widenet.testutil.Tolerance;
import org.widenet.train.BlockEngine;
import org.widenet.train.LocalEngine;

/**
 * softmax2 on the generic local engine: initialization, exact cancellation, block-count
 * independence, the in-place step and its replay, overflow.
 */
class SoftmaxOnLocalEngineTest {
  static final int N = 9;
  static final int D = 4;
  static final int K = 3;

  @ParameterizedTest
  @ValueSource(ints = {1, 3, 8})
  void symmetricInitGivesExactlyZeroOutputs(int blocks) {
    double[] x = SoftmaxReference.inputs(N, D, 1L);
    SoftmaxSpec spec = new SoftmaxSpec(40, K, 1.0, 5L, true);
    try (LocalEngine engine = SoftmaxFamily.localEngine(spec, blocks, x, N, D)) {
      double[] f = Normalizers.of((SoftmaxPartial) engine.advance(null, Pass.FORWARD, 0),
          spec.width()).outputs();
      for (double v : f) {
        assertEquals(0.0, v, 0.0);
      }
      double[] other = SoftmaxReference.inputs(6, D, 2L);
      for (double v : Normalizers.of(SoftmaxJobs.outputsOn(engine, other, 6), spec.width()).outputs()) {
        assertEquals(0.0, v, 0.0);
      }
    }
  }

  @Test
  void neuronWeightsDependOnlyOnSeedAndIndex() {
    double[] x = SoftmaxReference.inputs(N, D, 1L);
    SoftmaxSpec spec = new SoftmaxSpec(24, K, 1.0, 5L, true);
    double[][] one = SoftmaxReference.assemble(
        SoftmaxFamily.localEngine(spec, 1, x, N, D).blocks(), D, K);
    double[][] eight = SoftmaxReference.assemble(
        SoftmaxFamily.localEngine(spec, 8, x, N, D).blocks(), D, K);
    assertArrayEquals(one[0], eight[0], 0.0);
    assertArrayEquals(one[1], eight[1], 0.0);
    for (int r = 0; r < 24; r += 2) {
      for (int q = 0; q < D; q++) {
        assertEquals(one[0][q + r * D], one[0][q + (r + 1) * D], 0.0);
      }
      for (int l = 0; l < K; l++) {
        assertEquals(-one[1][l + r * K], one[1][l + (r + 1) * K], 0.0);
      }
    }
  }

  /** 6 GD steps with eta = 0.5 / lambda_max(J J^T(0)) on the given engine. */
  static SoftmaxResult train(BlockEngine engine, SoftmaxSpec spec, double[] x, double[] y,
      int gramEvery) {
    SoftmaxTrainConfig config = new SoftmaxTrainConfig(6, Double.NaN, 0.5,
        org.widenet.train.OptimizerKind.GD, 0.0, gramEvery);
    return new SoftmaxTrainer(spec, config, x, y, N, D).run(engine, null, null, 0);
  }

  @Test
  void blockCountsOneThreeEightAgree() {
    double[] x = SoftmaxReference.inputs(N, D, 1L);
    double[] y = SoftmaxReference.labels(N, K, 2L);
    SoftmaxSpec spec = new SoftmaxSpec(48, K, 1.0, 3L, true);
    SoftmaxResult base = train(SoftmaxFamily.localEngine(spec, 1, x, N, D), spec, x, y, 2);
    assertTrue(base.finalLoss() < base.initialLoss());
    for (int blocks : new int[] {3, 8}) {
      SoftmaxResult other = train(SoftmaxFamily.localEngine(spec, blocks, x, N, D), spec, x, y, 2);
      assertTrue(Tolerance.maxRelativeError(base.losses(), other.losses())
          < Tolerance.REORDERED, blocks + " blocks: losses");
      assertTrue(Tolerance.maxRelativeError(base.finalOutputs(), other.finalOutputs())
          < Tolerance.REORDERED, blocks + " blocks: outputs");
    }
  }

  @Test
  void engineGramMatchesTheReferenceAfterTraining() {
    double[] x = SoftmaxReference.inputs(N, D, 1L);
    double[] y = SoftmaxReference.labels(N, K, 2L);
    SoftmaxSpec spec = new SoftmaxSpec(20, K, 1.0, 3L, true);
    LocalEngine engine = SoftmaxFamily.localEngine(spec, 3, x, N, D);
    train(engine, spec, x, y, 0);
    List<SoftmaxBlock> blocks = engine.blocks();
    double[][] net = SoftmaxReference.assemble(blocks, D, K);
    Normalizers at = Normalizers.of((SoftmaxPartial) engine.advance(null, Pass.FORWARD, 0),
        spec.width());
    double[] gram = SoftmaxGram.jacobianGram(engine, at, x, N, D, K);
    double[] reference = SoftmaxReference.jacobianGram(x, N, D, net[0], net[1], K, 20);
    assertTrue(Tolerance.maxRelativeError(reference, PackedSymmetric.unpack(N * K, gram))
        < Tolerance.EXACT);
    double[] f = SoftmaxReference.forward(x, N, D, net[0], net[1], K, 20, false);
    assertTrue(Tolerance.maxRelativeError(f, at.outputs()) < Tolerance.EXACT);
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 3})
  void weightsThatOverflowANaiveExpTrainWithoutInfOrNaN(int k) {
    double[] x = SoftmaxReference.inputs(N, D, 1L);
    double[] y = SoftmaxReference.labels(N, k, 2L);
    // sigma = 2000 puts w_r . x_i in the thousands: exp() of one overflows a double.
    SoftmaxSpec spec = new SoftmaxSpec(16, k, 2000.0, 3L, false);
    double[][] net = SoftmaxReference.assemble(
        SoftmaxFamily.localEngine(spec, 1, x, N, D).blocks(), D, k);
    double maxScore = 0.0;
    for (int i = 0; i < N; i++) {
      for (int r = 0; r < 16; r++) {
        maxScore = Math.max(maxScore, SoftmaxReference.dot(x, N, D, i, net[0], r));
      }
    }
    assertTrue(maxScore > 710, "scores should overflow exp(): max " + maxScore);
    SoftmaxTrainConfig config = new SoftmaxTrainConfig(5, 1e-3, 0.5,
        org.widenet.train.OptimizerKind.GD, 0.0, 1);
    SoftmaxResult result = new SoftmaxTrainer(spec, config, x, y, N, D)
        .run(SoftmaxFamily.localEngine(spec, 3, x, N, D), null, null, 0);
    for (double loss : result.losses()) {
      assertTrue(Double.isFinite(loss), "loss " + loss);
    }
    for (double v : result.finalOutputs()) {
      assertTrue(Double.isFinite(v));
    }
  }

  /**
   * A step writes into the block's own weight array (no second copy), agrees with the old
   * engines' copying step to rounding (it is now one dgemm with alpha = -eta and beta = 1 into
   * w, so w - eta g is no longer rounded in two steps), and is Claim 3.4's gradient step of the
   * plain reference.
   */
  @Test
  void aStepIsWrittenInPlaceAndAgreesWithTheCopyingStep() {
    double[] x = SoftmaxReference.inputs(N, D, 1L);
    double[] y = SoftmaxReference.labels(N, K, 2L);
    int m = 20;
    SoftmaxFamily family = new SoftmaxFamily(new SoftmaxSpec(m, K, 1.0, 3L, false));
    DenseInputs in = new DenseInputs(x, N, D);
    SoftmaxBlock block = (SoftmaxBlock) family.advance(family.initial(in, family.layout(1), 0),
        in, null, Pass.FORWARD);
    assertEquals(0, block.stepsApplied());
    Normalizers at = Normalizers.of(block.partial(), m);
    double[] v = new double[N * K];
    for (int p = 0; p < v.length; p++) {
      v[p] = at.outputs()[p] - y[p];
    }
    double eta = 0.05;
    double[] w0 = block.weights().clone();
    // The old engines' step: w.clone(), then w -= eta J^T v from freshly computed scores.
    double[] coef = SoftmaxKernels.coefficients(SoftmaxKernels.scores(x, N, D, w0, m), N, m,
        block.signs(), K, at.logNorm(), at.aS(), m);
    double[] g = SoftmaxKernels.jacobianTransposeTimes(x, N, D, coef, m, K, v);
    double[] copying = w0.clone();
    for (int p = 0; p < copying.length; p++) {
      copying[p] -= eta * g[p];
    }
    double[] array = block.weights();
    SoftmaxBlock next = (SoftmaxBlock) family.advance(block, in, SoftmaxStep.step(at, v, eta),
        Pass.FORWARD);
    assertSame(array, next.weights(), "the step is written into the block's weight array");
    assertEquals(1, next.stepsApplied());
    assertTrue(Tolerance.maxRelativeError(copying, next.weights()) < Tolerance.EXACT);
    double[] reference = SoftmaxReference.gradient(x, N, D, w0, next.signs(), K, m, y);
    for (int p = 0; p < reference.length; p++) {
      reference[p] = w0[p] - eta * reference[p];
    }
    assertTrue(Tolerance.maxRelativeError(reference, next.weights()) < Tolerance.REORDERED);
    double[] f = SoftmaxReference.forward(x, N, D, next.weights(), next.signs(), K, m, true);
    assertTrue(Tolerance.maxRelativeError(f, Normalizers.of(next.partial(), m).outputs())
        < Tolerance.EXACT, "the partial is the forward pass at the new weights");
    assertThrows(IllegalArgumentException.class,
        () -> family.advance(next, in, null, Pass.WITH_GRAM));
  }

  /**
   * An sgd step returns the next batch's rows only; replayed as engines replay (a fresh block
   * from the seed, a forward pass over every row) it gives the same weights bit for bit.
   */
  @Test
  void aBatchStepReplayedWithAForwardOverAllRowsGivesTheSameWeights() {
    double[] x = SoftmaxReference.inputs(N, D, 1L);
    double[] y = SoftmaxReference.labels(N, K, 2L);
    int m = 24;
    SoftmaxFamily family = new SoftmaxFamily(new SoftmaxSpec(m, K, 1.0, 3L, false));
    DenseInputs in = new DenseInputs(x, N, D);
    BlockLayout layout = family.layout(2);
    SoftmaxBlock first = (SoftmaxBlock) family.advance(family.initial(in, layout, 1), in, null,
        Pass.FORWARD);
    LocalEngine engine = SoftmaxFamily.localEngine(family.spec(), 2, x, N, D);
    Normalizers all = Normalizers.of((SoftmaxPartial) engine.advance(null, Pass.FORWARD, 0),
        m);
    int[] batch = {7, 2, 8, 4};
    int[] next = {0, 5};
    Normalizers atBatch = SoftmaxMath.gather(all, batch);
    double[] v = new double[batch.length * K];
    for (int l = 0; l < K; l++) {
      for (int t = 0; t < batch.length; t++) {
        v[l * batch.length + t] = atBatch.outputs()[l * batch.length + t] - y[l * N + batch[t]];
      }
    }
    SoftmaxStep step = SoftmaxStep.batchStep(atBatch, batch, v, 0.1);
    SoftmaxBlock stepped = (SoftmaxBlock) family.advance(first, in, step, Pass.onRows(next));
    SoftmaxBlock replayed = (SoftmaxBlock) family.advance(family.initial(in, layout, 1), in,
        step, Pass.FORWARD);
    assertEquals(1, stepped.stepsApplied());
    assertEquals(1, replayed.stepsApplied());
    assertBitsEqual(replayed.weights(), stepped.weights());
    assertEquals(next.length, stepped.partial().rows());
    assertEquals(N, replayed.partial().rows());
    for (int t = 0; t < next.length; t++) {
      assertEquals(replayed.partial().max()[next[t]], stepped.partial().max()[t], 1e-12);
    }
    // The step moved the weights (the test would pass vacuously otherwise).
    SoftmaxBlock fresh = (SoftmaxBlock) family.initial(in, layout, 1);
    assertTrue(Tolerance.maxRelativeError(fresh.weights(), stepped.weights()) > 1e-6);
  }

  static void assertBitsEqual(double[] expected, double[] actual) {
    assertEquals(expected.length, actual.length);
    for (int p = 0; p < expected.length; p++) {
      assertEquals(Double.doubleToRawLongBits(expected[p]), Double.doubleToRawLongBits(actual[p]),
          "entry " + p);
    }
  }
}

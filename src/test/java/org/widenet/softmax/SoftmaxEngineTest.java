package org.widenet.softmax;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.widenet.math.PackedSymmetric;
import org.widenet.testutil.Tolerance;

/** The local engine: initialization, exact cancellation, block-count independence, overflow. */
class SoftmaxEngineTest {
  static final int N = 9;
  static final int D = 4;
  static final int K = 3;

  @ParameterizedTest
  @ValueSource(ints = {1, 3, 8})
  void symmetricInitGivesExactlyZeroOutputs(int blocks) {
    double[] x = SoftmaxReference.inputs(N, D, 1L);
    SoftmaxSpec spec = new SoftmaxSpec(40, K, 1.0, 5L, true);
    try (LocalSoftmaxEngine engine = new LocalSoftmaxEngine(spec, blocks, x, N, D)) {
      double[] f = Normalizers.of(engine.advance(null), spec.width()).outputs();
      for (double v : f) {
        assertEquals(0.0, v, 0.0);
      }
      double[] other = SoftmaxReference.inputs(6, D, 2L);
      for (double v : Normalizers.of(engine.evaluate(other, 6), spec.width()).outputs()) {
        assertEquals(0.0, v, 0.0);
      }
    }
  }

  @Test
  void neuronWeightsDependOnlyOnSeedAndIndex() {
    double[] x = SoftmaxReference.inputs(N, D, 1L);
    SoftmaxSpec spec = new SoftmaxSpec(24, K, 1.0, 5L, true);
    double[][] one = SoftmaxReference.assemble(
        new LocalSoftmaxEngine(spec, 1, x, N, D).collectBlocks(), D, K);
    double[][] eight = SoftmaxReference.assemble(
        new LocalSoftmaxEngine(spec, 8, x, N, D).collectBlocks(), D, K);
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
  static SoftmaxResult train(SoftmaxEngine engine, SoftmaxSpec spec, double[] x, double[] y,
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
    SoftmaxResult base = train(new LocalSoftmaxEngine(spec, 1, x, N, D), spec, x, y, 2);
    assertTrue(base.finalLoss() < base.initialLoss());
    for (int blocks : new int[] {3, 8}) {
      SoftmaxResult other = train(new LocalSoftmaxEngine(spec, blocks, x, N, D), spec, x, y, 2);
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
    LocalSoftmaxEngine engine = new LocalSoftmaxEngine(spec, 3, x, N, D);
    train(engine, spec, x, y, 0);
    List<SoftmaxBlock> blocks = engine.collectBlocks();
    double[][] net = SoftmaxReference.assemble(blocks, D, K);
    Normalizers at = Normalizers.of(engine.advance(null), spec.width());
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
        new LocalSoftmaxEngine(spec, 1, x, N, D).collectBlocks(), D, k);
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
        .run(new LocalSoftmaxEngine(spec, 3, x, N, D), null, null, 0);
    for (double loss : result.losses()) {
      assertTrue(Double.isFinite(loss), "loss " + loss);
    }
    for (double v : result.finalOutputs()) {
      assertTrue(Double.isFinite(v));
    }
  }
}

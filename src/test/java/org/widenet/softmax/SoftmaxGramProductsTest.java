package org.widenet.softmax;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.widenet.math.PackedSymmetric;
import org.widenet.model.DenseInputs;
import org.widenet.model.Pass;
import org.widenet.train.GramSettings;
import org.widenet.train.LocalEngine;
import org.widenet.train.OptimizerKind;
import org.widenet.train.OrderedSum;

/**
 * softmax2's matrix-free Gram: J J^T v by one pass equals the formed Gram times v, and
 * matrix-free gd and gn runs follow the exact ones (gd step for step; gn to CG's tolerance).
 */
class SoftmaxGramProductsTest {
  private static final int N = 8;
  private static final int D = 4;
  private static final int K = 3;

  private static double[] gaussian(long seed, int length) {
    Random rnd = new Random(seed);
    double[] v = new double[length];
    for (int i = 0; i < length; i++) {
      v[i] = rnd.nextGaussian() / Math.sqrt(D);
    }
    return v;
  }

  private static double[] oneHot(long seed) {
    Random rnd = new Random(seed);
    double[] y = new double[N * K];
    for (int i = 0; i < N; i++) {
      y[i + N * rnd.nextInt(K)] = 1.0;
    }
    return y;
  }

  @Test
  void productsEqualTheFormedGramTimesTheVector() {
    double[] x = gaussian(1, N * D);
    SoftmaxSpec spec = new SoftmaxSpec(64, K, 1.0, 3L, true);
    try (LocalEngine engine = new LocalEngine(new SoftmaxFamily(spec), 3,
        new DenseInputs(x, N, D), OrderedSum.DEFAULT_FAN_IN)) {
      SoftmaxPartial p = (SoftmaxPartial) engine.advance(null, Pass.FORWARD, 0);
      Normalizers at = Normalizers.of(p, spec.width());
      // A step first, so the weights are not at their symmetric start.
      double[] r = gaussian(2, N * K);
      p = (SoftmaxPartial) engine.advance(SoftmaxStep.step(at, r, 0.5), Pass.FORWARD, 1);
      at = Normalizers.of(p, spec.width());
      double[] h = SoftmaxGram.jacobianGram(engine, at, x, N, D, K);
      int nk = N * K;
      for (long trial = 0; trial < 3; trial++) {
        double[] v = gaussian(10 + trial, nk);
        double[] want = new double[nk];
        double scale = 0;
        for (int i = 0; i < nk; i++) {
          for (int j = 0; j < nk; j++) {
            want[i] += PackedSymmetric.get(h, i, j) * v[j];
          }
          scale = Math.max(scale, Math.abs(want[i]));
        }
        assertArrayEquals(want, SoftmaxJobs.gramTimes(engine, at, v), 1e-10 * scale,
            "trial " + trial);
      }
    }
  }

  private static SoftmaxResult train(SoftmaxTrainConfig config, GramSettings gram) {
    double[] x = gaussian(1, N * D);
    SoftmaxSpec spec = new SoftmaxSpec(64, K, 1.0, 3L, true);
    try (LocalEngine engine = new LocalEngine(new SoftmaxFamily(spec), 3,
        new DenseInputs(x, N, D), OrderedSum.DEFAULT_FAN_IN)) {
      return new SoftmaxTrainer(spec, config, x, oneHot(4), N, D).withGram(gram)
          .run(engine, null, null, 0);
    }
  }

  @Test
  void matrixFreeRunsFollowTheExactOnes() {
    SoftmaxTrainConfig gd = new SoftmaxTrainConfig(5, 2e-4, 0.5, OptimizerKind.GD, 0.0, 2);
    SoftmaxResult a = train(gd, GramSettings.EXACT);
    SoftmaxResult b = train(gd, GramSettings.matrixFree());
    assertArrayEquals(a.losses(), b.losses(), 0.0, "gd takes the same steps");
    assertEquals(a.lambdaMaxInitial(), b.lambdaMaxInitial(), 1e-8 * a.lambdaMaxInitial());
    SoftmaxTrainConfig gn = new SoftmaxTrainConfig(3, 0.5, 0.5, OptimizerKind.GN, 1e-3, 1);
    SoftmaxResult c = train(gn, GramSettings.EXACT);
    SoftmaxResult d = train(gn, GramSettings.matrixFree());
    for (int t = 0; t < c.losses().length; t++) {
      assertEquals(c.losses()[t], d.losses()[t], 1e-8 * c.losses()[t], "gn loss at " + t);
    }
  }
}

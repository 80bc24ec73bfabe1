package org.widenet.smooth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.widenet.math.PackedSymmetric;
import org.widenet.model.DenseInputs;
import org.widenet.model.Pass;
import org.widenet.train.GramSettings;
import org.widenet.train.LocalEngine;
import org.widenet.train.OrderedSum;

/**
 * smooth2's matrix-free Gram: H e by one pass equals the formed Gram times e, across blocks of
 * several tiles, and a matrix-free run takes the exact run's steps with the spectrum from
 * Lanczos.
 */
class SmoothGramProductsTest {
  private static final int N = 9;
  private static final int D0 = 4;
  private static final int K = 3;

  private static double[] gaussian(Random rnd, int length) {
    double[] v = new double[length];
    for (int i = 0; i < length; i++) {
      v[i] = rnd.nextGaussian();
    }
    return v;
  }

  private static double[] inputs() {
    return gaussian(new Random(1), N * D0);
  }

  private static double[] times(double[] packed, int order, double[] v) {
    double[] out = new double[order];
    for (int i = 0; i < order; i++) {
      for (int j = 0; j < order; j++) {
        out[i] += PackedSymmetric.get(packed, i, j) * v[j];
      }
    }
    return out;
  }

  @Test
  void productsEqualTheFormedGramTimesTheVector() {
    double[] x = inputs();
    for (int width : new int[] {7, 600}) {
      SmoothSpec spec = new SmoothSpec(SmoothActivation.GELU, D0, width, K, 0.8, 0.6, 5L);
      try (LocalEngine engine = new LocalEngine(spec, 3, new DenseInputs(x, N, D0),
          OrderedSum.DEFAULT_FAN_IN)) {
        // A step first, so W and V are not at their symmetric start.
        SmoothPartial sum = (SmoothPartial) engine.advance(new SmoothStep(null,
            gaussian(new Random(2), N * K), 0.01), Pass.of(true), 1);
        double[] h = SmoothGram.assemble(N, K, PackedSymmetric.gramOfRows(N, D0, x), sum);
        for (int trial = 0; trial < 3; trial++) {
          double[] e = gaussian(new Random(10 + trial), N * K);
          double[] want = times(h, N * K, e);
          double[] got = SmoothGramProducts.times(engine, e);
          double scale = 0;
          for (double w : want) {
            scale = Math.max(scale, Math.abs(w));
          }
          assertArrayEquals(want, got, 1e-10 * scale, "width " + width + ", trial " + trial);
        }
      }
    }
  }

  @Test
  void aMatrixFreeRunTakesTheExactRunsStepsAndLanczosFindsItsSpectrum() {
    double[] x = inputs();
    double[] y = gaussian(new Random(3), N * K);
    SmoothSettings s = SmoothSettings.defaults().withWidth(80).withIterations(4)
        .withGramEvery(2).withLearningRate(0.002).withLazy(false).withBlocks(3);
    SmoothSpec spec = s.spec(D0, K);
    SmoothTrainResult exact;
    SmoothTrainResult free;
    try (LocalEngine engine = new LocalEngine(spec, 3, new DenseInputs(x, N, D0),
        OrderedSum.DEFAULT_FAN_IN)) {
      exact = new SmoothTrainer(spec, s, x, y, N).run(engine);
    }
    try (LocalEngine engine = new LocalEngine(spec, 3, new DenseInputs(x, N, D0),
        OrderedSum.DEFAULT_FAN_IN)) {
      free = new SmoothTrainer(spec, s, x, y, N).withGram(GramSettings.matrixFree()).run(engine);
    }
    assertArrayEquals(exact.outputs(), free.outputs(), 0.0, "the same steps");
    assertEquals(exact.records().size(), free.records().size());
    for (int r = 0; r < exact.records().size(); r++) {
      SmoothRecord a = exact.records().get(r);
      SmoothRecord b = free.records().get(r);
      assertEquals(a.loss(), b.loss(), 0.0, "row " + r);
      if (!Double.isNaN(a.lambdaMax())) {
        assertEquals(a.lambdaMax(), b.lambdaMax(), 1e-8 * a.lambdaMax(), "lambda_max, row " + r);
        assertEquals(a.lambdaMin(), b.lambdaMin(), 1e-6 * a.lambdaMax(), "lambda_min, row " + r);
      }
    }
  }

  @Test
  void theLinearizedModelNeedsTheFormedGram() {
    double[] x = inputs();
    SmoothSettings s = SmoothSettings.defaults().withWidth(20).withIterations(1);
    SmoothSpec spec = s.spec(D0, K);
    try (LocalEngine engine = new LocalEngine(spec, 1, new DenseInputs(x, N, D0),
        OrderedSum.DEFAULT_FAN_IN)) {
      SmoothTrainer trainer = new SmoothTrainer(spec, s, x, new double[N * K], N)
          .withGram(GramSettings.matrixFree());
      assertThrows(IllegalArgumentException.class, () -> trainer.run(engine));
    }
  }
}

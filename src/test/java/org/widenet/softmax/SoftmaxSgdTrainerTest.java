package org.widenet.softmax;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.widenet.model.BlockJob;
import org.widenet.model.Family;
import org.widenet.model.Pass;
import org.widenet.model.Share;
import org.widenet.model.Update;
import org.widenet.testutil.RecordingListener;
import org.widenet.testutil.Tolerance;
import org.widenet.train.BatchOrder;
import org.widenet.train.BlockEngine;
import org.widenet.train.LocalEngine;
import org.widenet.train.OptimizerKind;

/**
 * softmax2 mini-batch SGD: a plain reference twin (per-batch Claim 3.4 gradients), batch size
 * n against gradient descent, the seeded batch order across runs and block counts.
 */
class SoftmaxSgdTrainerTest {
  static final int N = 10;
  static final int D = 4;
  static final int K = 2;
  static final long SEED = 5L;

  /** eta = 0.5 / lambda_max(J J^T(0)), gd's automatic rate, for a stable fixed step. */
  static double stableRate(SoftmaxSpec spec, double[] x, double[] y) {
    return new SoftmaxTrainer(spec, new SoftmaxTrainConfig(0, Double.NaN, 0.5,
        OptimizerKind.GD, 0.0, 0), x, y, N, D).run(SoftmaxFamily.localEngine(spec, 1, x, N, D),
        null, null, 0).learningRate();
  }

  static SoftmaxSgdResult sgd(BlockEngine engine, SoftmaxSpec spec, double[] x, double[] y,
      double eta, int epochs, int batch, RecordingListener records) {
    return new SoftmaxSgdTrainer(spec, new SoftmaxSgdConfig(eta, epochs, batch, SEED), x, y, N,
        D).run(engine, records);
  }

  @Test
  void matchesAPlainReferenceSgd() {
    double[] x = SoftmaxReference.inputs(N, D, 11L);
    double[] y = SoftmaxReference.labels(N, K, 12L);
    int m = 40;
    SoftmaxSpec spec = new SoftmaxSpec(m, K, 1.0, 13L, true);
    double eta = stableRate(spec, x, y);
    int batchSize = 3; // 10 rows: batches of 3, 3, 3, 1
    int epochs = 3;
    LocalEngine engine = SoftmaxFamily.localEngine(spec, 2, x, N, D);
    double[][] net = SoftmaxReference.assemble(engine.blocks(), D, K);
    double[] w = net[0];
    double[] a = net[1];
    double[] refLosses = new double[epochs + 1];
    refLosses[0] = SoftmaxReference.loss(x, N, D, w, a, K, m, y);
    for (int e = 1; e <= epochs; e++) {
      for (int[] batch : BatchOrder.batches(SEED, e, N, batchSize)) {
        double[] xb = rows(x, N, D, batch);
        double[] yb = rows(y, N, K, batch);
        double[] g = SoftmaxReference.gradient(xb, batch.length, D, w, a, K, m, yb);
        for (int p = 0; p < w.length; p++) {
          w[p] -= eta * g[p];
        }
      }
      refLosses[e] = SoftmaxReference.loss(x, N, D, w, a, K, m, y);
    }
    RecordingListener records = new RecordingListener();
    SoftmaxSgdResult r = sgd(engine, spec, x, y, eta, epochs, batchSize, records);
    assertTrue(Tolerance.maxRelativeError(refLosses, r.losses()) < Tolerance.REORDERED,
        "losses " + java.util.Arrays.toString(r.losses()) + " vs reference "
            + java.util.Arrays.toString(refLosses));
    double[] trained = SoftmaxReference.assemble(engine.blocks(), D, K)[0];
    assertTrue(Tolerance.maxRelativeError(w, trained) < Tolerance.REORDERED, "weights");
    assertTrue(Tolerance.maxRelativeError(SoftmaxReference.forward(x, N, D, w, a, K, m, true),
        r.finalOutputs()) < Tolerance.REORDERED, "outputs");
    assertTrue(r.finalLoss() < r.initialLoss(), "sgd lowers the loss");
    // One record per epoch, iteration = steps so far, Gram columns empty.
    assertEquals(epochs + 1, records.records.size());
    assertEquals(12, r.steps());
    for (int e = 0; e <= epochs; e++) {
      assertEquals(4 * e, records.records.get(e).iteration());
      assertEquals(r.losses()[e], records.records.get(e).loss(), 0.0);
      assertTrue(Double.isNaN(records.records.get(e).lambdaMin()));
    }
    assertTrue(records.records.get(epochs).froMove() > 0);
  }

  @Test
  void batchSizeNIsGradientDescent() {
    double[] x = SoftmaxReference.inputs(N, D, 21L);
    double[] y = SoftmaxReference.labels(N, K, 22L);
    SoftmaxSpec spec = new SoftmaxSpec(60, K, 1.0, 23L, true);
    double eta = stableRate(spec, x, y);
    int epochs = 5;
    SoftmaxResult gd = new SoftmaxTrainer(spec, new SoftmaxTrainConfig(epochs, eta, 0.5,
        OptimizerKind.GD, 0.0, 0), x, y, N, D).run(SoftmaxFamily.localEngine(spec, 3, x, N, D),
        null, null, 0);
    SoftmaxSgdResult sgd = sgd(SoftmaxFamily.localEngine(spec, 3, x, N, D), spec, x, y, eta,
        epochs, N, null);
    assertEquals(epochs, sgd.steps());
    assertTrue(gd.finalLoss() < 0.9 * gd.initialLoss(), "the run moves");
    assertTrue(Tolerance.maxRelativeError(gd.losses(), sgd.losses()) < Tolerance.EXACT,
        "losses differ by " + Tolerance.maxRelativeError(gd.losses(), sgd.losses()));
    assertTrue(Tolerance.maxRelativeError(gd.finalOutputs(), sgd.finalOutputs())
        < Tolerance.EXACT, "outputs");
    assertArrayEquals(gd.finalOutputs(), sgd.finalOutputs(), 1e-12);
  }

  @Test
  void aFixedSeedRepeatsAcrossRunsAndBlockCounts() {
    double[] x = SoftmaxReference.inputs(N, D, 31L);
    double[] y = SoftmaxReference.labels(N, K, 32L);
    SoftmaxSpec spec = new SoftmaxSpec(48, K, 1.0, 33L, true);
    double eta = stableRate(spec, x, y);
    BatchLog one = new BatchLog(SoftmaxFamily.localEngine(spec, 1, x, N, D));
    SoftmaxSgdResult r1 = sgd(one, spec, x, y, eta, 3, 4, null);
    BatchLog again = new BatchLog(SoftmaxFamily.localEngine(spec, 1, x, N, D));
    SoftmaxSgdResult r1again = sgd(again, spec, x, y, eta, 3, 4, null);
    BatchLog three = new BatchLog(SoftmaxFamily.localEngine(spec, 3, x, N, D));
    SoftmaxSgdResult r3 = sgd(three, spec, x, y, eta, 3, 4, null);
    assertArrayEquals(r1.losses(), r1again.losses(), 0.0);
    assertArrayEquals(r1.finalOutputs(), r1again.finalOutputs(), 0.0);
    assertTrue(Tolerance.maxRelativeError(r1.losses(), r3.losses()) < Tolerance.REORDERED);
    assertTrue(Tolerance.maxRelativeError(r1.finalOutputs(), r3.finalOutputs())
        < Tolerance.REORDERED);
    List<int[]> expected = new ArrayList<>();
    for (int e = 1; e <= 3; e++) {
      expected.addAll(BatchOrder.batches(SEED, e, N, 4));
    }
    assertEquals(9, one.batches.size());
    for (int s = 0; s < expected.size(); s++) {
      assertArrayEquals(expected.get(s), one.batches.get(s), "step " + s);
      assertArrayEquals(expected.get(s), again.batches.get(s), "step " + s + ", second run");
      assertArrayEquals(expected.get(s), three.batches.get(s), "step " + s + ", 3 blocks");
    }
    // A different seed shuffles differently.
    assertTrue(!java.util.Arrays.equals(BatchOrder.batches(SEED, 1, N, N).get(0),
        BatchOrder.batches(SEED + 1, 1, N, N).get(0)));
  }

  @Test
  void badSettingsAreRefusedBeforeTraining() {
    double[] x = SoftmaxReference.inputs(N, D, 41L);
    double[] y = SoftmaxReference.labels(N, K, 42L);
    SoftmaxSpec spec = new SoftmaxSpec(8, K, 1.0, 43L, true);
    IllegalArgumentException zero = assertThrows(IllegalArgumentException.class,
        () -> new SoftmaxSgdConfig(0.1, 2, 0, SEED));
    assertTrue(zero.getMessage().contains("--batch-size must be >= 1"), zero.getMessage());
    IllegalArgumentException large = assertThrows(IllegalArgumentException.class,
        () -> new SoftmaxSgdTrainer(spec, new SoftmaxSgdConfig(0.1, 2, N + 1, SEED), x, y, N,
            D));
    assertTrue(large.getMessage().contains("--batch-size 11 is larger than the 10 training "
        + "rows"), large.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new SoftmaxSgdConfig(0.0, 2, 2, SEED));
    assertThrows(IllegalArgumentException.class,
        () -> new SoftmaxSgdConfig(Double.NaN, 2, 2, SEED));
    assertThrows(IllegalArgumentException.class, () -> new SoftmaxSgdConfig(0.1, -1, 2, SEED));
  }

  @Test
  void theProgrammaticSettingsRunTheSameSgd() {
    double[] x = SoftmaxReference.inputs(N, D, 51L);
    double[] y = SoftmaxReference.labels(N, K, 52L);
    SoftmaxSpec spec = new SoftmaxSpec(40, K, 1.0, SEED, true);
    double eta = stableRate(spec, x, y);
    SoftmaxSgdResult direct = sgd(SoftmaxFamily.localEngine(spec, 2, x, N, D), spec, x, y, eta, 3,
        4, null);
    RecordingListener records = new RecordingListener();
    SoftmaxFit fit = SoftmaxRegression.fit(x, y, N, D, K, SoftmaxSettings.defaults()
        .withWidth(40).withSeed(SEED).withBlocks(2).withLearningRate(eta).withSgd(3, 4)
        .withListener(records));
    assertArrayEquals(direct.losses(), fit.losses(), 0.0);
    assertArrayEquals(direct.finalOutputs(), fit.predict(x, N), 1e-12);
    assertEquals(4, records.records.size());
    IllegalArgumentException noRate = assertThrows(IllegalArgumentException.class,
        () -> SoftmaxRegression.fit(x, y, N, D, K, SoftmaxSettings.defaults().withWidth(40)
            .withSgd(3, 4)));
    assertTrue(noRate.getMessage().contains("--lr must be positive"), noRate.getMessage());
  }

  /**
   * A pass that returns chosen rows (what an sgd step returns, and what Spark redoes for a
   * block read back without its partial) gives those rows of the full forward pass.
   */
  @Test
  void aForwardOnChosenRowsIsThoseRowsOfTheFullForward() {
    double[] x = SoftmaxReference.inputs(N, D, 61L);
    SoftmaxSpec spec = new SoftmaxSpec(24, K, 2.0, 62L, true);
    SoftmaxBlock block = SoftmaxBlock.initial(spec, SoftmaxBlock.layout(spec, 2), 1, D);
    SoftmaxPartial all = BlockSteps.advance(block, spec, x, N, null, null).partial();
    int[] rows = {7, 2, 9};
    SoftmaxPartial some = BlockSteps.advance(block, spec, x, N, null, rows).partial();
    assertEquals(rows.length, some.rows());
    for (int t = 0; t < rows.length; t++) {
      assertEquals(all.max()[rows[t]], some.max()[t], 1e-12);
      assertEquals(all.sum()[rows[t]], some.sum()[t], 1e-12 * all.sum()[rows[t]]);
      for (int l = 0; l < K; l++) {
        assertEquals(all.num()[l * N + rows[t]], some.num()[l * rows.length + t], 1e-12);
      }
    }
  }

  /** Rows {@code batch} of an n x c column-major matrix. */
  static double[] rows(double[] a, int n, int c, int[] batch) {
    double[] out = new double[batch.length * c];
    for (int q = 0; q < c; q++) {
      for (int t = 0; t < batch.length; t++) {
        out[q * batch.length + t] = a[q * n + batch[t]];
      }
    }
    return out;
  }

  /** An engine that records the batch of every step it is asked to take. */
  static final class BatchLog implements BlockEngine {
    final BlockEngine inner;
    final List<int[]> batches = new ArrayList<>();

    BatchLog(BlockEngine inner) {
      this.inner = inner;
    }

    @Override
    public Family family() {
      return inner.family();
    }

    @Override
    public int numBlocks() {
      return inner.numBlocks();
    }

    @Override
    public Share advance(Update update, Pass pass, int iteration) {
      if (update instanceof SoftmaxStep step && step.batch() != null) {
        batches.add(step.batch().clone());
      }
      return inner.advance(update, pass, iteration);
    }

    @Override
    public Share reduce(BlockJob job, Object payload) {
      return inner.reduce(job, payload);
    }

    @Override
    public void close() {
      inner.close();
    }
  }
}

package org.widenet.deep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.widenet.data.Dataset;
import org.widenet.testutil.Problems;
import org.widenet.train.LocalEngine;
import org.widenet.train.OrderedSum;

/** Last-layer Gauss-Newton on sphere data: the paper's 1/3 contraction and sketched GN. */
class DeepTrainerTest {
  private static final int N = 64;
  private static final int D = 10;
  private static final int M = 2048;

  private static DeepTrainer.Result run(DeepConfig config) {
    Dataset data = Problems.sphere(N, D, "random", 5);
    DeepSpec spec = DeepSpec.withAlpha(D, M, 3, 0.1, 9);
    DeepInputs in = DeepKernelsTest.inputs(spec, 4, data);
    List<DeepRecord> seen = new ArrayList<>();
    DeepTrainer.Result r;
    try (LocalEngine engine = DeepKernelsTest.engine(spec, 4, in)) {
      r = DeepTrainer.train(engine, in, data.y(), config, seen::add);
    }
    assertEquals(seen, r.records());
    return r;
  }

  @Test
  void exactGaussNewtonContractsByAThirdPerIteration() {
    DeepTrainer.Result r = run(DeepConfig.exact(6));
    List<DeepRecord> recs = r.records();
    assertTrue(recs.size() >= 4, "at least three steps before the tolerance");
    for (int t = 1; t < Math.min(recs.size(), 5); t++) {
      assertTrue(recs.get(t).contraction() <= 1.0 / 3, "iteration " + t + ": "
          + recs.get(t).contraction());
    }
    assertTrue(r.initialLambdaMin() > 0);
    for (DeepRecord rec : recs) {
      assertTrue(rec.rowMovement() <= rec.rowMovementBound(), "row movement vs R/sqrt(m)");
    }
  }

  @Test
  void sketchedGaussNewtonConverges() {
    for (GnMethod method : new GnMethod[] {GnMethod.TENSORSRHT, GnMethod.TENSORSKETCH}) {
      DeepTrainer.Result r = run(DeepConfig.exact(12).with(method, 4096));
      List<DeepRecord> recs = r.records();
      assertEquals(4096, r.sketchSize());
      assertTrue(recs.get(recs.size() - 1).residualNorm() < 1e-3 * recs.get(0).residualNorm(),
          method + " converges");
      assertTrue(recs.get(1).sketchError() < 1, "sketch error is reported");
    }
  }

  @Test
  void matrixFreeConjugateGradientsMatchExactSteps() {
    DeepTrainer.Result exact = run(DeepConfig.exact(3));
    DeepTrainer.Result cg = run(DeepConfig.exact(3).with(GnMethod.CG, 0));
    for (int t = 0; t < exact.records().size(); t++) {
      assertEquals(exact.records().get(t).residualNorm(), cg.records().get(t).residualNorm(),
          1e-6 * exact.records().get(0).residualNorm());
    }
    assertTrue(cg.records().get(0).cgIterations() > 0);
  }

  @Test
  void denseBaselineTrainsLikeTheLowRankForm() {
    Dataset data = Problems.sphere(16, D, "random", 6);
    DeepSpec spec = DeepSpec.withAlpha(D, 512, 2, 0.1, 3);
    DeepInputs in = DeepKernelsTest.inputs(spec, 3, data);
    DeepConfig config = new DeepConfig(4, GnMethod.EXACT, 0, 0, 0, true, 1e-10, 100, 1);
    DeepTrainer.Result a = DeepTrainer.train(DeepKernelsTest.engine(spec, 3, in), in, data.y(),
        config, r -> { });
    // One dense block, as the benchmark runs it, and dense row blocks.
    for (int blocks : new int[] {1, 3}) {
      DeepTrainer.Result b = DeepTrainer.train(new LocalEngine(new DenseLastLayer(spec), blocks,
          in, OrderedSum.DEFAULT_FAN_IN), in, data.y(), config, r -> { });
      assertEquals(a.records().size(), b.records().size());
      for (int t = 0; t < a.records().size(); t++) {
        assertEquals(a.records().get(t).residualNorm(), b.records().get(t).residualNorm(),
            1e-9 * a.records().get(0).residualNorm(), blocks + " blocks, iteration " + t);
      }
    }
  }

  /**
   * The split into blocks changes only the order of the sums: 1, 3 and 8 blocks (8 in merge
   * groups of 3, so the grouped merge runs too) train alike, with every method.
   */
  @Test
  void blockCountsAgree() {
    Dataset data = Problems.sphere(12, D, "random", 7);
    DeepSpec spec = DeepSpec.withAlpha(D, 256, 3, 0.1, 4);
    DeepInputs in = DeepKernelsTest.inputs(spec, 1, data);
    DeepConfig exact = new DeepConfig(4, GnMethod.EXACT, 0, 1e-6, 0, true, 1e-12, 200, 3);
    for (DeepConfig config : new DeepConfig[] {exact, exact.with(GnMethod.TENSORSRHT, 256),
        exact.with(GnMethod.TENSORSKETCH, 256), exact.with(GnMethod.CG, 0)}) {
      List<DeepTrainer.Result> runs = new ArrayList<>();
      for (int blocks : new int[] {1, 3, 8}) {
        runs.add(DeepTrainer.train(new LocalEngine(new DeepFamily(spec), blocks, in, 3), in,
            data.y(), config, r -> { }));
      }
      DeepTrainer.Result one = runs.get(0);
      assertEquals(5, one.records().size(), config.method() + ": every iteration runs");
      assertTrue(one.last().residualNorm() < 0.5 * one.records().get(0).residualNorm(),
          config.method() + " trains");
      for (DeepTrainer.Result other : runs.subList(1, 3)) {
        assertEquals(one.records().size(), other.records().size());
        for (int t = 0; t < one.records().size(); t++) {
          DeepRecord x = one.records().get(t);
          DeepRecord y = other.records().get(t);
          double scale = one.records().get(0).residualNorm();
          assertEquals(x.residualNorm(), y.residualNorm(), 1e-10 * scale,
              config.method() + ", iteration " + t);
          assertEquals(x.lambdaMin(), y.lambdaMin(), 1e-10 * Math.abs(x.lambdaMin()));
          assertEquals(x.rowMovement(), y.rowMovement(), 1e-10 * Math.max(1, x.rowMovement()));
          assertEquals(x.activeFraction(), y.activeFraction(), 0.0);
        }
      }
    }
  }
}

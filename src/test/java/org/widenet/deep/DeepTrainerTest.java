package org.widenet.deep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.widenet.data.Dataset;
import org.widenet.testutil.Problems;

/** Last-layer Gauss-Newton on sphere data: the paper's 1/3 contraction and sketched GN. */
class DeepTrainerTest {
  private static final int N = 64;
  private static final int D = 10;
  private static final int M = 2048;

  private static DeepTrainer.Result run(DeepConfig config) {
    Dataset data = Problems.sphere(N, D, "random", 5);
    DeepSpec spec = DeepSpec.withAlpha(D, M, 3, 0.1, 9);
    DeepLocalEngine engine = new DeepLocalEngine(spec, 4, LayerPass.inputs(N, D, data.x()));
    List<DeepRecord> seen = new ArrayList<>();
    DeepTrainer.Result r = DeepTrainer.train(engine, spec, data.y(), config, seen::add);
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
    DeepLocalEngine lowRank = new DeepLocalEngine(spec, 3, LayerPass.inputs(16, D, data.x()));
    DenseLastLayer dense = new DenseLastLayer(spec, lowRank.frozen());
    DeepConfig config = new DeepConfig(4, GnMethod.EXACT, 0, 0, 0, true, 1e-10, 100, 1);
    DeepTrainer.Result a = DeepTrainer.train(lowRank, spec, data.y(), config, r -> { });
    DeepTrainer.Result b = DeepTrainer.train(dense, spec, data.y(), config, r -> { });
    for (int t = 0; t < a.records().size(); t++) {
      assertEquals(a.records().get(t).residualNorm(), b.records().get(t).residualNorm(),
          1e-9 * a.records().get(0).residualNorm(), "iteration " + t);
    }
  }
}

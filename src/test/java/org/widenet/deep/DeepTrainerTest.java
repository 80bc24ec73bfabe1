package org.widenet.deep;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.widenet.data.Dataset;
import org.widenet.math.PackedSymmetric;
import org.widenet.testutil.Problems;
import org.widenet.train.CheckpointHook;
import org.widenet.train.IterationRecord;
import org.widenet.train.LocalEngine;
import org.widenet.train.OrderedSum;
import org.widenet.train.ResumePoint;
import org.widenet.train.TrainerState;
import org.widenet.train.TrainingDivergedException;
import org.widenet.train.TrainingListener;

/** Last-layer Gauss-Newton on sphere data: the paper's 1/3 contraction and sketched GN. */
class DeepTrainerTest {
  private static final int N = 64;
  private static final int D = 10;
  private static final int M = 2048;

  private static DeepTrainer.Result run(DeepConfig config) {
    return run(config, r -> { });
  }

  /** The test problem trained with {@code config}, telling {@code solver} of its CG solves. */
  private static DeepTrainer.Result run(DeepConfig config, TrainingListener solver) {
    Dataset data = Problems.sphere(N, D, "random", 5);
    DeepSpec spec = DeepSpec.withAlpha(D, M, 3, 0.1, 9);
    DeepInputs in = DeepKernelsTest.inputs(spec, 4, data);
    List<DeepRecord> seen = new ArrayList<>();
    DeepTrainer.Result r;
    try (LocalEngine engine = DeepKernelsTest.engine(spec, 4, in)) {
      r = DeepTrainer.train(engine, in, data.y(), config, seen::add, CheckpointHook.NONE, null,
          solver);
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

  /**
   * A Nystrom preconditioner of rank 3N / 4 takes the same steps (both solves reach the CG
   * tolerance) in fewer CG iterations than plain CG, and is reported once per rebuild.
   */
  @Test
  void preconditionedConjugateGradientsTakeTheSameStepsInFewerIterations() {
    DeepConfig plainConfig = new DeepConfig(3, GnMethod.CG, 0, 1e-8, 0, false, 1e-10, 2000, 1);
    DeepTrainer.Result plain = run(plainConfig);
    List<Integer> builds = new ArrayList<>();
    DeepTrainer.Result pre = run(plainConfig.withPreconditioner(3 * N / 4, 2),
        new TrainingListener() {
          @Override
          public void onIteration(IterationRecord record) {}

          @Override
          public void onPreconditioner(int iteration, int rank, String sketch, int passes,
              double seconds) {
            assertEquals(3 * N / 4, rank);
            builds.add(iteration);
          }
        });
    assertEquals(List.of(1, 3), builds, "built at the first solve, then every 2 steps");
    int plainTotal = 0;
    int preTotal = 0;
    for (int t = 0; t < plain.records().size(); t++) {
      DeepRecord a = plain.records().get(t);
      DeepRecord b = pre.records().get(t);
      assertEquals(a.residualNorm(), b.residualNorm(), 1e-7 * plain.records().get(0)
          .residualNorm(), "iteration " + t);
      plainTotal += a.cgIterations();
      preTotal += b.cgIterations();
    }
    assertTrue(preTotal > 0 && preTotal * 4 < plainTotal * 3, "CG iterations: preconditioned "
        + preTotal + ", plain " + plainTotal);
  }

  @Test
  void aPreconditionerNeedsConjugateGradients() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> DeepConfig.exact(2).withPreconditioner(8, 1));
    assertTrue(e.getMessage().contains("--gn cg"), e.getMessage());
    assertEquals(0, DeepConfig.exact(2).with(GnMethod.CG, 0).withPreconditioner(8, 1)
        .with(GnMethod.EXACT, 0).preconditionerRank(), "leaving CG drops the preconditioner");
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

  /** A 12-point problem every method trains in a few steps. */
  private static final Dataset SMALL = Problems.sphere(12, D, "random", 7);
  private static final DeepSpec SMALL_SPEC = DeepSpec.withAlpha(D, 256, 3, 0.1, 4);
  private static final DeepInputs SMALL_IN = DeepKernelsTest.inputs(SMALL_SPEC, 1, SMALL);

  private static LocalEngine smallEngine() {
    return new LocalEngine(new DeepFamily(SMALL_SPEC), 3, SMALL_IN, 3);
  }

  /** G = (U U^T) o (V^T V) at the engine's current weights, a new array; closes the engine. */
  private static double[] gramAt(LocalEngine engine, DeepConfig config) {
    try (engine) {
      DeepMath math = new DeepMath(SMALL_SPEC, SMALL_IN, config);
      return math.exactGram(engine, engine.advance(null, math.forwardPass(true), 0)).clone();
    }
  }

  /**
   * gram_drift on row t is ||G(t) - G(0)||_F, the two Grams formed at W(0) and at the weights
   * a run of t iterations ends at, compared entry by entry over the full n x n matrices.
   */
  @Test
  void gramDriftIsTheDistanceFromTheInitialGram() {
    int n = SMALL.n();
    double[] g0 = PackedSymmetric.unpack(n, gramAt(smallEngine(), everyMethod(1, 0)[0]));
    double previous = 0.0;
    for (int iterations = 1; iterations <= 3; iterations++) {
      DeepConfig c = everyMethod(iterations, 0)[0];
      LocalEngine engine = smallEngine();
      List<DeepRecord> recs = DeepTrainer.train(engine, SMALL_IN, SMALL.y(), c, r -> { })
          .records();
      double[] gt = PackedSymmetric.unpack(n, gramAt(engine, c));
      double sum = 0.0;
      for (int k = 0; k < n * n; k++) {
        sum += (gt[k] - g0[k]) * (gt[k] - g0[k]);
      }
      double drift = recs.get(iterations).gramDrift();
      assertEquals(Math.sqrt(sum), drift, 1e-12 * Math.sqrt(sum), "row " + iterations);
      assertTrue(drift > 0 && drift != previous, "the Gram moves: row " + iterations);
      previous = drift;
    }
  }

  private static DeepConfig[] everyMethod(int iterations, double tolerance) {
    DeepConfig exact = new DeepConfig(iterations, GnMethod.EXACT, 0, 1e-6, tolerance, true,
        1e-12, 200, 3);
    return new DeepConfig[] {exact, exact.with(GnMethod.TENSORSRHT, 256),
        exact.with(GnMethod.TENSORSKETCH, 256), exact.with(GnMethod.CG, 0)};
  }

  /**
   * A run stopped after iteration K and resumed to T (the engine keeps the weights of K; the
   * state is the hook's at K) reports the uninterrupted run's rows K + 1..T bit for bit (all
   * but the wall time), and the same final outputs.
   */
  @Test
  void resumedRunsTakeTheUninterruptedSteps() {
    int stop = 2;
    for (DeepConfig config : everyMethod(5, 0)) {
      for (boolean check : new boolean[] {true, false}) {
        DeepConfig c = config.withExactCheck(check);
        DeepTrainer.Result whole = DeepTrainer.train(smallEngine(), SMALL_IN, SMALL.y(), c,
            r -> { });
        TrainerState[] at = new TrainerState[1];
        try (LocalEngine engine = smallEngine()) {
          DeepTrainer.train(engine, SMALL_IN, SMALL.y(), new DeepConfig(stop, c.method(),
              c.sketchSize(), c.damping(), c.tolerance(), c.exactCheck(), c.cgTolerance(),
              c.cgMaxIterations(), c.sketchSeed()), r -> { }, s -> at[0] = s, null);
          assertEquals(stop, at[0].iteration());
          // G(0), gram_drift's reference, recomputed from the seed as the CLI does.
          DeepTrainer.Result resumed = DeepTrainer.train(engine, SMALL_IN, SMALL.y(), c,
              r -> { }, s -> { }, new ResumePoint(at[0], gramAt(smallEngine(), c)));
          String what = c.method() + (check ? " checked" : "");
          assertEquals(whole.records().size() - stop - 1, resumed.records().size(), what);
          for (int i = 0; i < resumed.records().size(); i++) {
            assertEquals(untimed(whole.records().get(stop + 1 + i)),
                untimed(resumed.records().get(i)), what + ", row " + (stop + 1 + i));
          }
          assertArrayEquals(whole.outputs(), resumed.outputs(), 0.0, what);
          assertEquals(whole.initialLambdaMin(), resumed.initialLambdaMin(), 0.0, what);
          assertEquals(whole.initialLoss(), resumed.initialLoss(), 0.0, what);
        }
      }
    }
  }

  private static DeepRecord untimed(DeepRecord r) {
    return new DeepRecord(r.iteration(), r.loss(), r.residualNorm(), r.contraction(),
        r.lambdaMin(), r.lambdaMax(), r.gramDrift(), r.rowMovement(), r.rowMovementBound(),
        r.sketchError(), r.activeFraction(), r.cgIterations(), 0);
  }

  /**
   * Columns by method: lambda_min wherever the exact Gram is formed (every row for exact and
   * with the check, else row 0), the sketch error with the check (and at t = 0) for the
   * sketches, CG's iterations on every row that took a step; the bound from lambda_min(G(0)).
   */
  @Test
  void columnsAreFilledWhereTheyAreDefined() {
    for (DeepConfig config : everyMethod(3, 0)) {
      for (boolean check : new boolean[] {true, false}) {
        DeepConfig c = config.withExactCheck(check);
        List<DeepRecord> recs = DeepTrainer.train(smallEngine(), SMALL_IN, SMALL.y(), c,
            r -> { }).records();
        assertEquals(4, recs.size());
        String what = c.method() + (check ? " checked" : "");
        for (DeepRecord r : recs) {
          int t = r.iteration();
          boolean formed = c.method() == GnMethod.EXACT || check || t == 0;
          assertEquals(formed, !Double.isNaN(r.lambdaMin()), what + " lambda_min, row " + t);
          assertEquals(formed, !Double.isNaN(r.lambdaMax()), what + " lambda_max, row " + t);
          boolean drifts = c.method() == GnMethod.EXACT || check;
          assertEquals(drifts, c.formsGramEveryIteration(), what);
          assertEquals(drifts, !Double.isNaN(r.gramDrift()), what + " gram_drift, row " + t);
          assertTrue(!drifts || t > 0 || r.gramDrift() == 0.0, what + " gram_drift at t = 0");
          assertTrue(!formed || r.lambdaMax() >= r.lambdaMin(), what + " spectrum, row " + t);
          assertEquals(c.method().isSketch() && (check || t == 0) && t < 3,
              !Double.isNaN(r.sketchError()), what + " sketch_error, row " + t);
          assertEquals(c.method() == GnMethod.CG && t < 3, r.cgIterations() > 0,
              what + " cg_iterations, row " + t);
          assertEquals(t == 0, Double.isNaN(r.contraction()), what + " contraction, row " + t);
          assertEquals(SMALL.n() * Math.sqrt(SMALL_SPEC.width()) / recs.get(0).lambdaMin(),
              r.rowMovementBound(), 0.0, what);
          assertEquals(Math.sqrt(2 * r.loss()), r.residualNorm(), 0.0, what);
        }
      }
    }
  }

  /** --tolerance stops the run, without a step, at the first row within it. */
  /**
   * A loss that is not finite (here targets of 1e160, whose squares overflow) stops the run as
   * diverged, with advice that fits deep-last: it has no --lr.
   */
  @Test
  void aDivergedRunNamesDeepLastsOwnSettings() {
    double[] y = SMALL.y().clone();
    for (int i = 0; i < y.length; i++) {
      y[i] *= 1e160;
    }
    String m = assertThrows(TrainingDivergedException.class, () -> DeepTrainer.train(
        smallEngine(), SMALL_IN, y, DeepConfig.exact(3), rec -> { })).getMessage();
    assertTrue(m.startsWith("diverged: the loss is Infinity at iteration 0"), m);
    assertTrue(m.endsWith("raise --damping or --width (deep-last takes full Gauss-Newton "
        + "steps)"), m);
    assertFalse(m.contains("--lr"), m);
  }

  @Test
  void toleranceStopsTheRun() {
    for (DeepConfig config : everyMethod(40, 1e-6)) {
      DeepTrainer.Result r = DeepTrainer.train(smallEngine(), SMALL_IN, SMALL.y(), config,
          rec -> { });
      double yNorm = Math.sqrt(dot(SMALL.y(), SMALL.y()));
      int last = r.records().size() - 1;
      assertTrue(last < 40, config.method() + " stops early");
      assertTrue(r.last().residualNorm() <= 1e-6 * yNorm, config.method().toString());
      assertTrue(r.records().get(last - 1).residualNorm() > 1e-6 * yNorm,
          config.method().toString());
    }
  }

  /**
   * A checkpoint at or after --iterations, or one that had reached --tolerance, leaves
   * nothing to train: both refused with what to change.
   */
  @Test
  void resumingWithNothingLeftIsRefused() {
    DeepConfig config = everyMethod(4, 1e-6)[0];
    TrainerState[] at = new TrainerState[1];
    try (LocalEngine engine = smallEngine()) {
      DeepTrainer.Result r = DeepTrainer.train(engine, SMALL_IN, SMALL.y(),
          new DeepConfig(40, config.method(), 0, config.damping(), config.tolerance(), true,
              1e-12, 200, 3), rec -> { }, s -> at[0] = s, null);
      int reached = r.last().iteration();
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> DeepTrainer.train(engine, SMALL_IN, SMALL.y(), new DeepConfig(reached + 3,
              config.method(), 0, config.damping(), config.tolerance(), true, 1e-12, 200, 3),
              rec -> { }, s -> { }, new ResumePoint(at[0], null)));
      assertTrue(e.getMessage().contains("had reached --tolerance 1.0E-6 at iteration "
          + reached + ": nothing is left to train"), e.getMessage());
      e = assertThrows(IllegalArgumentException.class, () -> DeepTrainer.train(engine,
          SMALL_IN, SMALL.y(), new DeepConfig(reached, config.method(), 0, config.damping(),
              config.tolerance(), true, 1e-12, 200, 3), rec -> { }, s -> { },
          new ResumePoint(at[0], null)));
      assertEquals("the checkpoint holds iteration " + reached + " of --iterations " + reached
          + ": raise --iterations to continue", e.getMessage());
    }
  }

  /** A sketch smaller than n leaves G~ singular: the error names deep-last's remedies. */
  @Test
  void singularGramNamesTheSettingsThatAvoidIt() {
    DeepConfig config = new DeepConfig(3, GnMethod.TENSORSRHT, 1, 0, 0, false, 1e-12, 200, 3);
    TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
        () -> DeepTrainer.train(smallEngine(), SMALL_IN, SMALL.y(), config, r -> { }));
    assertEquals("deep-last: the Gauss-Newton Gram is singular at iteration 0 (a point with no "
        + "active neuron in layer L, or a sketch smaller than n): use a smaller --alpha, a "
        + "larger --width or --sketch-size, or --damping", e.getMessage());
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }
}

package org.widenet.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.widenet.data.Dataset;
import org.widenet.math.SingularSystemException;
import org.widenet.model.BlockPartial;
import org.widenet.model.NetworkSpec;
import org.widenet.model.NeuronBlock;
import org.widenet.model.Step;
import org.widenet.testutil.Problems;
import org.widenet.testutil.RecordingListener;
import org.widenet.testutil.Tolerance;

/**
 * The matrix-free driver loop against the exact one on problems small enough for both: the
 * Gauss-Newton trajectory, the spectrum, the automatic step, and the promise that no n x n
 * array is asked of the blocks.
 */
class MatrixFreeTrainerTest {
  /** Agreement of two Gauss-Newton trajectories whose solves differ by CG's 1e-13 residual. */
  private static final double SOLVER = 1e-8;

  private static GramSettings matrixFree(double cgTolerance) {
    return new GramSettings(GramMode.MATRIX_FREE, cgTolerance, 1000,
        GramSettings.DEFAULT_LANCZOS_STEPS);
  }

  private static TrainConfig config(NetworkSpec spec, OptimizerKind opt, double lr,
      double damping, int iterations, int gramEvery, GramSettings gram) {
    return new TrainConfig(spec, opt, lr, damping, iterations, gramEvery, 3,
        TrainConfig.DEFAULT_DIVERGENCE_FACTOR, gram);
  }

  /** A run's records, solves and final weights (all blocks' W, in neuron order). */
  private record Outcome(RecordingListener rec, List<int[]> solves, double[] weights) {}

  private static Outcome run(Dataset data, TrainConfig config) {
    RecordingListener rec = new RecordingListener();
    List<int[]> solves = new ArrayList<>();
    TrainingListener both = new TrainingListener() {
      @Override
      public void onIteration(IterationRecord record) {
        rec.onIteration(record);
      }

      @Override
      public void onLearningRate(double eta, boolean automatic) {
        rec.onLearningRate(eta, automatic);
      }

      @Override
      public void onStepSolved(int iteration, int cgIterations, double residual,
          boolean converged) {
        assertTrue(converged, "CG converged at iteration " + iteration);
        solves.add(new int[] {iteration, cgIterations});
      }
    };
    try (LocalEngine engine = new LocalEngine(config.network(), config.partitions(), data.x(),
        data.n(), data.d())) {
      new Trainer(config, data.x(), data.y(), data.n(), data.d()).run(engine, both);
      return new Outcome(rec, solves, weights(engine));
    }
  }

  private static double[] weights(LocalEngine engine) {
    return engine.<org.widenet.model.NeuronBlock>blocks().stream().flatMapToDouble(b -> java.util.Arrays.stream(b.weights()))
        .toArray();
  }

  private static double[] column(List<IterationRecord> records,
      java.util.function.ToDoubleFunction<IterationRecord> f) {
    return records.stream().mapToDouble(f).toArray();
  }

  @Test
  void gaussNewtonByConjugateGradientsFollowsTheCholeskyTrajectory() {
    Dataset data = Problems.sphere(20, 5, "random", 3);
    for (NetworkSpec spec : new NetworkSpec[] {Problems.relu2(300, 2), Problems.exp2(120, 5,
        true)}) {
      double damping = 1e-6;
      Outcome exact = run(data, config(spec, OptimizerKind.GN, 0.5, damping, 4, 1,
          GramSettings.EXACT));
      Outcome free = run(data, config(spec, OptimizerKind.GN, 0.5, damping, 4, 1,
          matrixFree(1e-13)));
      double[] exactLoss = exact.rec().losses();
      double[] freeLoss = free.rec().losses();
      assertTrue(exactLoss[4] < 0.2 * exactLoss[0], spec.family() + ": GN made progress");
      for (int t = 0; t <= 4; t++) {
        double err = Math.abs(exactLoss[t] - freeLoss[t]) / exactLoss[t];
        assertTrue(err <= SOLVER, spec.family() + " loss at " + t + ": " + err);
      }
      double err = Tolerance.maxRelativeError(exact.weights(), free.weights());
      assertTrue(err <= SOLVER, spec.family() + " weights: " + err);
      assertTrue(exact.solves().isEmpty(), "Cholesky solves report no CG iterations");
      assertEquals(4, free.solves().size());
      for (int k = 0; k < 4; k++) {
        assertEquals(k + 1, free.solves().get(k)[0], "a solve is reported for the iteration "
            + "its step produces");
        assertTrue(free.solves().get(k)[1] >= 1 && free.solves().get(k)[1] <= data.n() * 3);
      }
    }
  }

  /**
   * CG preconditioned by sampled Gram columns (one engine pass per build) follows plain CG's
   * Gauss-Newton trajectory to the solver's tolerance in fewer CG iterations, and reports the
   * build as a column sketch of one pass, rebuilt every 2 steps.
   */
  @Test
  void columnNystromPreconditionedCgFollowsPlainCgInFewerIterations() {
    Dataset data = Problems.sphere(60, 5, "random", 3);
    for (NetworkSpec spec : new NetworkSpec[] {Problems.relu2(300, 2), Problems.exp2(120, 5,
        true)}) {
      double damping = 1e-6;
      Outcome plain = run(data, config(spec, OptimizerKind.GN, 0.5, damping, 4, 1,
          matrixFree(1e-13)));
      List<String> builds = new ArrayList<>();
      RecordingListener rec = new RecordingListener();
      List<int[]> solves = new ArrayList<>();
      TrainConfig pre = config(spec, OptimizerKind.GN, 0.5, damping, 4, 1,
          matrixFree(1e-13).withPreconditioner(40, 2));
      double[] weights;
      try (LocalEngine engine = new LocalEngine(spec, 3, data.x(), data.n(), data.d())) {
        new Trainer(pre, data.x(), data.y(), data.n(), data.d()).run(engine,
            new TrainingListener() {
              @Override
              public void onIteration(IterationRecord record) {
                rec.onIteration(record);
              }

              @Override
              public void onStepSolved(int iteration, int cgIterations, double residual,
                  boolean converged) {
                assertTrue(converged, "PCG converged at iteration " + iteration);
                solves.add(new int[] {iteration, cgIterations});
              }

              @Override
              public void onPreconditioner(int iteration, int rank, String sketch,
                  int passes, double seconds) {
                builds.add(iteration + ":" + rank + ":" + sketch + ":" + passes);
              }
            });
        weights = weights(engine);
      }
      assertEquals(List.of("1:40:columns:1", "3:40:columns:1"), builds, spec.family()
          + ": built before steps 1 and 3");
      double[] plainLoss = plain.rec().losses();
      double[] preLoss = rec.losses();
      for (int t = 0; t <= 4; t++) {
        double err = Math.abs(plainLoss[t] - preLoss[t]) / plainLoss[t];
        assertTrue(err <= SOLVER, spec.family() + " loss at " + t + ": " + err);
      }
      double err = Tolerance.maxRelativeError(plain.weights(), weights);
      assertTrue(err <= SOLVER, spec.family() + " weights: " + err);
      int plainTotal = plain.solves().stream().mapToInt(a -> a[1]).sum();
      int preTotal = solves.stream().mapToInt(a -> a[1]).sum();
      assertTrue(preTotal < plainTotal, spec.family() + ": " + preTotal + " preconditioned vs "
          + plainTotal + " plain CG iterations");
    }
  }

  @Test
  void lanczosSpectrumMatchesTheExactOneAndGramDriftIsLeftEmpty() {
    Dataset data = Problems.sphere(24, 4, "linear", 2);
    for (NetworkSpec spec : new NetworkSpec[] {Problems.relu2(200, 4), Problems.exp2(80, 1,
        false)}) {
      double eta = spec.family() == org.widenet.model.ModelFamily.EXP2 ? 1e-3 : 0.3;
      List<IterationRecord> exact = run(data, config(spec, OptimizerKind.GD, eta, 0, 6, 3,
          GramSettings.EXACT)).rec().records;
      List<IterationRecord> free = run(data, config(spec, OptimizerKind.GD, eta, 0, 6, 3,
          GramSettings.matrixFree())).rec().records;
      assertArrayEquals(column(exact, IterationRecord::loss), column(free,
          IterationRecord::loss), 0.0, "gd with a fixed step takes the same steps");
      for (int t = 0; t <= 6; t++) {
        IterationRecord e = exact.get(t);
        IterationRecord f = free.get(t);
        assertEquals(Double.isNaN(e.lambdaMax()), Double.isNaN(f.lambdaMax()), "schedule " + t);
        assertTrue(Double.isNaN(f.gramDrift()), "no drift without the Gram, at " + t);
        if (!Double.isNaN(e.lambdaMax())) {
          // n = 24 rows < 60 Lanczos steps: the Krylov space is everything, both are exact.
          assertEquals(e.lambdaMax(), f.lambdaMax(), 1e-10 * e.lambdaMax(), "lambda_max " + t);
          assertEquals(e.lambdaMin(), f.lambdaMin(), 1e-10 * e.lambdaMax(), "lambda_min " + t);
        }
      }
    }
  }

  /**
   * More rows than Lanczos steps (150 rows, 40 steps): lambda_max stays exact to 1e-10;
   * lambda_min is approached from above and lands within 10% of the true value (2% here).
   */
  @Test
  void withFewerStepsThanRowsLambdaMaxStaysExactAndLambdaMinIsAnUpperEstimate() {
    Dataset data = Problems.sphere(150, 6, "linear", 4);
    NetworkSpec spec = Problems.relu2(400, 6);
    IterationRecord exact = run(data, config(spec, OptimizerKind.GD, 0.1, 0, 0, 1,
        GramSettings.EXACT)).rec().records.get(0);
    IterationRecord free = run(data, config(spec, OptimizerKind.GD, 0.1, 0, 0, 1,
        new GramSettings(GramMode.MATRIX_FREE, 1e-10, 10, 40))).rec().records.get(0);
    assertEquals(exact.lambdaMax(), free.lambdaMax(), 1e-10 * exact.lambdaMax());
    assertTrue(free.lambdaMin() >= exact.lambdaMin() - 1e-12 * exact.lambdaMax());
    assertTrue(free.lambdaMin() - exact.lambdaMin() <= 0.1 * exact.lambdaMin(),
        free.lambdaMin() + " vs " + exact.lambdaMin());
  }

  @Test
  void autoStepIsTheSameToTenDigits() {
    Dataset data = Problems.sphere(30, 5, "random", 7);
    NetworkSpec spec = Problems.relu2(250, 3);
    double exact = run(data, config(spec, OptimizerKind.GD, TrainConfig.AUTO, 0, 2, 10,
        GramSettings.EXACT)).rec().eta;
    double free = run(data, config(spec, OptimizerKind.GD, TrainConfig.AUTO, 0, 2, 10,
        GramSettings.matrixFree())).rec().eta;
    assertEquals(exact, free, 1e-10 * exact);
  }

  /** Wraps an engine, refusing any request for packed Gram shares and counting products. */
  private static final class NoSharesEngine implements BlockEngine {
    private final BlockEngine inner;
    int products;

    NoSharesEngine(BlockEngine inner) {
      this.inner = inner;
    }

    @Override
    public org.widenet.model.Family family() {
      return inner.family();
    }

    @Override
    public int numBlocks() {
      return inner.numBlocks();
    }

    @Override
    public org.widenet.model.Share advance(org.widenet.model.Update update,
        org.widenet.model.Pass pass, int iteration) {
      assertFalse(pass.withGram(), "matrix-free mode asked for Gram shares at " + iteration);
      return inner.advance(update, pass, iteration);
    }

    @Override
    public org.widenet.model.Share reduce(org.widenet.model.BlockJob job, Object payload) {
      return inner.reduce(job, payload);
    }

    @Override
    public double[] gramTimes(double[] v) {
      products++;
      return inner.gramTimes(v);
    }

    @Override
    public double[] predict(double[] x, int rows) {
      return inner.predict(x, rows);
    }

    @Override
    public void close() {
      inner.close();
    }
  }

  @Test
  void matrixFreeModeNeverAsksTheBlocksForGramSharesAndResumesBitForBit() {
    Dataset data = Problems.sphere(16, 4, "random", 5);
    NetworkSpec spec = Problems.relu2(180, 8);
    TrainConfig full = config(spec, OptimizerKind.GN, 0.7, 1e-8, 6, 2, matrixFree(1e-10));
    RecordingListener uninterrupted = new RecordingListener();
    double[] fullWeights;
    try (NoSharesEngine engine = new NoSharesEngine(new LocalEngine(spec, 3, data.x(),
        data.n(), data.d()))) {
      new Trainer(full, data.x(), data.y(), data.n(), data.d()).run(engine, uninterrupted);
      assertTrue(engine.products > 6, "CG and Lanczos multiplied by H: " + engine.products);
      fullWeights = weights((LocalEngine) engine.inner);
    }
    // Stop after 3 iterations, keep the state, resume on the same blocks up to 6.
    TrainConfig shorter = config(spec, OptimizerKind.GN, 0.7, 1e-8, 3, 2, matrixFree(1e-10));
    TrainerState[] saved = new TrainerState[1];
    RecordingListener resumed = new RecordingListener();
    try (LocalEngine engine = new LocalEngine(spec, 3, data.x(), data.n(), data.d())) {
      new Trainer(shorter, data.x(), data.y(), data.n(), data.d()).run(engine,
          new RecordingListener(), state -> saved[0] = state, null);
      new Trainer(full, data.x(), data.y(), data.n(), data.d()).run(new NoSharesEngine(engine),
          resumed, CheckpointHook.NONE, new ResumePoint(saved[0], null));
      assertArrayEquals(fullWeights, weights(engine), 0.0);
    }
    assertEquals(3, resumed.records.size(), "rows 4..6");
    for (int k = 0; k < 3; k++) {
      assertEquals(uninterrupted.records.get(4 + k), withElapsed(resumed.records.get(k),
          uninterrupted.records.get(4 + k).elapsedMs()));
    }
  }

  private static IterationRecord withElapsed(IterationRecord r, long elapsedMs) {
    return new IterationRecord(r.iteration(), r.loss(), elapsedMs, r.lambdaMin(), r.lambdaMax(),
        r.gramDrift(), r.maxMove(), r.froMove(), r.patternChange());
  }

  @Test
  void singularSystemNamesTheDampingSetting() {
    // n = 30 rows but J has only m d = 4 columns: J J^T is singular, and CG meets a direction
    // of zero curvature (to round-off) in the first solve.
    Dataset data = Problems.sphere(30, 2, "random", 2);
    NetworkSpec spec = Problems.relu2(2, 3);
    TrainConfig config = new TrainConfig(spec, OptimizerKind.GN, 1.0, 0, 2, 1, 1,
        TrainConfig.DEFAULT_DIVERGENCE_FACTOR, new GramSettings(GramMode.MATRIX_FREE, 1e-10, 50,
            10));
    try (LocalEngine engine = new LocalEngine(spec, 1, data.x(), data.n(), data.d())) {
      SingularSystemException e = assertThrows(SingularSystemException.class,
          () -> new Trainer(config, data.x(), data.y(), data.n(), data.d()).run(engine,
              new RecordingListener()));
      assertTrue(e.getMessage().contains("not positive definite at iteration 0")
          && e.getMessage().contains("--damping"), e.getMessage());
    }
  }

  @Test
  void theGramModeIsValidatedAndDefaultsToExact() {
    NetworkSpec spec = Problems.relu2(10, 1);
    assertEquals(GramSettings.EXACT, new TrainConfig(spec, OptimizerKind.GD, 0.1, 0, 1, 1, 1)
        .gram());
    assertThrows(IllegalArgumentException.class,
        () -> new GramSettings(GramMode.MATRIX_FREE, 0, 10, 10));
    assertThrows(IllegalArgumentException.class,
        () -> new GramSettings(GramMode.MATRIX_FREE, 1e-10, 0, 10));
    assertThrows(IllegalArgumentException.class,
        () -> new GramSettings(GramMode.MATRIX_FREE, 1e-10, 10, 0));
    assertEquals(GramMode.MATRIX_FREE, GramMode.parse(" Matrix-Free "));
    assertThrows(IllegalArgumentException.class, () -> GramMode.parse("dense"));
    TrainConfig gn = config(spec, OptimizerKind.GN, 1, 0, 9, 4, GramSettings.matrixFree());
    assertFalse(gn.blockGramAt(1));
    assertTrue(gn.spectrumAt(0) && gn.spectrumAt(4) && gn.spectrumAt(9));
    assertFalse(gn.spectrumAt(1), "matrix-free gn follows --gram-every for the spectrum");
  }
}

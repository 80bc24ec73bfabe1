package org.widenet.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.widenet.data.Dataset;
import org.widenet.math.SingularSystemException;
import org.widenet.model.NetworkSpec;
import org.widenet.testutil.Problems;
import org.widenet.testutil.RecordingListener;

/** The driver loop's schedule, step-size rule and failure modes. */
class TrainerTest {

  private static RecordingListener run(NetworkSpec spec, Dataset data, TrainConfig config) {
    RecordingListener rec = new RecordingListener();
    try (LocalEngine engine = new LocalEngine(spec, config.partitions(), data.x(), data.n(),
        data.d())) {
      new Trainer(config, data.x(), data.y(), data.n(), data.d()).run(engine, rec);
    }
    return rec;
  }

  @Test
  void gramDiagnosticsFollowTheSchedule() {
    Dataset data = Problems.sphere(10, 3, "linear", 1);
    NetworkSpec spec = Problems.relu2(50, 1);
    TrainConfig config = new TrainConfig(spec, OptimizerKind.GD, 0.1, 0, 7, 3, 2);
    List<IterationRecord> records = run(spec, data, config).records;
    assertEquals(8, records.size());
    for (IterationRecord r : records) {
      boolean expected = r.iteration() == 0 || r.iteration() == 7 || r.iteration() % 3 == 0;
      assertEquals(expected, !Double.isNaN(r.lambdaMin()), "iteration " + r.iteration());
      assertEquals(expected, !Double.isNaN(r.gramDrift()), "iteration " + r.iteration());
      assertFalse(Double.isNaN(r.maxMove()));
      assertTrue(r.patternChange() >= 0 && r.patternChange() <= 1);
    }
    assertEquals(0.0, records.get(0).gramDrift(), 0.0);
    assertEquals(0.0, records.get(0).maxMove(), 0.0);
    assertTrue(records.get(7).froMove() >= records.get(7).maxMove());
  }

  @Test
  void autoLearningRateIsTheInverseOfTheLargestEigenvalue() {
    Dataset data = Problems.sphere(10, 3, "linear", 1);
    NetworkSpec spec = Problems.relu2(50, 1);
    RecordingListener rec = run(spec, data, new TrainConfig(spec, OptimizerKind.GD,
        TrainConfig.AUTO, 0, 1, 1, 2));
    assertEquals(1.0 / rec.records.get(0).lambdaMax(), rec.eta, 0.0);
  }

  @Test
  void singularGaussNewtonSystemNamesTheDampingSetting() {
    // n = 30 rows but J has only m d = 4 columns: J J^T is singular.
    Dataset data = Problems.sphere(30, 2, "random", 2);
    NetworkSpec spec = Problems.relu2(2, 3);
    SingularSystemException e = assertThrows(SingularSystemException.class,
        () -> run(spec, data, new TrainConfig(spec, OptimizerKind.GN, 1.0, 0, 2, 1, 1)));
    assertTrue(e.getMessage().contains("--damping"), e.getMessage());
    RecordingListener damped = run(spec, data, new TrainConfig(spec, OptimizerKind.GN, 1.0,
        1e-3, 2, 1, 1));
    assertEquals(3, damped.records.size());
  }

  /**
   * A tolerance stops the run, without a step, at the first iteration within it; the rows up
   * to there are the run without one, bit for bit.
   */
  @Test
  void toleranceStopsEarlyAndChangesNothingBefore() {
    Dataset data = Problems.sphere(10, 3, "linear", 1);
    NetworkSpec spec = Problems.relu2(200, 1);
    TrainConfig plain = new TrainConfig(spec, OptimizerKind.GN, 1.0, 1e-8, 30, 1, 2);
    List<IterationRecord> all = run(spec, data, plain).records;
    double yNorm = Math.sqrt(squares(data.y()));
    TrainConfig stopping = new TrainConfig(spec, OptimizerKind.GN, 1.0, 1e-8, 30, 1, 2,
        TrainConfig.DEFAULT_DIVERGENCE_FACTOR, GramSettings.EXACT, 1e-3);
    List<IterationRecord> early = run(spec, data, stopping).records;
    int last = early.size() - 1;
    assertTrue(last > 0 && last < 30, "stops early, at " + last);
    assertTrue(Math.sqrt(2 * early.get(last).loss()) <= 1e-3 * yNorm);
    assertTrue(Math.sqrt(2 * early.get(last - 1).loss()) > 1e-3 * yNorm);
    for (int t = 0; t <= last; t++) {
      assertEquals(all.get(t).loss(), early.get(t).loss(), 0.0, "iteration " + t);
      assertEquals(all.get(t).lambdaMin(), early.get(t).lambdaMin(), 0.0, "iteration " + t);
    }
  }

  private static double squares(double[] v) {
    double s = 0;
    for (double x : v) {
      s += x * x;
    }
    return s;
  }

  @Test
  void divergenceStopsWithTheSettingToChange() {
    Dataset data = Problems.sphere(10, 3, "linear", 1);
    NetworkSpec spec = Problems.exp2(20, 1, false);
    TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
        () -> run(spec, data, new TrainConfig(spec, OptimizerKind.GD, 1e6, 0, 50, 10, 2)));
    assertTrue(e.getMessage().contains("--lr"), e.getMessage());
  }

  @Test
  void aStepTenTimesTheStableBoundStopsWithinAFewIterations() {
    Dataset data = Problems.sphere(30, 5, "random", 4);
    NetworkSpec spec = Problems.relu2(2000, 2);
    double lambdaMax = run(spec, data, new TrainConfig(spec, OptimizerKind.GD,
        TrainConfig.AUTO, 0, 0, 1, 2)).records.get(0).lambdaMax();
    double eta = 10 * 2 / lambdaMax;
    RecordingListener seen = new RecordingListener();
    TrainingDivergedException e = assertThrows(TrainingDivergedException.class, () -> {
      try (LocalEngine engine = new LocalEngine(spec, 2, data.x(), data.n(), data.d())) {
        new Trainer(new TrainConfig(spec, OptimizerKind.GD, eta, 0, 100, 10, 2), data.x(),
            data.y(), data.n(), data.d()).run(engine, seen);
      }
    });
    assertTrue(seen.records.size() <= 6, "stopped after " + seen.records.size() + " rows");
    assertTrue(e.getMessage().contains("2 / lambda_max") && e.getMessage().contains("--lr")
        && e.getMessage().contains(String.valueOf(eta)), e.getMessage());
  }

  @Test
  void aLossThatStartsAtZeroIsNeverCalledDiverged() {
    Dataset data = new Dataset("zeros", 4, 2, new double[] {1, 0, 0.6, 0, 0, 1, 0.8, 1},
        new double[4]);
    NetworkSpec spec = Problems.exp2(20, 1, true);
    RecordingListener rec = run(spec, data, new TrainConfig(spec, OptimizerKind.GD, 1e-3, 0, 3,
        1, 2));
    assertEquals(0.0, rec.records.get(0).loss(), 0.0);
    assertEquals(4, rec.records.size());
  }

  /** gram-every 0: no Gram at all with a fixed step, only at t = 0 for the automatic one. */
  @Test
  void gramEveryZeroFormsTheGramOnlyWhereTheStepNeedsIt() {
    NetworkSpec spec = Problems.relu2(10, 1);
    TrainConfig fixed = new TrainConfig(spec, OptimizerKind.GD, 0.1, 0, 5, 0, 1);
    TrainConfig auto = new TrainConfig(spec, OptimizerKind.GD, TrainConfig.AUTO, 0, 5, 0, 1);
    TrainConfig gn = new TrainConfig(spec, OptimizerKind.GN, 1.0, 0, 5, 0, 1);
    for (int t = 0; t <= 5; t++) {
      assertFalse(fixed.gramAt(t), "fixed step, t = " + t);
      assertEquals(t == 0, auto.gramAt(t), "automatic step, t = " + t);
      assertTrue(gn.gramAt(t), "gn, t = " + t);
    }
  }

  @Test
  void configRefusesSettingsThatCannotWork() {
    NetworkSpec spec = Problems.relu2(10, 1);
    assertThrows(IllegalArgumentException.class,
        () -> new TrainConfig(spec, OptimizerKind.GN, TrainConfig.AUTO, 0, 1, 1, 1));
    assertThrows(IllegalArgumentException.class,
        () -> new TrainConfig(spec, OptimizerKind.GD, -1, 0, 1, 1, 1));
    assertThrows(IllegalArgumentException.class,
        () -> new TrainConfig(spec, OptimizerKind.GD, 0.1, -1, 1, 1, 1));
    assertThrows(IllegalArgumentException.class,
        () -> new TrainConfig(spec, OptimizerKind.GD, 0.1, 0, 1, -1, 1));
    assertThrows(IllegalArgumentException.class,
        () -> new TrainConfig(spec, OptimizerKind.GD, 0.1, 0, 1, 1, 1, 1.0));
  }
}

package org.widenet.scaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.widenet.data.Dataset;
import org.widenet.model.ModelFamily;
import org.widenet.model.NetworkSpec;
import org.widenet.train.LocalEngine;
import org.widenet.train.OptimizerKind;
import org.widenet.train.TrainConfig;
import org.widenet.train.Trainer;

/** Scaling runs of relu2 on the local engine: determinism, seeds and the reach test. */
class EngineTrialTest {
  private static ScalingSettings settings(String model, int partitions) {
    return new ScalingSettings(model, new int[] {20}, new long[] {8, 2000}, 2, 0, 0.05, 60,
        ReachRule.ALL, 1, 5, "random", 3, 1.0, Double.NaN, partitions);
  }

  private static EngineTrial trial(ScalingSettings s) {
    return new EngineTrial(s, (spec, blocks, data) -> new LocalEngine(spec, blocks, data.x(),
        data.n(), data.d()));
  }

  @Test
  void sameSeedSameOutcomeAndBlockCountsAgree() {
    RunOutcome a = trial(settings("relu2", 2)).run(20, 400, 1);
    RunOutcome b = trial(settings("relu2", 2)).run(20, 400, 1);
    assertEquals(a.finalLoss(), b.finalLoss(), 0.0);
    assertEquals(a.maxMove(), b.maxMove(), 0.0);
    assertEquals(a.reachIteration(), b.reachIteration());
    RunOutcome c = trial(settings("relu2", 3)).run(20, 400, 1);
    assertEquals(a.finalLoss(), c.finalLoss(), 1e-10 * a.initialLoss());
    assertEquals(a.lambdaMin(), c.lambdaMin(), 1e-10 * a.lambdaMax());
    RunOutcome other = trial(settings("relu2", 2)).run(20, 400, 2);
    assertNotEquals(a.initialLoss(), other.initialLoss());
  }

  @Test
  void wideNetworksReachTheTargetAndNarrowOnesDoNot() {
    EngineTrial t = trial(settings("relu2", 2));
    RunOutcome wide = t.run(20, 2000, 0);
    assertTrue(wide.reached(), wide.toString());
    assertTrue(wide.finalLoss() <= 0.05 * wide.initialLoss());
    // It stops at the target, before T, so its Gram at T (and the drift) is never formed.
    assertTrue(wide.reachIteration() < 60 && Double.isNaN(wide.gramDrift()), wide.toString());
    assertTrue(wide.lambdaMin() > 0 && wide.maxMove() > 0);
    RunOutcome narrow = t.run(20, 2, 0);
    assertTrue(!narrow.reached(), narrow.toString());
  }

  /** The full run of T iterations on the trial's data set: every iteration's loss. */
  private static List<Double> fullRun(ScalingSettings s, String model, long width, long seed) {
    Dataset ds = StudyData.synthetic(s).get(20, s.dataSeed());
    NetworkSpec spec = new NetworkSpec(ModelFamily.parse(model), width, s.initScale(), seed,
        false);
    TrainConfig c = new TrainConfig(spec, OptimizerKind.GD, Double.NaN, 0,
        s.maxIterations(), s.maxIterations(), 2);
    List<Double> losses = new ArrayList<>();
    try (LocalEngine e = new LocalEngine(spec, 2, ds.x(), ds.n(), ds.d())) {
      new Trainer(c, ds.x(), ds.y(), ds.n(), ds.d()).run(e, r -> losses.add(r.loss()));
    }
    return losses;
  }

  @Test
  void stoppingAtTheTargetKeepsTheReachIterationOfTheFullRun() {
    for (String model : List.of("relu2", "exp2")) {
      ScalingSettings s = settings(model, 2);
      for (long width : new long[] {30, 300, 2000}) {
        List<Double> full = fullRun(s, model, width, 0);
        int first = -1;
        for (int t = 0; t < full.size() && first < 0; t++) {
          if (full.get(t) <= 0.05 * full.get(0)) {
            first = t;
          }
        }
        RunOutcome stopped = trial(s).run(20, width, 0);
        assertEquals(first, stopped.reachIteration(), model + " width " + width);
        assertEquals(first < 0 ? full.get(full.size() - 1) : full.get(first),
            stopped.finalLoss(), 0.0, model + " width " + width);
      }
    }
  }

  @Test
  void theRunsUseTheStudysBudget() {
    ScalingSettings s = new ScalingSettings("relu2", new int[] {20}, new long[] {8, 2000}, 2,
        0, 1e-9, 1_000_000, ReachRule.ALL, 1, 5, "random", 3, 1.0, Double.NaN, 2, 0.05, 1,
        null, 0.5);
    StudyData data = StudyData.synthetic(s);
    int t = data.iterations(20, 3);
    assertTrue(t > 1 && t < 1_000_000, "T = " + t);
    RunOutcome r = new EngineTrial(s, data, (spec, blocks, d) -> new LocalEngine(spec, blocks,
        d.x(), d.n(), d.d())).run(20, 50, 0);
    // 1e-9 is out of reach in half the kernel's iterations: the run trains exactly T and its
    // Gram drift (formed at T only) is there.
    assertTrue(!r.reached() && Double.isFinite(r.gramDrift()), r.toString());
  }

  @Test
  void exp2Runs() {
    RunOutcome r = trial(settings("exp2", 2)).run(20, 500, 0);
    assertTrue(r.initialLoss() > 0 && Double.isFinite(r.finalLoss()), r.toString());
  }
}

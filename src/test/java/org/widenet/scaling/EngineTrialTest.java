package org.widenet.scaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.widenet.train.LocalEngine;

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
    assertTrue(wide.lambdaMin() > 0 && wide.gramDrift() > 0 && wide.maxMove() > 0);
    RunOutcome narrow = t.run(20, 2, 0);
    assertTrue(!narrow.reached(), narrow.toString());
  }

  @Test
  void exp2Runs() {
    RunOutcome r = trial(settings("exp2", 2)).run(20, 500, 0);
    assertTrue(r.initialLoss() > 0 && Double.isFinite(r.finalLoss()), r.toString());
  }
}

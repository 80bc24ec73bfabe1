package org.widenet.scaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Scaling runs of smooth2 through SmoothRegression on its local engine. */
class SmoothTrialTest {
  private static ScalingSettings settings() {
    return new ScalingSettings("smooth2", new int[] {16}, new long[] {4, 1000}, 2, 0, 0.2, 80,
        ReachRule.ALL, 1, 5, "random", 3, 1.0, Double.NaN, 2);
  }

  @Test
  void deterministicAndWideNetworksReachTheTarget() {
    RunOutcome a = new SmoothTrial(settings(), null).run(16, 1000, 1);
    RunOutcome b = new SmoothTrial(settings(), null).run(16, 1000, 1);
    assertEquals(a, new RunOutcome(b.n(), b.width(), b.seed(), b.initialLoss(), b.finalLoss(),
        b.reachIteration(), b.lambdaMin(), b.lambdaMax(), b.maxMove(), b.froMove(),
        b.gramDrift(), a.seconds()));
    assertTrue(a.reached(), a.toString());
    assertTrue(a.lambdaMin() > 0 && a.maxMove() > 0 && a.gramDrift() > 0, a.toString());
    RunOutcome narrow = new SmoothTrial(settings(), null).run(16, 1, 1);
    assertFalse(narrow.reached(), narrow.toString());
  }

  @Test
  void theStudyPicksSmooth2() {
    assertTrue(ScalingTrials.forModel(settings(), (s, b, d) -> null, null)
        instanceof SmoothTrial);
  }
}

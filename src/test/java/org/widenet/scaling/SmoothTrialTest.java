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
    assertTrue(a.lambdaMin() > 0 && a.maxMove() > 0, a.toString());
    RunOutcome narrow = new SmoothTrial(settings(), null).run(16, 1, 1);
    assertFalse(narrow.reached(), narrow.toString());
  }

  @Test
  void stoppingAtTheTargetKeepsTheReachIterationOfTheFullRun() {
    ScalingSettings s = settings();
    for (long width : new long[] {8, 60, 1000}) {
      RunOutcome full = new SmoothTrial(s, StudyData.synthetic(s), null, false)
          .run(16, width, 1, 3);
      RunOutcome stopped = new SmoothTrial(s, null).run(16, width, 1);
      assertEquals(full.reachIteration(), stopped.reachIteration(), "width " + width);
      assertEquals(full.lambdaMin(), stopped.lambdaMin(), 0.0);
      if (stopped.reached()) {
        assertTrue(stopped.finalLoss() <= 0.2 * stopped.initialLoss(), stopped.toString());
      } else {
        assertEquals(full.finalLoss(), stopped.finalLoss(), 0.0);
      }
    }
  }

  @Test
  void theStudyPicksSmooth2() {
    assertTrue(ScalingTrials.forModel(settings(), (s, b, d) -> null, null)
        instanceof SmoothTrial);
  }
}

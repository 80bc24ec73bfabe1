package org.widenet.scaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Scaling runs of softmax2 through SoftmaxRegression on its local engine. */
class SoftmaxTrialTest {
  private static ScalingSettings settings(long... widths) {
    return new ScalingSettings("softmax2", new int[] {12}, widths, 2, 0, 0.3, 60,
        ReachRule.ALL, 1, 5, "linear", 3, 1.0, Double.NaN, 2);
  }

  @Test
  void deterministicWithDiagnostics() {
    RunOutcome a = new SoftmaxTrial(settings(2, 400), null).run(12, 400, 1);
    RunOutcome b = new SoftmaxTrial(settings(2, 400), null).run(12, 400, 1);
    assertEquals(a.finalLoss(), b.finalLoss(), 0.0);
    assertEquals(a.reachIteration(), b.reachIteration());
    assertTrue(a.finalLoss() < a.initialLoss(), a.toString());
    // It stops at the target, before T: the drift (formed at T only) is NaN.
    assertTrue(a.lambdaMin() > 0 && a.maxMove() > 0 && !(a.gramDrift() < 0), a.toString());
    assertTrue(ScalingTrials.forModel(settings(2, 400), (s, k, d) -> null, null)
        instanceof SoftmaxTrial);
  }

  @Test
  void stoppingAtTheTargetKeepsTheReachIterationOfTheFullRun() {
    ScalingSettings s = settings(2, 400);
    int reached = 0;
    for (long width : new long[] {2, 40, 400}) {
      RunOutcome full = new SoftmaxTrial(s, StudyData.synthetic(s), null, false)
          .run(12, width, 1, 3);
      RunOutcome stopped = new SoftmaxTrial(s, null).run(12, width, 1);
      assertEquals(full.reachIteration(), stopped.reachIteration(), "width " + width);
      if (stopped.reached()) {
        reached++;
        assertTrue(stopped.finalLoss() <= 0.3 * stopped.initialLoss(), stopped.toString());
      } else {
        assertEquals(full.finalLoss(), stopped.finalLoss(), 0.0);
      }
    }
    assertTrue(reached > 0);
  }

  @Test
  void oddWidthsAreRefused() {
    assertThrows(IllegalArgumentException.class,
        () -> new SoftmaxTrial(settings(3, 400), null));
  }
}

package org.widenet.scaling;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** How "auto" resolves for --parallel-runs and --partitions. */
class ScalingSettingsTest {
  private static ScalingSettings auto(int runs, int partitions) {
    return new ScalingSettings("relu2", new int[] {20}, new long[] {8}, 1, 0, 0.1, 10,
        ReachRule.ALL, runs, 5, "random", 0, 1.0, Double.NaN, partitions);
  }

  @Test
  void sparkFillsTheCoresAndLocalKeepsOneBlockPerRun() {
    assertEquals(4, auto(0, 0).resolved(4).parallelRuns());
    assertEquals(1, auto(0, 0).resolved(4).partitions());
    assertEquals(4, auto(1, 0).resolved(4).partitions());
    assertEquals(2, auto(2, 0).resolved(4, false).partitions());
    // The local engine: one block per run whatever --parallel-runs, so runs agree bit for bit.
    assertEquals(1, auto(1, 0).resolved(4, true).partitions());
    assertEquals(1, auto(2, 0).resolved(4, true).partitions());
    assertEquals(3, auto(1, 3).resolved(4, true).partitions());
  }

  @Test
  void aLocalRunStepsItsBlocksOnTheCoresTheRunsLeaveIt() {
    // One run with 3 blocks on 4 cores: 3 threads; two runs: 2 each; auto runs: 1 each.
    assertEquals(3, auto(1, 3).resolved(4, true).localThreads(4));
    assertEquals(2, auto(2, 3).resolved(4, true).localThreads(4));
    assertEquals(1, auto(0, 3).resolved(4, true).localThreads(4));
    // One block per run (--partitions auto): one thread.
    assertEquals(1, auto(1, 0).resolved(4, true).localThreads(4));
    assertEquals(1, auto(8, 3).resolved(4, true).localThreads(4));
  }
}

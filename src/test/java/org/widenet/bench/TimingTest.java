package org.widenet.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.widenet.model.StepTimer.BlockTimes;
import org.widenet.testutil.Tolerance;

/** Median, min, max and the split of an iteration, on inputs whose answers are known. */
class TimingTest {

  private static Timing.Sample total(double seconds) {
    return new Timing.Sample(seconds, seconds / 2, 0, 0, 0, seconds / 4, seconds / 4);
  }

  @Test
  void oddCountTakesTheMiddleIterationAndItsSplit() {
    Timing.Summary s = Timing.summarize(List.of(total(3), total(1), total(2), total(5),
        total(4)));
    assertEquals(5, s.count());
    assertEquals(3.0, s.median());
    assertEquals(1.0, s.min());
    assertEquals(5.0, s.max());
    assertEquals(1.5, s.split().forward());
    assertEquals(0.75, s.split().solve());
  }

  @Test
  void evenCountAveragesTheTwoMiddleIterationsSoThePartsStillAddUp() {
    Timing.Summary s = Timing.summarize(List.of(total(4), total(1), total(3), total(2)));
    assertEquals(2.5, s.median());
    assertEquals(1.0, s.min());
    assertEquals(4.0, s.max());
    Timing.Sample p = s.split();
    assertEquals(2.5, p.forward() + p.gradient() + p.gram() + p.other() + p.solve()
        + p.overhead(), 1e-15);
  }

  @Test
  void noIterationsIsAnError() {
    assertThrows(IllegalArgumentException.class, () -> Timing.summarize(List.of()));
  }

  @Test
  void splitTakesTheLongestBlockAsTheCriticalPathWhenBlocksRunTogether() {
    // Two blocks on two slots: 0.6 s and 0.4 s. Critical path 0.6 s; kernels in proportion.
    List<BlockTimes> blocks = List.of(
        new BlockTimes(0, 300_000_000L, 200_000_000L, 0L, 600_000_000L),
        new BlockTimes(1, 200_000_000L, 100_000_000L, 0L, 400_000_000L));
    Timing.Sample s = Timing.split(1.0, 0.9, blocks, 2);
    double f = 0.6 / 1.0;
    assertEquals(0.5 * f, s.forward(), 1e-12);
    assertEquals(0.3 * f, s.gradient(), 1e-12);
    assertEquals(0.0, s.gram(), 0.0);
    assertEquals(0.2 * f, s.other(), 1e-12);
    assertEquals(0.1, s.solve(), 1e-12);
    assertEquals(0.3, s.overhead(), 1e-12);
    double parts = s.forward() + s.gradient() + s.gram() + s.other() + s.solve() + s.overhead();
    assertTrue(Tolerance.relativeError(1.0, parts) < Tolerance.EXACT);
  }

  @Test
  void splitSpreadsQueuedBlocksOverTheSlots() {
    // Four blocks of 0.25 s on one slot run one after another: 1 s of executor time.
    List<BlockTimes> blocks = List.of(
        new BlockTimes(0, 250_000_000L, 0L, 0L, 250_000_000L),
        new BlockTimes(1, 250_000_000L, 0L, 0L, 250_000_000L),
        new BlockTimes(2, 250_000_000L, 0L, 0L, 250_000_000L),
        new BlockTimes(3, 250_000_000L, 0L, 0L, 250_000_000L));
    Timing.Sample s = Timing.split(1.5, 1.2, blocks, 1);
    assertEquals(1.0, s.forward(), 1e-12);
    assertEquals(0.2, s.overhead(), 1e-12);
    assertEquals(0.3, s.solve(), 1e-12);
  }

  @Test
  void withoutBlockTimesOnlyTheDriverPartIsKnown() {
    Timing.Sample s = Timing.split(1.0, 0.75, List.of(), 2);
    assertEquals(1.0, s.total());
    assertEquals(0.25, s.solve());
    assertTrue(Double.isNaN(s.forward()));
    assertTrue(Double.isNaN(s.overhead()));
  }
}

package org.widenet.scaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The width search on a fake trainer whose threshold width is known. */
class WidthSearchTest {
  private static final long[] SEEDS = {0, 1, 2};

  /** The plain answer: the smallest grid width at which the rule holds, or -1. */
  private static long reference(FakeTrial fake, long[] grid, int n, ReachRule rule) {
    for (long w : grid) {
      int reached = 0;
      for (long s : SEEDS) {
        reached += w >= fake.threshold(n, s) ? 1 : 0;
      }
      if (rule.holds(reached, SEEDS.length)) {
        return w;
      }
    }
    return -1;
  }

  private static long[] geometricGrid(double from, double factor, int count) {
    long[] g = new long[count];
    for (int i = 0; i < count; i++) {
      g[i] = Math.round(from * Math.pow(factor, i));
    }
    return g;
  }

  @Test
  void findsTheSmallestGridWidthForEveryRule() throws Exception {
    FakeTrial fake = new FakeTrial(0.5, 1.5, 0.3);
    long[] grid = geometricGrid(10, Math.sqrt(2), 30);
    int[] ns = {50, 100, 200, 400};
    for (ReachRule rule : ReachRule.values()) {
      WidthSearch.Result r = new WidthSearch(grid, SEEDS, rule, 1).run(ns, fake, o -> {});
      for (int i = 0; i < ns.length; i++) {
        assertEquals(reference(fake, grid, ns[i], rule), r.thresholds().get(i).width(),
            rule + " n=" + ns[i]);
        assertTrue(r.thresholds().get(i).found());
      }
    }
    // With seed-dependent thresholds, "all" needs the largest seed's width, "majority" the
    // middle one's: the rules differ somewhere.
    long[] fine = geometricGrid(100, 1.05, 150);
    long all = new WidthSearch(fine, SEEDS, ReachRule.ALL, 1).run(new int[] {400}, fake,
        o -> {}).thresholds().get(0).width();
    long majority = new WidthSearch(fine, SEEDS, ReachRule.MAJORITY, 1).run(new int[] {400},
        fake, o -> {}).thresholds().get(0).width();
    assertTrue(all > majority, all + " vs " + majority);
  }

  @Test
  void recoversTheExponentOfAKnownThreshold() throws Exception {
    FakeTrial fake = new FakeTrial(0.2, 1.5, 0.0);
    long[] grid = geometricGrid(64, Math.pow(2, 0.125), 100);
    WidthSearch.Result r = new WidthSearch(grid, SEEDS, ReachRule.ALL, 1)
        .run(new int[] {100, 200, 400, 800, 1600}, fake, o -> {});
    PowerLawFit fit = ScalingStudy.fit(r.thresholds());
    assertEquals(1.5, fit.exponent(), 0.05);
    assertTrue(fit.ciLow() <= 1.5 && 1.5 <= fit.ciHigh() + 0.05, fit.toString());
  }

  @Test
  void reportsSizesNoGridWidthReaches() throws Exception {
    FakeTrial fake = new FakeTrial(1.0, 1.0, 0.0);
    long[] grid = {50, 100, 200};
    List<RunOutcome> seen = new ArrayList<>();
    WidthSearch.Result r = new WidthSearch(grid, SEEDS, ReachRule.ALL, 1)
        .run(new int[] {100, 1000}, fake, seen::add);
    assertEquals(100, r.thresholds().get(0).width());
    assertFalse(r.thresholds().get(1).found());
    assertEquals(SEEDS.length * (2 + 3), r.runs().size());
    assertEquals(r.runs(), seen);
    assertEquals(r.runs().size(), fake.calls.get());
  }

  @Test
  void parallelRunsGiveTheSameResultsInTheSameOrder() throws Exception {
    FakeTrial fake = new FakeTrial(0.5, 1.2, 0.2);
    long[] grid = geometricGrid(5, 1.5, 25);
    int[] ns = {30, 60, 120, 240};
    WidthSearch.Result one = new WidthSearch(grid, SEEDS, ReachRule.ALL, 1).run(ns, fake,
        o -> {});
    WidthSearch.Result four = new WidthSearch(grid, SEEDS, ReachRule.ALL, 4).run(ns, fake,
        o -> {});
    assertEquals(one.thresholds(), four.thresholds());
    assertEquals(one.runs(), four.runs());
  }

  @Test
  void aFailingRunStopsTheSearchWithItsError() {
    WidthTrial broken = (n, w, s) -> {
      throw new IllegalStateException("boom at " + w);
    };
    Exception e = assertThrows(IllegalStateException.class,
        () -> new WidthSearch(new long[] {10}, SEEDS, ReachRule.ALL, 2).run(new int[] {5},
            broken, o -> {}));
    assertEquals("boom at 10", e.getMessage());
  }

  @Test
  void refusesABadGrid() {
    assertThrows(IllegalArgumentException.class,
        () -> new WidthSearch(new long[] {10, 10}, SEEDS, ReachRule.ALL, 1));
    assertThrows(IllegalArgumentException.class,
        () -> new WidthSearch(new long[] {}, SEEDS, ReachRule.ALL, 1));
    assertThrows(IllegalArgumentException.class,
        () -> new WidthSearch(new long[] {10}, SEEDS, ReachRule.ALL, 0));
  }
}

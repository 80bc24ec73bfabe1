package org.widenet.scaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The width search on a fake trainer whose threshold width is known. */
class WidthSearchTest {
  private static final long[] SEEDS = {0, 1, 2};
  private static final long[] DATA = {0};

  private static long[] geometricGrid(double from, double factor, int count) {
    long[] g = new long[count];
    for (int i = 0; i < count; i++) {
      g[i] = Math.round(from * Math.pow(factor, i));
    }
    return g;
  }

  @Test
  void bisectsEverySeedToTheResolution() throws Exception {
    FakeTrial fake = new FakeTrial(0.5, 1.5, 0.3);
    long[] grid = {50, 100, 200, 400, 800, 1600, 3200, 6400};
    int[] ns = {50, 100, 200, 400};
    double res = 0.05;
    WidthSearch.Result r = new WidthSearch(grid, SEEDS, DATA, ReachRule.ALL, 1, res)
        .run(ns, fake, o -> {});
    assertEquals(ns.length * SEEDS.length, r.points().size());
    for (WidthSearch.Point p : r.points()) {
      double truth = fake.threshold(p.n(), p.seed());
      assertEquals(WidthSearch.Status.BRACKETED, p.status(), p.toString());
      // The final bracket holds the truth and is as narrow as asked.
      assertTrue(p.failWidth() < truth && truth <= p.passWidth(), p + " vs " + truth);
      assertTrue(p.passWidth() <= (1 + res) * p.failWidth() || p.passWidth() - p.failWidth()
          <= 1, p.toString());
      assertTrue(Math.abs(Math.log(p.mStar() / truth)) <= Math.log(1 + res), p.toString());
    }
  }

  @Test
  void recoversTheExponentOfAContinuousThresholdWithinTheResolution() throws Exception {
    // m*(n) = c n^p, continuous: on the coarse doubling grid the old grid answer was
    // quantized; the bisection recovers p.
    FakeTrial fake = new FakeTrial(0.37, 1.37, 0.0);
    long[] grid = {50, 100, 200, 400, 800, 1600, 3200, 6400, 12800};
    double res = 0.05;
    WidthSearch.Result r = new WidthSearch(grid, SEEDS, DATA, ReachRule.ALL, 1, res)
        .run(new int[] {40, 80, 160, 320, 640}, fake, o -> {});
    ExponentFit fit = ExponentFit.of(r.points(), 0.95);
    // log m* is within log(1 + res) / 2 of the truth, so the slope over log(640/40) is off by
    // at most log(1 + res) / log(16).
    assertEquals(1.37, fit.exponent(), Math.log(1 + res) / Math.log(16) + 1e-9);
  }

  @Test
  void extendsBelowTheGridAndReportsSizesAboveIt() throws Exception {
    FakeTrial fake = new FakeTrial(1.0, 1.0, 0.0);
    long[] grid = {50, 100, 200};
    List<RunOutcome> seen = new ArrayList<>();
    WidthSearch.Result r = new WidthSearch(grid, new long[] {0}, DATA, ReachRule.ALL, 1, 0.05)
        .run(new int[] {20, 1000}, fake, seen::add);
    WidthSearch.Point small = r.points().get(0);
    assertEquals(WidthSearch.Status.BRACKETED, small.status());
    assertTrue(small.failWidth() < 20 && 20 <= small.passWidth(), small.toString());
    assertEquals(WidthSearch.Status.NOT_FOUND, r.points().get(1).status());
    assertEquals(3, r.points().get(1).runs().size());
    assertEquals(r.runs().size(), seen.size());
    assertEquals(r.runs().size(), fake.calls.get());
    WidthSearch.Point one = new WidthSearch(grid, new long[] {0}, DATA, ReachRule.ALL, 1,
        0.05).run(new int[] {1}, fake, o -> {}).points().get(0);
    assertEquals(WidthSearch.Status.BELOW_GRID, one.status());
    assertEquals(1, one.passWidth());
  }

  @Test
  void midpointsAreRoundedToTheTrialsWidthMultiple() throws Exception {
    FakeTrial fake = new FakeTrial(1.0, 1.0, 0.0) {
      @Override
      public long widthMultiple() {
        return 2;
      }

      @Override
      public RunOutcome run(int n, long width, long seed, long dataSeed) {
        assertEquals(0, width % 2, "odd width " + width);
        return super.run(n, width, seed, dataSeed);
      }
    };
    WidthSearch.Point p = new WidthSearch(new long[] {10, 20, 40, 80}, new long[] {0}, DATA,
        ReachRule.ALL, 1, 0.01).run(new int[] {33}, fake, o -> {}).points().get(0);
    assertEquals(32, p.failWidth());
    assertEquals(34, p.passWidth());
  }

  @Test
  void parallelRunsGiveTheSameResultsInTheSameOrder() throws Exception {
    FakeTrial fake = new FakeTrial(0.5, 1.2, 0.2, 0.3);
    long[] grid = geometricGrid(5, 2, 12);
    int[] ns = {30, 60, 120, 240};
    long[] data = {4, 5};
    WidthSearch.Result one = new WidthSearch(grid, SEEDS, data, ReachRule.ALL, 1, 0.05)
        .run(ns, fake, o -> {});
    WidthSearch.Result four = new WidthSearch(grid, SEEDS, data, ReachRule.ALL, 4, 0.05)
        .run(ns, fake, o -> {});
    assertEquals(one.points(), four.points());
    assertEquals(one.runs(), four.runs());
    assertEquals(ns.length * SEEDS.length * data.length, one.points().size());
  }

  @Test
  void theRuleCombinesTheSeedsForTheTable() throws Exception {
    FakeTrial fake = new FakeTrial(0.5, 1.0, 0.3);
    WidthSearch.Result r = new WidthSearch(geometricGrid(10, 2, 10), SEEDS, DATA,
        ReachRule.ALL, 1, 0.05).run(new int[] {400}, fake, o -> {});
    double all = WidthSearch.aggregate(r.points(), ReachRule.ALL);
    double majority = WidthSearch.aggregate(r.points(), ReachRule.MAJORITY);
    assertEquals(r.points().get(2).mStar(), all, 0.0);
    assertEquals(r.points().get(1).mStar(), majority, 0.0);
  }

  @Test
  void aFailingRunStopsTheSearchWithItsError() {
    WidthTrial broken = (n, w, s, ds) -> {
      throw new IllegalStateException("boom at " + w);
    };
    Exception e = assertThrows(IllegalStateException.class,
        () -> new WidthSearch(new long[] {10}, SEEDS, DATA, ReachRule.ALL, 2, 0.05)
            .run(new int[] {5}, broken, o -> {}));
    assertEquals("boom at 10", e.getMessage());
  }

  @Test
  void refusesABadGrid() {
    assertThrows(IllegalArgumentException.class,
        () -> new WidthSearch(new long[] {10, 10}, SEEDS, DATA, ReachRule.ALL, 1, 0.05));
    assertThrows(IllegalArgumentException.class,
        () -> new WidthSearch(new long[] {}, SEEDS, DATA, ReachRule.ALL, 1, 0.05));
    assertThrows(IllegalArgumentException.class,
        () -> new WidthSearch(new long[] {10}, SEEDS, DATA, ReachRule.ALL, 0, 0.05));
    assertThrows(IllegalArgumentException.class,
        () -> new WidthSearch(new long[] {10}, SEEDS, DATA, ReachRule.ALL, 1, 0));
  }
}

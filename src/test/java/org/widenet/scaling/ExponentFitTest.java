package org.widenet.scaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The exponent over all (n, seed, data seed) points and its bootstrap interval. */
class ExponentFitTest {
  private static final long[] GRID = {8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096, 8192,
      16384};

  private static List<WidthSearch.Point> search(FakeTrial fake, int seeds, int dataSeeds,
      int[] ns) throws Exception {
    long[] s = new long[seeds];
    for (int i = 0; i < seeds; i++) {
      s[i] = i;
    }
    long[] d = new long[dataSeeds];
    for (int i = 0; i < dataSeeds; i++) {
      d[i] = 100 + i;
    }
    return new WidthSearch(GRID, s, d, ReachRule.ALL, 1, 0.02).run(ns, fake, o -> {})
        .points();
  }

  @Test
  void theBootstrapIntervalCoversTheTruthAndIsDeterministic() throws Exception {
    // Seeds scatter the threshold by up to e^0.4 around c n^1.5.
    FakeTrial fake = new FakeTrial(0.3, 1.5, 0.0, 0.4);
    List<WidthSearch.Point> pts = search(fake, 8, 1, new int[] {20, 40, 80, 160, 320});
    ExponentFit a = ExponentFit.of(pts, 0.95);
    assertEquals(40, a.points());
    assertEquals(5, a.sizes());
    assertTrue(a.hasInterval(), a.toString());
    assertTrue(a.ciLow() < 1.5 && 1.5 < a.ciHigh(), a.toString());
    assertTrue(a.ciLow() < a.exponent() && a.exponent() < a.ciHigh(), a.toString());
    assertTrue(a.ciHigh() - a.ciLow() < 0.5, a.toString());
    assertEquals(a, ExponentFit.of(pts, 0.95));
    List<WidthSearch.Point> reversed = new ArrayList<>(pts);
    java.util.Collections.reverse(reversed);
    assertEquals(a, ExponentFit.of(reversed, 0.95));
    // Another generator seed: another interval, close to it.
    ExponentFit b = ExponentFit.of(pts, 0.95, ExponentFit.REPLICATES, 7);
    assertNotEquals(a.ciLow(), b.ciLow());
    assertEquals(a.ciLow(), b.ciLow(), 0.1);
  }

  @Test
  void dataSeedsAloneAreResampledToo() throws Exception {
    FakeTrial fake = new FakeTrial(0.3, 1.2, 0.0, 0.3);
    ExponentFit f = ExponentFit.of(search(fake, 1, 6, new int[] {20, 40, 80, 160}), 0.95);
    assertTrue(f.hasInterval(), f.toString());
    assertTrue(f.ciLow() < 1.2 && 1.2 < f.ciHigh(), f.toString());
  }

  @Test
  void tooFewPointsSayWhyInsteadOfNaN() throws Exception {
    FakeTrial fake = new FakeTrial(0.3, 1.5, 0.0, 0.2);
    ExponentFit oneSeed = ExponentFit.of(search(fake, 1, 1, new int[] {20, 40, 80}), 0.95);
    assertTrue(oneSeed.hasExponent());
    assertFalse(oneSeed.hasInterval());
    assertTrue(oneSeed.ciNote().contains("needs >= 2 seeds"), oneSeed.ciNote());
    ExponentFit oneSize = ExponentFit.of(search(fake, 3, 1, new int[] {40}), 0.95);
    assertFalse(oneSize.hasExponent());
    assertFalse(oneSize.hasInterval());
    assertTrue(oneSize.note().contains("needs >= 2 sizes n"), oneSize.note());
    ExponentFit none = ExponentFit.of(List.of(), 0.95);
    assertFalse(none.hasExponent());
  }
}

package org.widenet.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LabelNoiseTest {
  private static double[] filled(int n, double v) {
    double[] y = new double[n];
    Arrays.fill(y, v);
    return y;
  }

  @Test
  void fractionZeroIsAnIdenticalCopy() {
    double[] y = {1, -1, 1, 1, -1};
    double[] out = LabelNoise.randomize(y, 0.0, 7);
    assertArrayEquals(y, out);
    assertNotSame(y, out);
  }

  @Test
  void fractionOneGivesPlusMinusOneAndFlipsAboutHalf() {
    int n = 2000;
    double[] ones = filled(n, 1.0);
    double[] out = LabelNoise.randomize(ones, 1.0, 42);
    int changed = 0;
    for (double v : out) {
      assertTrue(v == 1.0 || v == -1.0, "label " + v);
      changed += v != 1.0 ? 1 : 0;
    }
    // Binomial(2000, 1/2): mean 1000, sd 22.4; +-6 sd
    assertTrue(changed > 866 && changed < 1134, "changed " + changed);
    assertArrayEquals(filled(n, 1.0), ones, "input must not change");
  }

  @Test
  void exactlyRoundFractionTimesNRowsAreTouched() {
    // 0.5 is not a possible new label, so every touched row shows.
    for (double fraction : new double[] {0.3, 0.5, 0.999, 0.0005}) {
      for (int n : new int[] {1000, 7, 1}) {
        double[] out = LabelNoise.randomize(filled(n, 0.5), fraction, 3);
        long touched = Arrays.stream(out).filter(v -> v != 0.5).count();
        assertEquals(Math.round(fraction * n), touched, "fraction " + fraction + ", n " + n);
      }
    }
  }

  @Test
  void touchedRowsAreTheDocumentedSelectionAndLabelsFollowIt() {
    int n = 50;
    long seed = 11;
    double[] out = LabelNoise.randomize(filled(n, 0.5), 0.4, seed);
    SplittableRandom rng = new SplittableRandom(seed);
    int[] rows = LabelNoise.selectRows(n, 20, rng);
    boolean[] chosen = new boolean[n];
    for (int r : rows) {
      assertFalse(chosen[r], "row chosen twice: " + r);
      chosen[r] = true;
      assertEquals(rng.nextBoolean() ? 1.0 : -1.0, out[r], "row " + r);
    }
    for (int i = 0; i < n; i++) {
      assertEquals(!chosen[i], out[i] == 0.5, "row " + i);
    }
  }

  @Test
  void selectRowsWithKEqualToNIsAPermutation() {
    int[] rows = LabelNoise.selectRows(100, 100, new SplittableRandom(5));
    int[] sorted = rows.clone();
    Arrays.sort(sorted);
    for (int i = 0; i < 100; i++) {
      assertEquals(i, sorted[i]);
    }
    assertFalse(Arrays.equals(sorted, rows), "the order should be shuffled");
  }

  @Test
  void deterministicInTheSeed() {
    double[] y = new double[500];
    for (int i = 0; i < y.length; i++) {
      y[i] = i % 3 == 0 ? 1 : -1;
    }
    assertArrayEquals(LabelNoise.randomize(y, 0.5, 9), LabelNoise.randomize(y, 0.5, 9));
    assertFalse(Arrays.equals(LabelNoise.randomize(y, 0.5, 9), LabelNoise.randomize(y, 0.5, 10)));
  }

  @Test
  void badFractionNamesTheOption() {
    for (double bad : new double[] {-0.1, 1.0001, Double.NaN, Double.POSITIVE_INFINITY}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> LabelNoise.randomize(new double[] {1, -1}, bad, 0));
      assertTrue(e.getMessage().contains("--random-label-fraction"), e.getMessage());
    }
  }

  @Test
  void withLabelsKeepsFeaturesAndCopiesLabels() {
    Dataset data = new Dataset("src", 2, 2, new double[] {1, 2, 3, 4}, new double[] {1, 1});
    double[] y = {-1, 1};
    Dataset out = LabelNoise.withLabels(data, y, " (random)");
    assertEquals("src (random)", out.source());
    assertSame(data.x(), out.x());
    assertArrayEquals(new double[] {-1, 1}, out.y());
    y[0] = 5;
    assertEquals(-1, out.y()[0], "labels should be copied");
    assertEquals("src", LabelNoise.withLabels(data, y, null).source());
    assertThrows(DataException.class,
        () -> LabelNoise.withLabels(data, new double[] {1}, ""));
    DataException e = assertThrows(DataException.class,
        () -> LabelNoise.withLabels(data, new double[] {1, Double.NaN}, "!"));
    assertTrue(e.getMessage().contains("src!") && e.getMessage().contains("row 2"),
        e.getMessage());
  }
}

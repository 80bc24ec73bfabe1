package org.widenet.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.stat.descriptive.SummaryStatistics;
import org.junit.jupiter.api.Test;

/** MeanInterval against a plain computation with commons-math3 and a worked example. */
class MeanIntervalTest {
  @Test
  void workedExample() {
    // 1, 2, 3, 4, 5: mean 3, sd sqrt(2.5), t_{0.975,4} = 2.776445105.
    MeanInterval ci = MeanInterval.of(new double[] {1, 2, 3, 4, 5}, 0.95);
    double half = 2.776445105 * Math.sqrt(2.5) / Math.sqrt(5);
    assertEquals(3.0, ci.mean(), 1e-15);
    assertEquals(Math.sqrt(2.5), ci.sd(), 1e-15);
    assertEquals(3 - half, ci.low(), 1e-8);
    assertEquals(3 + half, ci.high(), 1e-8);
    assertEquals(5, ci.count());
  }

  @Test
  void matchesReferenceOnRandomSamples() {
    Random rng = new Random(11);
    for (int trial = 0; trial < 50; trial++) {
      int k = 2 + rng.nextInt(20);
      double[] v = new double[k];
      SummaryStatistics ref = new SummaryStatistics();
      for (int i = 0; i < k; i++) {
        v[i] = 5 * rng.nextGaussian() + 2;
        ref.addValue(v[i]);
      }
      double level = 0.8 + 0.19 * rng.nextDouble();
      MeanInterval ci = MeanInterval.of(v, level);
      double half = new TDistribution(k - 1).inverseCumulativeProbability(0.5 + level / 2)
          * ref.getStandardDeviation() / Math.sqrt(k);
      assertEquals(ref.getMean(), ci.mean(), 1e-12);
      assertEquals(ref.getMean() - half, ci.low(), 1e-7);
      assertEquals(ref.getMean() + half, ci.high(), 1e-7);
    }
  }

  @Test
  void coversTheTrueMeanAboutNinetyFivePercentOfTheTime() {
    Random rng = new Random(5);
    int covered = 0;
    int trials = 2000;
    for (int t = 0; t < trials; t++) {
      double[] v = new double[5];
      for (int i = 0; i < v.length; i++) {
        v[i] = 1.0 + rng.nextGaussian();
      }
      MeanInterval ci = MeanInterval.of(v, 0.95);
      covered += ci.low() <= 1.0 && 1.0 <= ci.high() ? 1 : 0;
    }
    double rate = covered / (double) trials;
    assertTrue(rate > 0.93 && rate < 0.97, "coverage " + rate);
  }

  @Test
  void oneValueHasNoIntervalAndBadInputIsRefused() {
    MeanInterval one = MeanInterval.of(new double[] {4}, 0.95);
    assertEquals(4, one.mean());
    assertTrue(Double.isNaN(one.low()) && Double.isNaN(one.high()));
    assertThrows(IllegalArgumentException.class, () -> MeanInterval.of(new double[0], 0.95));
    assertThrows(IllegalArgumentException.class,
        () -> MeanInterval.of(new double[] {1, Double.NaN}, 0.95));
  }
}

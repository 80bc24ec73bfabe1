package org.widenet.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.apache.commons.math3.distribution.TDistribution;
import org.junit.jupiter.api.Test;

/** StudentT against commons-math3's TDistribution and printed table values. */
class StudentTTest {
  @Test
  void quantilesMatchTheTable() {
    assertEquals(12.706204736, StudentT.quantile(0.975, 1), 1e-8);
    assertEquals(4.302652730, StudentT.quantile(0.975, 2), 1e-8);
    assertEquals(2.776445105, StudentT.quantile(0.975, 4), 1e-8);
    assertEquals(2.228138852, StudentT.quantile(0.975, 10), 1e-8);
    assertEquals(-1.812461123, StudentT.quantile(0.05, 10), 1e-8);
    assertEquals(0.0, StudentT.quantile(0.5, 3), 0.0);
  }

  @Test
  void cdfAndQuantileMatchCommonsMathOnRandomInputs() {
    Random rng = new Random(3);
    for (int i = 0; i < 200; i++) {
      double df = 0.5 + 60 * rng.nextDouble();
      TDistribution ref = new TDistribution(null, df, 1e-14);
      double t = 8 * rng.nextGaussian();
      assertEquals(ref.cumulativeProbability(t), StudentT.cdf(t, df), 1e-10, "df " + df);
      double p = 0.001 + 0.998 * rng.nextDouble();
      double q = StudentT.quantile(p, df);
      assertEquals(ref.inverseCumulativeProbability(p), q, 1e-7 * Math.max(1, Math.abs(q)));
      assertEquals(p, StudentT.cdf(q, df), 1e-10);
    }
  }

  @Test
  void logGammaMatchesFactorials() {
    double f = 1;
    for (int k = 1; k < 20; k++) {
      f *= k;
      assertEquals(Math.log(f), StudentT.logGamma(k + 1), 1e-12 * Math.max(1, Math.log(f)));
    }
    assertEquals(0.5 * Math.log(Math.PI), StudentT.logGamma(0.5), 1e-13);
  }

  @Test
  void rejectsBadArguments() {
    assertThrows(IllegalArgumentException.class, () -> StudentT.quantile(1.0, 3));
    assertThrows(IllegalArgumentException.class, () -> StudentT.quantile(0.5, 0));
    assertThrows(IllegalArgumentException.class, () -> StudentT.cdf(1, -1));
  }
}

package org.widenet.scaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.apache.commons.math3.stat.regression.SimpleRegression;
import org.junit.jupiter.api.Test;

/** The exponent fit against an exact power law, commons-math3's regression and coverage. */
class PowerLawFitTest {
  @Test
  void exactPowerLawGivesItsExponentAndAZeroWidthInterval() {
    double[] n = {100, 200, 400, 800};
    double[] m = new double[n.length];
    for (int i = 0; i < n.length; i++) {
      m[i] = 3.0 * Math.pow(n[i], 1.5);
    }
    PowerLawFit fit = PowerLawFit.fit(n, m, 0.95);
    assertEquals(1.5, fit.exponent(), 1e-12);
    assertEquals(Math.log(3.0), fit.intercept(), 1e-10);
    assertEquals(1.5, fit.ciLow(), 1e-6);
    assertEquals(1.5, fit.ciHigh(), 1e-6);
    assertEquals(3.0 * Math.pow(300, 1.5), fit.predict(300), 1e-6);
  }

  @Test
  void matchesPlainRegressionOnNoisyPowerLaws() {
    Random rng = new Random(7);
    for (int trial = 0; trial < 30; trial++) {
      int k = 3 + rng.nextInt(6);
      double p = 0.5 + 2 * rng.nextDouble();
      double[] n = new double[k];
      double[] m = new double[k];
      SimpleRegression ref = new SimpleRegression();
      for (int i = 0; i < k; i++) {
        n[i] = 50 * Math.pow(2, i);
        m[i] = 10 * Math.pow(n[i], p) * Math.exp(0.2 * rng.nextGaussian());
        ref.addData(Math.log(n[i]), Math.log(m[i]));
      }
      PowerLawFit fit = PowerLawFit.fit(n, m, 0.95);
      double half = ref.getSlopeConfidenceInterval(0.05);
      assertEquals(ref.getSlope(), fit.exponent(), 1e-10);
      assertEquals(ref.getSlopeStdErr(), fit.standardError(), 1e-10);
      assertEquals(ref.getSlope() - half, fit.ciLow(), 1e-7);
      assertEquals(ref.getSlope() + half, fit.ciHigh(), 1e-7);
    }
  }

  @Test
  void intervalCoversTheTrueExponentAboutNinetyFivePercentOfTheTime() {
    Random rng = new Random(1);
    int covered = 0;
    int trials = 1000;
    double[] n = {100, 200, 400, 800, 1600};
    for (int t = 0; t < trials; t++) {
      double[] m = new double[n.length];
      for (int i = 0; i < n.length; i++) {
        m[i] = Math.pow(n[i], 1.5) * Math.exp(0.3 * rng.nextGaussian());
      }
      PowerLawFit fit = PowerLawFit.fit(n, m, 0.95);
      covered += fit.ciLow() <= 1.5 && 1.5 <= fit.ciHigh() ? 1 : 0;
    }
    double rate = covered / (double) trials;
    assertTrue(rate > 0.93 && rate < 0.97, "coverage " + rate);
  }

  @Test
  void twoPointsGiveTheSlopeWithoutAnIntervalAndBadInputIsRefused() {
    PowerLawFit two = PowerLawFit.fit(new double[] {10, 100}, new double[] {5, 500}, 0.95);
    assertEquals(2.0, two.exponent(), 1e-12);
    assertTrue(Double.isNaN(two.ciLow()));
    assertTrue(Double.isNaN(PowerLawFit.fit(new double[] {10}, new double[] {5}, 0.95)
        .exponent()));
    assertThrows(IllegalArgumentException.class,
        () -> PowerLawFit.fit(new double[] {10, 0}, new double[] {5, 5}, 0.95));
    assertThrows(IllegalArgumentException.class,
        () -> PowerLawFit.fit(new double[] {10, 10}, new double[] {5, 6}, 0.95));
  }
}

package org.widenet.smooth;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Bad input to the Java entry point stops before training with one clear message. */
class SmoothRegressionInputTest {
  private static String failure(double[] x, double[] y, int n, int d, int k,
      SmoothSettings s) {
    return assertThrows(IllegalArgumentException.class,
        () -> SmoothRegression.fit(x, y, n, d, k, s)).getMessage();
  }

  @Test
  void namesTheBadNumberOrShape() {
    SmoothSettings s = SmoothSettings.defaults().withWidth(4).withIterations(1);
    double[] x = {1, 2, 3, Double.NaN, 5, 6};
    assertTrue(failure(x, new double[3], 3, 2, 1, s).contains("row 0, column 1"));
    assertTrue(failure(new double[6], new double[4], 3, 2, 1, s).contains("n x k"));
    double[] y = {0, Double.POSITIVE_INFINITY, 0, 0, 0, 0};
    assertTrue(failure(new double[6], y, 3, 2, 2, s).contains("row 1, output 0"));
  }

  @Test
  void rejectsBadSettings() {
    assertThrows(IllegalArgumentException.class,
        () -> SmoothSettings.defaults().withWidth(4).withBlocks(5));
    assertThrows(IllegalArgumentException.class,
        () -> SmoothSettings.defaults().withGramEvery(0));
    assertThrows(IllegalArgumentException.class,
        () -> SmoothSettings.defaults().withLearningRate(-1));
    SmoothSettings.defaults().withLazy(false).withLearningRate(0.1).withGramEvery(0);
  }
}

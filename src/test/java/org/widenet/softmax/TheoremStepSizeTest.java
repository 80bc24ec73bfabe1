package org.widenet.softmax;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Theorem 4.2's step size in log space against a hand computation. */
class TheoremStepSizeTest {
  @Test
  void matchesTheFormulaWrittenOut() {
    // n = 100, d = 10, sigma = 1: B = 10 sqrt(log(1000 / 0.1)) = 10 sqrt(log 1e4) = 30.349...
    double b = 10 * Math.sqrt(Math.log(1e4));
    assertEquals(b, TheoremStepSize.b(1.0, 100, 10), 1e-12);
    // lambda_min(J J^T) = 2 and m = 1000: lambda = 0.002, eta = 0.1 * 0.002 / (1000 * 1e4 * 100
    // * e^{16 B}), log10 = log10(2e-4) - 9 - 16 B / ln 10.
    double expected = Math.log10(2e-4) - 9 - 16 * b / Math.log(10);
    assertEquals(expected, TheoremStepSize.log10(2.0, 1000, 100, 10, 1.0), 1e-12);
    assertEquals(1.0, TheoremStepSize.b(0.0, 5, 5), 0.0);
  }
}

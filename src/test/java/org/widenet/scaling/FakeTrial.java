package org.widenet.scaling;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A trial with a known answer: seed s reaches the target exactly when
 * width &gt;= c * n^p * (1 + jitter * s), so the true threshold of every (n, seed) is known.
 */
final class FakeTrial implements WidthTrial {
  final double c;
  final double p;
  final double jitter;
  final AtomicInteger calls = new AtomicInteger();

  FakeTrial(double c, double p, double jitter) {
    this.c = c;
    this.p = p;
    this.jitter = jitter;
  }

  double threshold(int n, long seed) {
    return c * Math.pow(n, p) * (1 + jitter * seed);
  }

  @Override
  public RunOutcome run(int n, long width, long seed) {
    calls.incrementAndGet();
    boolean reached = width >= threshold(n, seed);
    return new RunOutcome(n, width, seed, 1.0, reached ? 0.001 : 0.5, reached ? 7 : -1,
        1.0 / n, 2.0, 1.0 / Math.sqrt(width), 1.0, 1.0 / width, 0.0);
  }
}

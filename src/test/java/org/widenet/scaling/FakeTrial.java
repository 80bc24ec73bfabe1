package org.widenet.scaling;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A trial with a known answer: seed s on data seed ds reaches the target exactly when
 * width &gt;= c * n^p * (1 + jitter * s) * exp(noise * z(n, s, ds)), z a fixed pseudo-random
 * number in [-1, 1], so the true threshold of every (n, seed, data seed) is known.
 */
class FakeTrial implements WidthTrial {
  final double c;
  final double p;
  final double jitter;
  final double noise;
  final AtomicInteger calls = new AtomicInteger();

  FakeTrial(double c, double p, double jitter) {
    this(c, p, jitter, 0.0);
  }

  FakeTrial(double c, double p, double jitter, double noise) {
    this.c = c;
    this.p = p;
    this.jitter = jitter;
    this.noise = noise;
  }

  double threshold(int n, long seed) {
    return threshold(n, seed, 0);
  }

  double threshold(int n, long seed, long dataSeed) {
    long h = n * 0x9E3779B97F4A7C15L + seed * 0xC2B2AE3D27D4EB4FL + dataSeed * 0x165667B1L;
    h ^= h >>> 31;
    h *= 0xD6E8FEB86659FD93L;
    h ^= h >>> 32;
    double z = ((h >>> 11) * 0x1.0p-53) * 2 - 1;
    return c * Math.pow(n, p) * (1 + jitter * seed) * Math.exp(noise * z);
  }

  @Override
  public RunOutcome run(int n, long width, long seed, long dataSeed) {
    calls.incrementAndGet();
    boolean reached = width >= threshold(n, seed, dataSeed);
    return new RunOutcome(n, width, seed, 1.0, reached ? 0.001 : 0.5, reached ? 7 : -1,
        1.0 / n, 2.0, 1.0 / Math.sqrt(width), 1.0, 1.0 / width, 0.0);
  }
}

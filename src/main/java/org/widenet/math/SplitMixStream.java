package org.widenet.math;

import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * The stream of {@code new SplittableRandom(seed)}, re-seedable and drawn inline: every family
 * initializes neuron r from such a stream seeded by a mix of (seed, r), and a block pass that
 * does not keep W(0) draws it again from it for the movement statistics, so the draws are on
 * the step's path.
 *
 * <p>SplittableRandom is SplitMix64 (seed += the golden gamma, then mix64); nextBoolean is the
 * sign of mix32; JDK 17+ draws a Gaussian with McFarland's ziggurat: one nextLong u, layer
 * i = u &amp; 255, and for i &lt; 253 (98.8% of draws) the value normalX[i] * u. That fast path
 * runs here, with the table read back from the JDK itself; every other draw is the JDK's own
 * code ({@link RandomGenerator#nextGaussian()}) on this stream rewound to the same state. So
 * every draw is SplittableRandom's to the bit; a check against SplittableRandom when this class
 * loads turns the fast path off if any draw differs (another JDK's algorithm).
 *
 * <p>One stream per pass replaces a SplittableRandom (and what it allocates) per neuron. Not
 * thread-safe: one per thread.
 */
public final class SplitMixStream implements RandomGenerator {
  private static final long GAMMA = 0x9E3779B97F4A7C15L; // SplittableRandom's golden gamma
  private static final int FAST_LAYERS = 253;
  private static final double[] NORMAL_X = new double[FAST_LAYERS];
  private static final boolean FAST = readTable() && selfCheck();

  private long seed;

  /** A stream that starts as {@code new SplittableRandom(seed)}. */
  public SplitMixStream(long seed) {
    this.seed = seed;
  }

  /** Restarts the stream as {@code new SplittableRandom(s)} would start. */
  public SplitMixStream reset(long s) {
    seed = s;
    return this;
  }

  /**
   * The seed of stream {@code stream} of a family's {@code seed}: Stafford's mix13 of
   * seed + gamma (stream + 1), well spread for neighbouring neurons. Every family seeds
   * neuron r's stream (pair r / 2's, symmetric) with it, salting {@code seed} to keep families
   * apart.
   */
  public static long streamSeed(long seed, long stream) {
    return mix64(seed + GAMMA * (stream + 1));
  }

  /** Whether the inline Gaussian draws passed their check against this JDK's. */
  public static boolean inlineGaussians() {
    return FAST;
  }

  @Override
  public long nextLong() {
    return mix64(seed += GAMMA);
  }

  @Override
  public boolean nextBoolean() {
    return mix32(seed += GAMMA) < 0;
  }

  @Override
  public double nextGaussian() {
    return FAST ? inlineGaussian() : RandomGenerator.super.nextGaussian();
  }

  /** Writes {@code scale * nextGaussian()} into w[offset .. offset + count). */
  public void fillGaussians(double scale, double[] w, int offset, int count) {
    for (int k = 0; k < count; k++) {
      w[offset + k] = scale * nextGaussian();
    }
  }

  private static long mix64(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  private static int mix32(long z) {
    z = (z ^ (z >>> 33)) * 0x62A9D9ED799705F5L;
    return (int) (((z ^ (z >>> 28)) * 0xCB24D0A5C88C35B3L) >>> 32);
  }

  /**
   * normalX[i] from the JDK's own nextGaussian: fed u = 2^62 + i (which converts to exactly
   * 2^62), the fast path returns normalX[i] * 2^62, exact, so normalX[i] is that times 2^-62.
   */
  private static boolean readTable() {
    try {
      for (int i = 0; i < FAST_LAYERS; i++) {
        long[] calls = {0};
        long u = (1L << 62) + i;
        RandomGenerator probe = () -> {
          calls[0]++;
          return calls[0] == 1 ? u : 0x5DEECE66DL * calls[0];
        };
        double g = probe.nextGaussian();
        if (calls[0] != 1 || !Double.isFinite(g)) {
          return false;
        }
        NORMAL_X[i] = Math.scalb(g, -62);
      }
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  /**
   * Whether this stream's draws (nextBoolean, then Gaussians, slow layers included) equal
   * SplittableRandom's for many seeds, through {@link #inlineGaussian} (FAST is still false
   * while this runs).
   */
  private static boolean selfCheck() {
    for (long stream = 0; stream < 48; stream++) {
      long init = stream * 0x2545F4914F6CDD1DL - 3;
      SplittableRandom jdk = new SplittableRandom(init);
      SplitMixStream mine = new SplitMixStream(init);
      if (mine.nextBoolean() != jdk.nextBoolean()) {
        return false;
      }
      for (int k = 0; k < 4096; k++) {
        if (Double.doubleToRawLongBits(mine.inlineGaussian())
            != Double.doubleToRawLongBits(jdk.nextGaussian())) {
          return false;
        }
      }
    }
    return true;
  }

  /** nextGaussian with the ziggurat's fast path inline, the JDK's code for the rest. */
  private double inlineGaussian() {
    long u = mix64(seed += GAMMA);
    int layer = (int) (u & 255L);
    if (layer < FAST_LAYERS) {
      return NORMAL_X[layer] * u;
    }
    seed -= GAMMA;
    return RandomGenerator.super.nextGaussian();
  }
}

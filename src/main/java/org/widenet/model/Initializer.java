package org.widenet.model;

import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * Initial weights as a pure function of (seed, neuron index): any block can be rebuilt on
 * any executor, W(0) never needs storing, and the block layout does not change the network.
 *
 * <p>Neuron r draws from its own {@link SplittableRandom} seeded by a mix of (seed, r): first the
 * sign a_r, then the d entries of w_r as N(0, initScale^2). With symmetric initialization
 * (Gao et al. Definition 4.3) neurons 2k and 2k+1 share the stream of pair k: equal w, and
 * a_{2k+1} = -a_{2k}.
 *
 * <p>The block step regenerates W(0) every iteration for the movement statistics, so the draws
 * are on its path. {@link ExactStream} makes them inline: the same bits as SplittableRandom's
 * nextBoolean and nextGaussian, checked against the JDK's own SplittableRandom when this class
 * loads (the JDK path is used if they ever differ).
 */
public final class Initializer {
  private static final long GOLDEN = 0x9E3779B97F4A7C15L;

  private Initializer() {}

  /**
   * Fills the initial weights of neurons [firstNeuron, firstNeuron + count).
   *
   * @param w overwritten: d x count column-major, column j is neuron firstNeuron + j
   * @param a overwritten: count output weights in {-1, +1}
   */
  public static void fill(NetworkSpec spec, int d, long firstNeuron, int count, double[] w, double[] a) {
    boolean fast = ExactStream.ENABLED;
    double scale = spec.initScale();
    for (int j = 0; j < count; j++) {
      long r = firstNeuron + j;
      long stream = spec.symmetricInit() ? r / 2 : r;
      int offset = j * d;
      if (spec.symmetricInit() && (r & 1L) == 1L && j > 0) {
        // The second neuron of a pair whose first is in this range: the same stream, so the
        // same draws; only the sign flips.
        a[j] = -a[j - 1];
        System.arraycopy(w, offset - d, w, offset, d);
        continue;
      }
      double sign;
      if (fast) {
        sign = ExactStream.fillGaussians(mix(spec.seed(), stream), scale, w, offset, d);
      } else {
        SplittableRandom rng = new SplittableRandom(mix(spec.seed(), stream));
        sign = rng.nextBoolean() ? 1.0 : -1.0;
        for (int k = 0; k < d; k++) {
          w[offset + k] = scale * rng.nextGaussian();
        }
      }
      if (spec.symmetricInit() && (r & 1L) == 1L) {
        sign = -sign;
      }
      a[j] = sign;
    }
  }

  /** The initial weight matrix of a neuron range, freshly allocated (d x count). */
  public static double[] initialWeights(NetworkSpec spec, int d, long firstNeuron, int count) {
    double[] w = new double[d * count];
    fill(spec, d, firstNeuron, count, w, new double[count]);
    return w;
  }

  /** Stafford's mix13 of seed and stream index: well-spread seeds for neighbouring neurons. */
  static long mix(long seed, long stream) {
    long z = seed + GOLDEN * (stream + 1);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** Whether {@link #fill} takes the inline draws (false only if the self-check failed). */
  static boolean exactStreamEnabled() {
    return ExactStream.ENABLED;
  }

  /**
   * {@code new SplittableRandom(seed)}'s nextBoolean, then its nextGaussian, inline. The
   * generator is SplitMix64 (seed += gamma, then mix64; nextBoolean is mix32's sign), and JDK 17+
   * draws a Gaussian with McFarland's ziggurat: one nextLong u, layer i = u & 255, and for
   * i < 253 (98.8% of draws) the value normalX[i] * u. That fast path runs here, with the
   * table read back from the JDK itself; every other draw is handed to the JDK's own code
   * ({@link RandomGenerator#nextGaussian()}) on a generator rewound to the same state, so
   * every draw is the JDK's to the bit. If the check at class load finds any difference
   * (another JDK's algorithm), ENABLED is false and fill uses SplittableRandom directly.
   */
  static final class ExactStream implements RandomGenerator {
    private static final long GAMMA = 0x9E3779B97F4A7C15L; // SplittableRandom's golden gamma
    private static final int FAST_LAYERS = 253;
    private static final double[] NORMAL_X = new double[FAST_LAYERS];
    static final boolean ENABLED = readTable() && selfCheck();

    private long seed;

    private ExactStream(long seed) {
      this.seed = seed;
    }

    @Override
    public long nextLong() {
      return mix64(seed += GAMMA);
    }

    private double jdkGaussian() {
      return RandomGenerator.super.nextGaussian();
    }

    /**
     * Writes {@code scale * nextGaussian()} d times into w from offset, after one nextBoolean;
     * returns the sign that nextBoolean gives (+1 for true), all for new SplittableRandom(init).
     */
    static double fillGaussians(long init, double scale, double[] w, int offset, int d) {
      long s = init + GAMMA;
      double sign = mix32(s) < 0 ? 1.0 : -1.0;
      double[] table = NORMAL_X;
      for (int k = 0; k < d; k++) {
        s += GAMMA;
        long u = mix64(s);
        int layer = (int) (u & 255L);
        double g;
        if (layer < FAST_LAYERS) {
          g = table[layer] * u;
        } else {
          ExactStream slow = new ExactStream(s - GAMMA);
          g = slow.jdkGaussian();
          s = slow.seed;
        }
        w[offset + k] = scale * g;
      }
      return sign;
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

    /** Whether the inline draws equal SplittableRandom's for many streams (slow paths too). */
    private static boolean selfCheck() {
      double[] mine = new double[4096];
      for (long stream = 0; stream < 48; stream++) {
        long init = mix(stream * 7919L - 3, stream);
        SplittableRandom jdk = new SplittableRandom(init);
        double sign = fillGaussians(init, 1.0, mine, 0, mine.length);
        if (sign != (jdk.nextBoolean() ? 1.0 : -1.0)) {
          return false;
        }
        for (double v : mine) {
          if (Double.doubleToRawLongBits(v) != Double.doubleToRawLongBits(jdk.nextGaussian())) {
            return false;
          }
        }
      }
      return true;
    }
  }
}

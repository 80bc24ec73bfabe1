package org.widenet.softmax;

import org.widenet.math.SplitMixStream;

/**
 * Initial softmax2 weights as a pure function of (seed, neuron), like
 * {@link org.widenet.model.Initializer}: neuron r draws from its own
 * {@link java.util.SplittableRandom} stream ({@link SplitMixStream}) seeded by a mix of
 * (seed, r), first its k output signs a_{1..k, r}, then the d entries of w_r as N(0, sigma^2). With the symmetric initialization (Definition 3.7) neurons 2p and 2p+1
 * share the stream of pair p: equal w and opposite signs.
 */
public final class SoftmaxInit {
  /** Keeps softmax2 streams apart from the scalar families' streams of the same seed. */
  private static final long SALT = 0x736F66746D617832L;

  private SoftmaxInit() {}

  /**
   * Fills the initial weights of neurons [first, first + count).
   *
   * @param w overwritten: d x count column-major, column j is neuron first + j
   * @param a overwritten: k x count column-major, column j holds the signs of neuron first + j
   */
  public static void fill(SoftmaxSpec spec, int d, long first, int count, double[] w,
      double[] a) {
    fill(spec, d, first, count, w, 0, a);
  }

  /** Like {@link #fill(SoftmaxSpec, int, long, int, double[], double[])}, from w[wOffset] on. */
  public static void fill(SoftmaxSpec spec, int d, long first, int count, double[] w,
      int wOffset, double[] a) {
    int k = spec.outputs();
    SplitMixStream rng = new SplitMixStream(0L);
    for (int j = 0; j < count; j++) {
      long r = first + j;
      long stream = spec.symmetric() ? r / 2 : r;
      rng.reset(mix(spec.seed() ^ SALT, stream));
      boolean flip = spec.symmetric() && (r & 1L) == 1L;
      for (int l = 0; l < k; l++) {
        double sign = rng.nextBoolean() ? 1.0 : -1.0;
        a[l + j * k] = flip ? -sign : sign;
      }
      rng.fillGaussians(spec.sigma(), w, wOffset + j * d, d);
    }
  }

  /** Stafford's mix13 of seed and stream index. */
  static long mix(long seed, long stream) {
    return SplitMixStream.streamSeed(seed, stream);
  }
}

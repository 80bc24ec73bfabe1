package org.widenet.model;

import org.widenet.math.SplitMixStream;

/**
 * Initial weights as a pure function of (seed, neuron index): any block can be rebuilt on
 * any executor, W(0) never needs storing, and the block layout does not change the network.
 *
 * <p>Neuron r draws from its own {@link java.util.SplittableRandom} stream seeded by a mix of
 * (seed, r): first the sign a_r, then the d entries of w_r as N(0, initScale^2). With symmetric
 * initialization
 * (Gao et al. Definition 4.3) neurons 2k and 2k+1 share the stream of pair k: equal w, and
 * a_{2k+1} = -a_{2k}.
 *
 * <p>A block step that does not keep W(0) ({@link KeptInitialWeights}) draws it again every
 * iteration for the movement statistics, so the draws are on its path: {@link SplitMixStream}
 * draws them inline, one stream re-seeded per neuron, with the same bits as SplittableRandom.
 */
public final class Initializer {

  private Initializer() {}

  /**
   * Fills the initial weights of neurons [firstNeuron, firstNeuron + count).
   *
   * @param w overwritten: d x count column-major, column j is neuron firstNeuron + j
   * @param a overwritten: count output weights in {-1, +1}
   */
  public static void fill(NetworkSpec spec, int d, long firstNeuron, int count, double[] w,
      double[] a) {
    fill(spec, d, firstNeuron, count, w, 0, a);
  }

  /**
   * Like {@link #fill(NetworkSpec, int, long, int, double[], double[])}, with the weights
   * written from {@code w[wOffset]} on (column j at wOffset + j d).
   */
  public static void fill(NetworkSpec spec, int d, long firstNeuron, int count, double[] w,
      int wOffset, double[] a) {
    SplitMixStream rng = new SplitMixStream(0L);
    double scale = spec.initScale();
    for (int j = 0; j < count; j++) {
      long r = firstNeuron + j;
      long stream = spec.symmetricInit() ? r / 2 : r;
      int offset = wOffset + j * d;
      if (spec.symmetricInit() && (r & 1L) == 1L && j > 0) {
        // The second neuron of a pair whose first is in this range: the same stream, so the
        // same draws; only the sign flips.
        a[j] = -a[j - 1];
        System.arraycopy(w, offset - d, w, offset, d);
        continue;
      }
      rng.reset(mix(spec.seed(), stream));
      double sign = rng.nextBoolean() ? 1.0 : -1.0;
      rng.fillGaussians(scale, w, offset, d);
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
    return SplitMixStream.streamSeed(seed, stream);
  }
}

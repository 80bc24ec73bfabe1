package org.widenet.smooth;

import org.widenet.math.SplitMixStream;

/**
 * Initial weights of smooth2 as a pure function of (seed, neuron), like
 * {@link org.widenet.model.Initializer}: neuron r draws, from the stream of a
 * {@link java.util.SplittableRandom} seeded by a mix of (seed, r) ({@link SplitMixStream}),
 * first the d0 entries of w_r as N(0, omega1^2), then the k entries of v_r as N(0, omega2^2). The same
 * standard normals are scaled by omega1 and omega2, so runs that differ only in the omegas start
 * from proportional weights.
 */
public final class SmoothInitializer {
  private static final long SMOOTH_SALT = 0x5DEECE66DL;

  private SmoothInitializer() {}

  /**
   * Fills the initial weights of neurons [firstNeuron, firstNeuron + count).
   *
   * @param w overwritten: d0 x count column-major, column j is w_r of neuron firstNeuron + j
   * @param v overwritten: k x count column-major, column j is v_r
   */
  public static void fill(SmoothSpec spec, long firstNeuron, int count, double[] w, double[] v) {
    fill(spec, firstNeuron, count, w, v, new SplitMixStream(0L));
  }

  /** {@link #fill(SmoothSpec, long, int, double[], double[])} drawing from {@code rng}. */
  static void fill(SmoothSpec spec, long firstNeuron, int count, double[] w, double[] v,
      SplitMixStream rng) {
    int d0 = spec.d0();
    int k = spec.k();
    for (int j = 0; j < count; j++) {
      rng.reset(mix(spec.seed(), firstNeuron + j));
      for (int i = 0; i < d0; i++) {
        w[j * d0 + i] = spec.omega1() * rng.nextGaussian();
      }
      for (int c = 0; c < k; c++) {
        v[j * k + c] = spec.omega2() * rng.nextGaussian();
      }
    }
  }

  /** Stafford's mix13 of (seed, stream), salted so smooth2 and relu2 streams differ. */
  static long mix(long seed, long stream) {
    return SplitMixStream.streamSeed(seed ^ SMOOTH_SALT, stream);
  }
}

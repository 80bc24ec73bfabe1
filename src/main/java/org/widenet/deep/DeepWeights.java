package org.widenet.deep;

import java.util.SplittableRandom;

/**
 * Initial weights as a pure function of (seed, layer, row), like model/Initializer: row r of
 * layer l (1..L) draws its fan-in entries N(0, 2/m) from its own {@link SplittableRandom}; the
 * output sign a_r comes from the stream of layer 0. Any block can regenerate any row, so
 * frozen layers are never stored.
 */
public final class DeepWeights {
  private static final long GOLDEN = 0x9E3779B97F4A7C15L;

  private DeepWeights() {}

  /** Fills out[0, fanIn(layer)) with row r of W_layer(0). */
  public static void row(DeepSpec spec, int layer, long r, double[] out) {
    SplittableRandom rng = new SplittableRandom(mix(mix(spec.seed(), layer), r));
    double std = spec.weightStd();
    int fanIn = spec.fanIn(layer);
    for (int k = 0; k < fanIn; k++) {
      out[k] = std * rng.nextGaussian();
    }
  }

  /** a_r in {-1, +1}. */
  public static double sign(DeepSpec spec, long r) {
    return new SplittableRandom(mix(mix(spec.seed(), 0), r)).nextBoolean() ? 1.0 : -1.0;
  }

  /** Stafford's mix13 of a seed and a stream index. */
  static long mix(long seed, long stream) {
    long z = seed + GOLDEN * (stream + 1);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}

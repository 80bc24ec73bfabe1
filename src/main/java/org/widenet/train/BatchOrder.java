package org.widenet.train;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The mini-batches of SGD: epoch e visits the rows in a Fisher-Yates shuffle drawn from a
 * generator seeded by (seed, e), cut into consecutive batches of the batch size (the last one
 * smaller when the size does not divide n). The order depends on (seed, epoch, n, batch size)
 * only, never on the block count or the run.
 */
public final class BatchOrder {
  private static final long SHUFFLE_SALT = 0x2545F4914F6CDD1DL;

  private BatchOrder() {}

  /** The batches (so the steps) of one epoch: n rows cut into batches of batchSize. */
  public static int stepsPerEpoch(int n, int batchSize) {
    return (n + batchSize - 1) / batchSize;
  }

  /** A permutation of 0..n-1 for epoch {@code epoch} (1-based or not: any int). */
  public static int[] permutation(long seed, int epoch, int n) {
    int[] perm = new int[n];
    for (int i = 0; i < n; i++) {
      perm[i] = i;
    }
    SplittableRandom rng = new SplittableRandom(mix(seed ^ SHUFFLE_SALT, epoch));
    for (int i = n - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int tmp = perm[i];
      perm[i] = perm[j];
      perm[j] = tmp;
    }
    return perm;
  }

  /** Stafford's mix13 of (seed, stream). */
  private static long mix(long seed, long stream) {
    long z = seed + 0x9E3779B97F4A7C15L * (stream + 1);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** The batches of epoch {@code epoch}, in the order they are visited. */
  public static List<int[]> batches(long seed, int epoch, int n, int batchSize) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("--batch-size must be >= 1, got " + batchSize);
    }
    int[] perm = permutation(seed, epoch, n);
    List<int[]> out = new ArrayList<>();
    for (int start = 0; start < n; start += batchSize) {
      int end = Math.min(n, start + batchSize);
      int[] batch = new int[end - start];
      System.arraycopy(perm, start, batch, 0, batch.length);
      out.add(batch);
    }
    return out;
  }
}

package org.widenet.data;

import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Label corruption for the random-label experiments of Arora et al. (2019) and Zhang et al.
 * (2017): a chosen fraction of the rows get a label drawn uniformly from {-1, +1}.
 */
public final class LabelNoise {
  private LabelNoise() {}

  /**
   * New labels in which {@code k = Math.round(fraction * n)} rows get a uniform random label.
   *
   * <p>The draw order, from one {@code new SplittableRandom(seed)}: first the k rows are chosen
   * uniformly without replacement by a partial Fisher-Yates shuffle of {@code 0..n-1} (see
   * {@link #selectRows}: for {@code t = 0..k-1}, {@code nextInt(n - t)}); then, in that order of
   * selection, each chosen row gets {@code +1} if {@code nextBoolean()} is true and {@code -1}
   * otherwise. A new label may equal the old one, as with the paper's "random labels", so about
   * half of the chosen rows of a ±1 label vector keep their label. The other rows keep their
   * labels. The result depends only on (y, fraction, seed).
   *
   * @param y the labels; not modified
   * @param fraction share of the rows to relabel, in [0, 1]
   * @param seed seed of the random draws
   * @return a new array of n labels
   * @throws IllegalArgumentException naming --random-label-fraction if fraction is not in [0, 1]
   */
  public static double[] randomize(double[] y, double fraction, long seed) {
    Objects.requireNonNull(y, "y");
    if (!(fraction >= 0.0 && fraction <= 1.0)) {
      throw new IllegalArgumentException(
          "--random-label-fraction must be in [0, 1], got " + fraction);
    }
    double[] out = y.clone();
    SplittableRandom rng = new SplittableRandom(seed);
    int[] rows = selectRows(y.length, count(y.length, fraction), rng);
    for (int row : rows) {
      out[row] = rng.nextBoolean() ? 1.0 : -1.0;
    }
    return out;
  }

  /**
   * A dataset with the features of {@code data} (shared, not copied) and new labels.
   *
   * @param data the dataset whose features are kept
   * @param y the new labels, one per row; copied
   * @param sourceSuffix appended to the source, e.g. {@code " (random labels: 0.5, seed 1)"};
   *     null means nothing
   * @return the relabelled dataset
   * @throws DataException naming the source if y does not have n entries or one is not finite
   */
  public static Dataset withLabels(Dataset data, double[] y, String sourceSuffix) {
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(y, "y");
    String source = data.source() + (sourceSuffix == null ? "" : sourceSuffix);
    return new Dataset(source, data.n(), data.d(), data.x(), y.clone());
  }

  /**
   * The number of rows {@link #randomize} relabels.
   *
   * @param n number of labels
   * @param fraction share in [0, 1]
   * @return {@code Math.round(fraction * n)}
   */
  static int count(int n, double fraction) {
    return (int) Math.min(n, Math.round(fraction * n));
  }

  /**
   * Chooses k distinct rows of {@code 0..n-1} uniformly: a partial Fisher-Yates shuffle that for
   * {@code t = 0..k-1} swaps position t with position {@code t + rng.nextInt(n - t)}.
   *
   * @param n number of rows
   * @param k rows to choose, 0..n
   * @param rng the generator, advanced by exactly k draws
   * @return the chosen rows in order of selection
   */
  static int[] selectRows(int n, int k, SplittableRandom rng) {
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    int[] chosen = new int[k];
    for (int t = 0; t < k; t++) {
      int j = t + rng.nextInt(n - t);
      int swap = order[t];
      order[t] = order[j];
      order[j] = swap;
      chosen[t] = order[t];
    }
    return chosen;
  }
}

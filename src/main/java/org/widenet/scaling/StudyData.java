package org.widenet.scaling;

import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import org.widenet.data.Dataset;
import org.widenet.data.SyntheticSpec;

/**
 * The study's training sets: one data set of n points for every (n, data seed), made once and
 * shared by every width and initialization seed.
 *
 * <p>Synthetic data ({@link #synthetic}) are generated from the sphere spec with the data seed.
 * Real data ({@link #subsample}) are n rows of the loaded file: the first n of a random
 * permutation of its rows seeded by the data seed, so for one data seed the sets are nested
 * (the n = 40 rows are among the n = 80 rows), which keeps the comparison across n about n
 * and not about which rows were drawn.
 */
public final class StudyData {
  private final Dataset full;
  private final ScalingSettings settings;
  private final Map<String, Dataset> cache = new ConcurrentHashMap<>();
  private final Map<String, IterationBudget.Budget> budgets = new ConcurrentHashMap<>();

  private StudyData(ScalingSettings settings, Dataset full) {
    this.settings = settings;
    this.full = full;
  }

  /** Sphere data from the settings' spec (--d, --target) with each data seed. */
  public static StudyData synthetic(ScalingSettings settings) {
    return new StudyData(settings, null);
  }

  /**
   * Subsets of {@code full}.
   *
   * @throws IllegalArgumentException when some n exceeds the rows of {@code full}
   */
  public static StudyData subsample(ScalingSettings settings, Dataset full) {
    for (int n : settings.ns()) {
      if (n > full.n()) {
        throw new IllegalArgumentException("--n " + n + ": --data " + full.source() + " has "
            + "only " + full.n() + " rows");
      }
    }
    return new StudyData(settings, full);
  }

  /** The data set of n points drawn with {@code dataSeed}. */
  public Dataset get(int n, long dataSeed) {
    return cache.computeIfAbsent(n + "/" + dataSeed, k -> full == null
        ? SyntheticSpec.parse(settings.dataSpec(n, dataSeed)).generate()
        : rows(full, n, dataSeed));
  }

  /**
   * The iteration budget of the runs on the data set of n points drawn with {@code dataSeed}
   * ({@link IterationBudget}), computed once.
   */
  public IterationBudget.Budget budget(int n, long dataSeed) {
    String key = n + "/" + dataSeed;
    IterationBudget.Budget b = budgets.get(key);
    if (b == null) {
      b = IterationBudget.of(settings, get(n, dataSeed));
      budgets.putIfAbsent(key, b);
    }
    return b;
  }

  /** T, the iteration budget of the runs on the data set of (n, dataSeed). */
  public int iterations(int n, long dataSeed) {
    return budget(n, dataSeed).iterations();
  }

  /** The first n rows of the permutation of {@code full}'s rows seeded by {@code seed}. */
  static Dataset rows(Dataset full, int n, long seed) {
    int total = full.n();
    int[] perm = new int[total];
    for (int i = 0; i < total; i++) {
      perm[i] = i;
    }
    SplittableRandom rng = new SplittableRandom(seed);
    for (int i = 0; i < n; i++) {
      int j = i + rng.nextInt(total - i);
      int t = perm[i];
      perm[i] = perm[j];
      perm[j] = t;
    }
    int d = full.d();
    double[] x = new double[n * d];
    double[] y = new double[n];
    double[] fx = full.x();
    for (int i = 0; i < n; i++) {
      int r = perm[i];
      y[i] = full.y()[r];
      for (int j = 0; j < d; j++) {
        x[i + j * n] = fx[r + j * total];
      }
    }
    return new Dataset(full.source() + " (" + n + " rows, data seed " + seed + ")", n, d, x, y);
  }
}

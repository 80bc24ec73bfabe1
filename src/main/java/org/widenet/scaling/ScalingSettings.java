package org.widenet.scaling;

import java.util.Arrays;
import java.util.Locale;

/**
 * Settings of the width-scaling study ({@code widenet scaling}).
 *
 * @param model relu2, exp2, smooth2 or softmax2
 * @param ns the training-set sizes n
 * @param widths the width grid, strictly increasing
 * @param seeds K, the number of initialization seeds run at every width (seeds seed0 ..
 *     seed0 + K - 1)
 * @param seed0 the first initialization seed
 * @param targetLoss eps: a run reaches the target when loss(t) &lt;= eps * loss(0) for some
 *     t &lt;= T
 * @param maxIterations T, the iteration budget of every run
 * @param rule when a width counts as reaching the target over the seeds
 * @param parallelRuns how many runs train at once; 0 for "what the cluster offers" (Spark's
 *     default parallelism, see {@link #resolved})
 * @param d input dimension of the synthetic sphere data
 * @param target the synthetic target (random, linear, quadratic, cos)
 * @param dataSeed the data set's seed (the same points for every width and seed)
 * @param initScale kappa (relu2) or sigma (exp2); the family's own scale for others
 * @param learningRate the step; NaN means 1 / lambda_max(J J^T) at initialization
 * @param partitions neuron blocks per run (at most the width); 0 for the cluster's parallelism
 *     shared among the parallel runs (see {@link #resolved})
 * @param resolution the relative width resolution of the bisection: it stops when the
 *     bracket [m_fail, m_pass] has m_pass &lt;= (1 + resolution) * m_fail
 * @param dataSeeds K, the number of data sets per n (data seeds dataSeed .. dataSeed + K - 1)
 * @param data the real data set the n points are drawn from (a description of --data: path,
 *     format, label column), or null for synthetic sphere data
 * @param budgetFactor F of the per-n budget T(n) = ceil(F t_inf(n)) ({@link IterationBudget}),
 *     with maxIterations as its cap; NaN for the fixed budget T = maxIterations
 */
public record ScalingSettings(String model, int[] ns, long[] widths, int seeds, long seed0,
    double targetLoss, int maxIterations, ReachRule rule, int parallelRuns, int d,
    String target, long dataSeed, double initScale, double learningRate, int partitions,
    double resolution, int dataSeeds, String data, double budgetFactor) {

  /** The default relative resolution of m*(n): 5%. */
  public static final double DEFAULT_RESOLUTION = 0.05;

  /** Settings of a synthetic study with one data seed and the default resolution. */
  public ScalingSettings(String model, int[] ns, long[] widths, int seeds, long seed0,
      double targetLoss, int maxIterations, ReachRule rule, int parallelRuns, int d,
      String target, long dataSeed, double initScale, double learningRate, int partitions) {
    this(model, ns, widths, seeds, seed0, targetLoss, maxIterations, rule, parallelRuns, d,
        target, dataSeed, initScale, learningRate, partitions, DEFAULT_RESOLUTION, 1, null);
  }

  /** Settings with the fixed budget T = maxIterations for every n. */
  public ScalingSettings(String model, int[] ns, long[] widths, int seeds, long seed0,
      double targetLoss, int maxIterations, ReachRule rule, int parallelRuns, int d,
      String target, long dataSeed, double initScale, double learningRate, int partitions,
      double resolution, int dataSeeds, String data) {
    this(model, ns, widths, seeds, seed0, targetLoss, maxIterations, rule, parallelRuns, d,
        target, dataSeed, initScale, learningRate, partitions, resolution, dataSeeds, data,
        Double.NaN);
  }

  /** Whether T depends on n: T(n) = ceil(F t_inf(n)) capped at maxIterations. */
  public boolean scaledBudget() {
    return !Double.isNaN(budgetFactor);
  }

  /** The models the study knows. */
  public static final String[] MODELS = {"relu2", "exp2", "smooth2", "softmax2"};

  public ScalingSettings {
    if (!Arrays.asList(MODELS).contains(model)) {
      throw new IllegalArgumentException("--model \"" + model + "\": choose relu2, exp2, "
          + "smooth2 or softmax2");
    }
    if (ns.length == 0) {
      throw new IllegalArgumentException("--n needs at least one size");
    }
    for (int i = 0; i < ns.length; i++) {
      if (ns[i] < 2) {
        throw new IllegalArgumentException("--n values must be >= 2, got " + ns[i]);
      }
      for (int j = 0; j < i; j++) {
        if (ns[j] == ns[i]) {
          throw new IllegalArgumentException("--n lists " + ns[i] + " twice");
        }
      }
    }
    if (seeds < 1) {
      throw new IllegalArgumentException("--seeds must be >= 1, got " + seeds);
    }
    if (!(targetLoss > 0 && targetLoss < 1)) {
      throw new IllegalArgumentException("--target-loss must lie in (0, 1), got " + targetLoss);
    }
    if (maxIterations < 1) {
      throw new IllegalArgumentException("--max-iterations must be >= 1, got " + maxIterations);
    }
    if (d < 2) {
      throw new IllegalArgumentException("--d must be >= 2, got " + d);
    }
    if (!(initScale > 0) || Double.isInfinite(initScale)) {
      throw new IllegalArgumentException("--init-scale must be positive, got " + initScale);
    }
    if (!Double.isNaN(learningRate) && !(learningRate > 0)) {
      throw new IllegalArgumentException("--lr must be positive or auto, got " + learningRate);
    }
    if (partitions < 0) {
      throw new IllegalArgumentException("--partitions must be >= 1 or auto, got "
          + partitions);
    }
    if (parallelRuns < 0) {
      throw new IllegalArgumentException("--parallel-runs must be >= 1 or auto, got "
          + parallelRuns);
    }
    if (!(resolution > 0 && resolution <= 1)) {
      throw new IllegalArgumentException("--resolution must lie in (0, 1] (a relative width "
          + "step, e.g. 0.05 for 5%), got " + resolution);
    }
    if (!Double.isNaN(budgetFactor) && !(budgetFactor > 0 && budgetFactor < 1e6)) {
      throw new IllegalArgumentException("--budget-factor must be positive, got "
          + budgetFactor);
    }
    if (!Double.isNaN(budgetFactor) && !IterationBudget.supports(model)) {
      throw new IllegalArgumentException("--budget-factor needs the infinite-width kernel of "
          + "the family, which widenet has for relu2 and exp2 only; " + model + " runs with "
          + "the fixed budget --max-iterations T");
    }
    if (dataSeeds < 1) {
      throw new IllegalArgumentException("--data-seeds must be >= 1, got " + dataSeeds);
    }
    new WidthSearch(widths, new long[] {0}, new long[] {0}, rule, Math.max(1, parallelRuns),
        resolution);
    ns = ns.clone();
    widths = widths.clone();
  }

  /** The seeds run at every width. */
  public long[] seedList() {
    long[] s = new long[seeds];
    for (int i = 0; i < seeds; i++) {
      s[i] = seed0 + i;
    }
    return s;
  }

  /** The data seeds: one data set per n for each. */
  public long[] dataSeedList() {
    long[] s = new long[dataSeeds];
    for (int i = 0; i < dataSeeds; i++) {
      s[i] = dataSeed + i;
    }
    return s;
  }

  /** The synthetic data spec of size n, e.g. "sphere:n=200,d=10,target=random,seed=0". */
  public String dataSpec(int n) {
    return dataSpec(n, dataSeed);
  }

  /** The synthetic data spec of size n with data seed {@code seed}. */
  public String dataSpec(int n, long seed) {
    return String.format(Locale.ROOT, "sphere:n=%d,d=%d,target=%s,seed=%d", n, d, target,
        seed);
  }

  /**
   * The settings with "auto" resolved for a cluster that runs {@code parallelism} tasks at
   * once (Spark's default parallelism: the cores): --parallel-runs auto becomes that many runs
   * at once, and --partitions auto becomes max(1, parallelism / parallel runs) blocks per run,
   * so the runs together fill the cores and no run's tasks wait for another's.
   */
  public ScalingSettings resolved(int parallelism) {
    return resolved(parallelism, false);
  }

  /**
   * {@link #resolved(int)}, except that with {@code localEngine} --partitions auto is one block
   * per run: one block keeps every run, bit for bit, independent of --parallel-runs, and the
   * runs together fill the cores. (With --partitions P, a local run steps its blocks on
   * {@link #localThreads} threads.)
   */
  public ScalingSettings resolved(int parallelism, boolean localEngine) {
    int cores = Math.max(1, parallelism);
    int runs = parallelRuns > 0 ? parallelRuns : cores;
    int blocks = partitions > 0 ? partitions : localEngine ? 1 : Math.max(1, cores / runs);
    return new ScalingSettings(model, ns, widths, seeds, seed0, targetLoss, maxIterations, rule,
        runs, d, target, dataSeed, initScale, learningRate, blocks, resolution, dataSeeds, data,
        budgetFactor);
  }

  /**
   * How many threads one run of the local engine steps its blocks on: the cores left to it by
   * the runs at once (at least 1, at most its blocks). The bits do not depend on it.
   */
  public int localThreads(int parallelism) {
    int runs = parallelRuns > 0 ? parallelRuns : Math.max(1, parallelism);
    return Math.max(1, Math.min(partitions > 0 ? partitions : 1,
        Math.max(1, parallelism) / runs));
  }

  @Override
  public int[] ns() {
    return ns.clone();
  }

  @Override
  public long[] widths() {
    return widths.clone();
  }
}

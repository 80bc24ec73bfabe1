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
 * @param parallelRuns how many runs train at once
 * @param d input dimension of the synthetic sphere data
 * @param target the synthetic target (random, linear, quadratic, cos)
 * @param dataSeed the data set's seed (the same points for every width and seed)
 * @param initScale kappa (relu2) or sigma (exp2); the family's own scale for others
 * @param learningRate the step; NaN means 1 / lambda_max(J J^T) at initialization
 * @param partitions neuron blocks per run (at most the width)
 */
public record ScalingSettings(String model, int[] ns, long[] widths, int seeds, long seed0,
    double targetLoss, int maxIterations, ReachRule rule, int parallelRuns, int d,
    String target, long dataSeed, double initScale, double learningRate, int partitions) {

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
    if (partitions < 1) {
      throw new IllegalArgumentException("--partitions must be >= 1, got " + partitions);
    }
    new WidthSearch(widths, new long[] {0}, rule, parallelRuns);
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

  /** The synthetic data spec of size n, e.g. "sphere:n=200,d=10,target=random,seed=0". */
  public String dataSpec(int n) {
    return String.format(Locale.ROOT, "sphere:n=%d,d=%d,target=%s,seed=%d", n, d, target,
        dataSeed);
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

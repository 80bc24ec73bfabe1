package org.widenet.scaling;

import org.apache.spark.api.java.JavaSparkContext;
import org.widenet.data.Dataset;
import org.widenet.softmax.SoftmaxRegression;
import org.widenet.softmax.SoftmaxSettings;
import org.widenet.train.TrainingDivergedException;

/**
 * A scaling run of softmax2 (Gu et al.): one output (Corollary 4.3), symmetric initialization
 * with sigma = --init-scale, gradient descent for T iterations with the step
 * 1 / lambda_max(J J^T(0)) unless --lr is set, the Gram at t = 0 and t = T. The symmetric
 * initialization pairs neurons, so every grid width must be even (and the bisection tries
 * even widths only). Reach, movement and drift as
 * in {@link EngineTrial}.
 */
public final class SoftmaxTrial implements WidthTrial {
  private final ScalingSettings settings;
  private final JavaSparkContext jsc;
  private final StudyData data;
  private final boolean stop;

  /**
   * @param jsc the Spark context to train on, or null for softmax2's local engine
   * @throws IllegalArgumentException when a grid width is odd
   */
  public SoftmaxTrial(ScalingSettings settings, JavaSparkContext jsc) {
    this(settings, StudyData.synthetic(settings), jsc);
  }

  /** A trial on the study's data sets {@code data}; see the other constructor. */
  public SoftmaxTrial(ScalingSettings settings, StudyData data, JavaSparkContext jsc) {
    this(settings, data, jsc, true);
  }

  /**
   * {@code stop} false trains every run for T iterations and reports the first that reached
   * the target (tests compare the two).
   */
  SoftmaxTrial(ScalingSettings settings, StudyData data, JavaSparkContext jsc, boolean stop) {
    for (long w : settings.widths()) {
      if (w % 2 != 0 || w > Integer.MAX_VALUE) {
        throw new IllegalArgumentException("--width-grid: softmax2's symmetric initialization "
            + "pairs neurons, so every width must be even, got " + w);
      }
    }
    this.settings = settings;
    this.data = data;
    this.jsc = jsc;
    this.stop = stop;
  }

  /** Even widths only: the bisection's midpoints are rounded to them. */
  @Override
  public long widthMultiple() {
    return 2;
  }

  /** A run on the data set of the settings' first data seed. */
  public RunOutcome run(int n, long width, long seed) {
    return run(n, width, seed, settings.dataSeed());
  }

  @Override
  public RunOutcome run(int n, long width, long seed, long dataSeed) {
    Dataset ds = data.get(n, dataSeed);
    int t = data.iterations(n, dataSeed);
    RunTracker tracker = new RunTracker(settings.targetLoss(), stop);
    SoftmaxSettings s = SoftmaxSettings.defaults().withWidth((int) width)
        .withSigma(settings.initScale()).withIterations(t).withSeed(seed).withGramEvery(t)
        .withBlocks((int) Math.max(1, Math.min(settings.partitions(), width / 2))).withSpark(jsc)
        .withListener(r -> tracker.record(r.iteration(), r.loss(), r.lambdaMin(),
            r.lambdaMax(), r.maxMove(), r.froMove(), r.gramDrift()));
    s = Double.isNaN(settings.learningRate()) ? s.withAutoLearningRate(1.0)
        : s.withLearningRate(settings.learningRate());
    try {
      SoftmaxRegression.fit(ds.x(), ds.y(), ds.n(), ds.d(), 1, s);
    } catch (TargetReached e) {
      // the tracker holds the reach iteration's values
    } catch (TrainingDivergedException e) {
      return tracker.diverged(n, width, seed);
    }
    return tracker.outcome(n, width, seed);
  }
}

package org.widenet.scaling;

import org.apache.spark.api.java.JavaSparkContext;
import org.widenet.data.Dataset;
import org.widenet.smooth.InitPreset;
import org.widenet.smooth.SmoothActivation;
import org.widenet.smooth.SmoothOptimizer;
import org.widenet.smooth.SmoothRecord;
import org.widenet.smooth.SmoothRegression;
import org.widenet.smooth.SmoothSettings;
import org.widenet.train.TrainingDivergedException;

/**
 * A scaling run of smooth2 (Song et al. 2021): GeLU, both layers trained by full-batch gradient
 * descent for at most T iterations from He initialization (--init-scale is not used), one
 * output, the step 1 / lambda_max(J J^T(0)) unless --lr is set, the Gram at t = 0 and t = T
 * only. The run stops at the reach iteration; reach, movement and drift are measured as in
 * {@link EngineTrial}; movement covers both layers.
 */
public final class SmoothTrial implements WidthTrial {
  private final ScalingSettings settings;
  private final JavaSparkContext jsc;
  private final StudyData data;
  private final boolean stop;

  /** @param jsc the Spark context to train on, or null for smooth2's local engine */
  public SmoothTrial(ScalingSettings settings, JavaSparkContext jsc) {
    this(settings, StudyData.synthetic(settings), jsc);
  }

  /** A trial on the study's data sets {@code data}; see the other constructor. */
  public SmoothTrial(ScalingSettings settings, StudyData data, JavaSparkContext jsc) {
    this(settings, data, jsc, true);
  }

  /**
   * {@code stop} false trains every run for T iterations and reports the first that reached
   * the target (tests compare the two).
   */
  SmoothTrial(ScalingSettings settings, StudyData data, JavaSparkContext jsc, boolean stop) {
    this.settings = settings;
    this.data = data;
    this.jsc = jsc;
    this.stop = stop;
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
    SmoothSettings s = SmoothSettings.defaults().withWidth(width)
        .withActivation(SmoothActivation.GELU).withInit(InitPreset.HE)
        .withOptimizer(SmoothOptimizer.GD).withIterations(t)
        .withLearningRate(settings.learningRate()).withSeed(seed).withGramEvery(t)
        .withLazy(false).withBlocks((int) Math.min(settings.partitions(), width))
        .withSparkContext(jsc).withListener((SmoothRecord r) -> tracker.record(r.iteration(),
            r.loss(), r.lambdaMin(), r.lambdaMax(), r.maxMove(), r.froMove(), r.gramDrift()));
    try {
      SmoothRegression.fit(ds.x(), ds.y(), ds.n(), ds.d(), 1, s);
    } catch (TargetReached e) {
      // the tracker holds the reach iteration's values
    } catch (TrainingDivergedException e) {
      return tracker.diverged(n, width, seed);
    }
    return tracker.outcome(n, width, seed);
  }
}

package org.widenet.scaling;

import org.widenet.data.Dataset;
import org.widenet.model.ModelFamily;
import org.widenet.model.NetworkSpec;
import org.widenet.train.BlockEngine;
import org.widenet.train.OptimizerKind;
import org.widenet.train.TrainConfig;
import org.widenet.train.Trainer;
import org.widenet.train.TrainingDivergedException;

/**
 * A scaling run of relu2 or exp2 through the block engine and {@link Trainer}: full-batch
 * gradient descent for at most T iterations (the study's budget of this n and data set,
 * {@link StudyData#iterations}; the step 1 / lambda_max(J J^T(0)) unless --lr is set), the
 * Gram formed at t = 0 and t = T only. The run stops at the reach iteration, the first t with
 * loss(t) &lt;= eps * loss(0) ({@link TargetReached}): final loss and movement are those at
 * the last iteration trained, the Gram drift that at t = T (NaN for a run that stopped
 * earlier). A run that diverges counts as not reaching the target.
 */
public final class EngineTrial implements WidthTrial {
  /** Opens the engine of one run (a Spark engine in the CLI, a local engine in tests). */
  @FunctionalInterface
  public interface EngineFactory {
    BlockEngine open(NetworkSpec spec, int blocks, Dataset data);
  }

  private final ScalingSettings settings;
  private final ModelFamily family;
  private final EngineFactory factory;
  private final StudyData data;

  /** A trial on the settings' synthetic data. */
  public EngineTrial(ScalingSettings settings, EngineFactory factory) {
    this(settings, StudyData.synthetic(settings), factory);
  }

  /** A trial on the study's data sets {@code data}. */
  public EngineTrial(ScalingSettings settings, StudyData data, EngineFactory factory) {
    this.settings = settings;
    this.family = ModelFamily.parse(settings.model());
    this.factory = factory;
    this.data = data;
  }

  /** The study's data set of n points with the settings' first data seed. */
  public Dataset data(int n) {
    return data.get(n, settings.dataSeed());
  }

  /** A run on the data set of the settings' first data seed. */
  public RunOutcome run(int n, long width, long seed) {
    return run(n, width, seed, settings.dataSeed());
  }

  @Override
  public RunOutcome run(int n, long width, long seed, long dataSeed) {
    Dataset ds = data.get(n, dataSeed);
    int t = data.iterations(n, dataSeed);
    NetworkSpec spec = new NetworkSpec(family, width, settings.initScale(), seed, false);
    int blocks = (int) Math.min(settings.partitions(), width);
    TrainConfig config = new TrainConfig(spec, OptimizerKind.GD, settings.learningRate(), 0, t,
        t, blocks);
    RunTracker tracker = new RunTracker(settings.targetLoss(), true);
    try (BlockEngine engine = factory.open(spec, blocks, ds)) {
      new Trainer(config, ds.x(), ds.y(), ds.n(), ds.d()).run(engine, r -> tracker.record(
          r.iteration(), r.loss(), r.lambdaMin(), r.lambdaMax(), r.maxMove(), r.froMove(),
          r.gramDrift()));
    } catch (TargetReached e) {
      // the tracker holds the reach iteration's values
    } catch (TrainingDivergedException e) {
      return tracker.diverged(n, width, seed);
    }
    return tracker.outcome(n, width, seed);
  }
}

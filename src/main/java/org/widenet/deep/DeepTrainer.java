package org.widenet.deep;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.widenet.model.Pass;
import org.widenet.train.BlockEngine;
import org.widenet.train.CheckpointHook;
import org.widenet.train.GramMode;
import org.widenet.train.GramSettings;
import org.widenet.train.IterationRecord;
import org.widenet.train.OptimizerKind;
import org.widenet.train.ResumePoint;
import org.widenet.train.TrainConfig;
import org.widenet.train.TrainResult;
import org.widenet.train.Trainer;
import org.widenet.train.TrainingListener;

/**
 * Last-layer Gauss-Newton (the paper's Algorithm 2) on the one driver loop: {@link Trainer}
 * with {@link DeepMath}. Each iteration broadcasts the previous step g, every block applies
 * W_L &lt;- W_L - sum_i g_i u_i v_i^T on its rows and returns its share of f and of U U^T (or of
 * the sketch), and the driver solves G g = f - y with G = (U U^T) o (V^T V) exactly, sketched
 * as J~ J~^T, or by matrix-free CG ({@link DeepGram}). One {@link BlockEngine#advance} per
 * iteration (a {@link DeepStep}, and a {@link Pass} with the Gram flag and the
 * {@link SketchRequest}); CG's products G x are read-only passes ({@link DeepFamily#gramTimes}).
 * The run stops early at {@link DeepConfig#tolerance}; its rows are {@link DeepRecord}s.
 */
public final class DeepTrainer {
  private DeepTrainer() {}

  /**
   * The records of a run (from the resume point on, for a resumed run), the initial
   * lambda_min, the sketch size used (0 for none), the outputs f on the training points at the
   * final weights (those of the last record) and the loss at initialization.
   */
  public record Result(List<DeepRecord> records, double initialLambdaMin, int sketchSize,
      double[] outputs, double initialLoss) {
    public DeepRecord last() {
      return records.get(records.size() - 1);
    }
  }

  /**
   * Trains the engine's blocks from their current weights (W_L(0) for a new engine).
   *
   * @param engine an engine of a {@link LastLayerFamily} ({@link DeepFamily}, or the dense
   *     baseline) over {@code inputs}
   * @param inputs the engine's inputs: V and V^T V
   */
  public static Result train(BlockEngine engine, DeepInputs inputs, double[] y,
      DeepConfig config, Consumer<DeepRecord> listener) {
    return train(engine, inputs, y, config, listener, CheckpointHook.NONE, null);
  }

  /**
   * {@link #train(BlockEngine, DeepInputs, double[], DeepConfig, Consumer)} from a resume
   * point or initialization, calling {@code hook} after every reported iteration. A resumed run
   * recomputes the pass of the iteration it starts from (not reported again) and takes the
   * uninterrupted run's next step: the step depends only on the weights and the iteration.
   *
   * @param resume where to start (the engine holds that iteration's weights), or null
   * @throws IllegalArgumentException when the checkpoint holds iteration --iterations or later,
   *     or had reached --tolerance
   */
  public static Result train(BlockEngine engine, DeepInputs inputs, double[] y,
      DeepConfig config, Consumer<DeepRecord> listener, CheckpointHook hook,
      ResumePoint resume) {
    return train(engine, inputs, y, config, listener, hook, resume, r -> { });
  }

  /**
   * {@link #train(BlockEngine, DeepInputs, double[], DeepConfig, Consumer, CheckpointHook,
   * ResumePoint)}, also telling {@code solver} of each CG solve ({@code --gn cg}): its end,
   * its progress on long solves and each build of its preconditioner.
   */
  public static Result train(BlockEngine engine, DeepInputs inputs, double[] y,
      DeepConfig config, Consumer<DeepRecord> listener, CheckpointHook hook,
      ResumePoint resume, TrainingListener solver) {
    DeepSpec spec = ((LastLayerFamily) engine.family()).spec();
    int n = y.length;
    if (inputs.rows() != n) {
      throw new IllegalArgumentException("the inputs hold " + inputs.rows() + " points, y "
          + n);
    }
    if (resume != null && resume.state().iteration() >= config.iterations()) {
      throw new IllegalArgumentException("the checkpoint holds iteration "
          + resume.state().iteration() + " of --iterations " + config.iterations()
          + ": raise --iterations to continue");
    }
    DeepMath math = new DeepMath(spec, inputs, config);
    Records records = new Records(math, listener, n * Math.sqrt(spec.width()),
        resume == null ? Double.NaN : resume.state().initialLambdaMin(), solver);
    TrainResult r = new Trainer(loop(config, engine.numBlocks()), math, y, n).run(engine,
        records, hook, resume);
    return new Result(List.copyOf(records.list), r.initialLambdaMin(),
        config.method().isSketch() ? config.sketchSize() : 0, r.finalPredictions(),
        r.initialLoss());
  }

  /**
   * The driver loop's settings: Gauss-Newton with step 1, no divergence test on the loss
   * (only a non-finite one stops the run), CG's settings for the matrix-free method.
   */
  private static TrainConfig loop(DeepConfig config, int blocks) {
    GramSettings gram = config.method() == GnMethod.CG
        ? new GramSettings(GramMode.MATRIX_FREE, config.cgTolerance(),
            config.cgMaxIterations(), GramSettings.DEFAULT_LANCZOS_STEPS,
            config.preconditionerRank(), config.preconditionerEvery())
        : GramSettings.EXACT;
    return new TrainConfig(null, OptimizerKind.GN, 1.0, config.damping(), config.iterations(),
        0, blocks, Double.POSITIVE_INFINITY, gram, config.tolerance());
  }

  /**
   * The loop's records as {@link DeepRecord}s: the residual norm from the loss, the
   * contraction against the previous iteration (a resumed run's first against the iteration
   * it recomputed), the row-movement bound from lambda_min(G(0)), and from the step of the
   * iteration (reported with it) the CG iterations and the sketch error.
   */
  private static final class Records implements TrainingListener {
    private final DeepMath math;
    private final Consumer<DeepRecord> sink;
    /** Told of every CG solve and preconditioner build, as the loop reports them. */
    private final TrainingListener solver;
    private final double boundScale;
    private final List<DeepRecord> list = new ArrayList<>();
    private double lambda0;
    private double previous = Double.NaN;
    private int cgStep = -1;
    private int cgIterations;
    private long mark = System.nanoTime();

    /**
     * @param boundScale n sqrt(m): the bound is boundScale / lambda_min(G(0))
     * @param lambda0 a resumed run's lambda_min(G(0)), or NaN
     */
    Records(DeepMath math, Consumer<DeepRecord> sink, double boundScale, double lambda0,
        TrainingListener solver) {
      this.solver = solver;
      this.math = math;
      this.sink = sink;
      this.boundScale = boundScale;
      this.lambda0 = lambda0;
    }

    @Override
    public void onResumed(int iteration, double loss) {
      previous = Math.sqrt(2 * loss);
    }

    @Override
    public void onStepSolved(int iteration, int iterations, double relativeResidual,
        boolean converged) {
      cgStep = iteration - 1;
      cgIterations = iterations;
      solver.onStepSolved(iteration, iterations, relativeResidual, converged);
    }

    @Override
    public void onCgProgress(int iteration, int iterations, double relativeResidual,
        double seconds) {
      solver.onCgProgress(iteration, iterations, relativeResidual, seconds);
    }

    @Override
    public void onPreconditioner(int iteration, int rank, String sketch, int passes,
        double seconds) {
      solver.onPreconditioner(iteration, rank, sketch, passes, seconds);
    }

    @Override
    public void onPreconditionerParts(int iteration, Map<String, Double> secondsByPart,
        double lambdaR) {
      solver.onPreconditionerParts(iteration, secondsByPart, lambdaR);
    }

    @Override
    public void onIteration(IterationRecord r) {
      int t = r.iteration();
      // 2 (0.5 s) = s exactly: the norm has the bits of sqrt of the sum of squares.
      double res = Math.sqrt(2 * r.loss());
      if (t == 0) {
        lambda0 = r.lambdaMin();
      }
      long now = System.nanoTime();
      DeepRecord record = new DeepRecord(t, r.loss(), res, t == 0 ? Double.NaN : res / previous,
          r.lambdaMin(), r.lambdaMax(), r.gramDrift(), r.maxMove(), boundScale / lambda0,
          math.sketchError(), math.activeFraction(), cgStep == t ? cgIterations : 0,
          (now - mark) / 1e9);
      mark = now;
      previous = res;
      list.add(record);
      sink.accept(record);
    }
  }
}

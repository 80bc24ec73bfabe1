package org.widenet.deep;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.widenet.math.Blas;
import org.widenet.math.Cholesky;
import org.widenet.math.ConjugateGradient;
import org.widenet.math.PackedSymmetric;
import org.widenet.math.SingularSystemException;
import org.widenet.math.SpdSolver;
import org.widenet.math.SymmetricEigen;
import org.widenet.model.Pass;
import org.widenet.train.BlockEngine;
import org.widenet.train.CheckpointHook;
import org.widenet.train.ResumePoint;
import org.widenet.train.TrainerState;
import org.widenet.train.TrainingDivergedException;

/**
 * The driver loop of last-layer Gauss-Newton (the paper's Algorithm 2): each iteration
 * broadcasts the previous step g, every block applies W_L &lt;- W_L - sum_i g_i u_i v_i^T on its
 * rows and returns its share of f and of U U^T (or of the sketch), and the driver solves
 * G g = f - y with G = (U U^T) o (V^T V) exactly, sketched as J~ J~^T, or by matrix-free CG.
 * One {@link BlockEngine#advance} per iteration (a {@link DeepStep}, and a {@link Pass} with
 * the Gram flag and the {@link SketchRequest}); CG's products G x are read-only passes
 * ({@link DeepFamily#gramTimes}).
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
   */
  public static Result train(BlockEngine engine, DeepInputs inputs, double[] y,
      DeepConfig config, Consumer<DeepRecord> listener, CheckpointHook hook,
      ResumePoint resume) {
    DeepSpec spec = ((LastLayerFamily) engine.family()).spec();
    int n = y.length;
    if (inputs.rows() != n) {
      throw new IllegalArgumentException("the inputs hold " + inputs.rows() + " points, y "
          + n);
    }
    double[] kvPacked = PackedSymmetric.pack(n, inputs.kv());
    // The Gram and the n x n working copy of its eigenvalues and Cholesky solve, made once:
    // n^2 arrays made every iteration are humongous garbage that raises the heap's peak.
    double[] gramBuffer = null;
    double[] work = null;
    double yNorm = norm(y);
    List<DeepRecord> records = new ArrayList<>();
    double[] step = null;
    double previous = Double.NaN;
    double lambda0 = Double.NaN;
    double bound = Double.NaN;
    double[] outputs = null;
    double initialLoss = Double.NaN;
    int first = 0;
    long elapsedBefore = 0;
    if (resume != null) {
      TrainerState s = resume.state();
      if (s.iteration() >= config.iterations()) {
        throw new IllegalArgumentException("the checkpoint holds iteration " + s.iteration()
            + " of --iterations " + config.iterations() + ": raise --iterations to continue");
      }
      first = s.iteration();
      initialLoss = s.initialLoss();
      lambda0 = s.initialLambdaMin();
      bound = n * Math.sqrt(spec.width()) / lambda0;
      elapsedBefore = s.elapsedMs();
    }
    long runStart = System.nanoTime();
    for (int t = first; t <= config.iterations(); t++) {
      long start = System.nanoTime();
      boolean replay = resume != null && t == first;
      boolean last = t == config.iterations();
      SketchRequest sketch = config.method().isSketch() && !last
          ? new SketchRequest(config.method(), config.sketchSize(),
              DeepWeights.mix(config.sketchSeed(), t), spec.width())
          : null;
      boolean gram = config.method() == GnMethod.EXACT || config.exactCheck() || t == 0;
      DeepPartial p = (DeepPartial) engine.advance(step == null ? null : new DeepStep(step),
          Pass.of(gram, null, sketch), t);
      outputs = p.f();
      double[] e = new double[n];
      for (int i = 0; i < n; i++) {
        e[i] = p.f()[i] - y[i];
      }
      double res = norm(e);
      if (!Double.isFinite(res)) {
        throw new TrainingDivergedException("deep-last: the residual is not finite at "
            + "iteration " + t);
      }
      double[] g = null;
      double lambdaMin = Double.NaN;
      if (gram) {
        if (gramBuffer == null) {
          gramBuffer = new double[kvPacked.length];
          work = new double[Cholesky.length(n)];
        }
        g = gramBuffer;
        PackedSymmetric.hadamard(p.uu(), kvPacked, g);
        lambdaMin = SymmetricEigen.eigenvalues(n, g, work)[0];
      }
      if (t == 0) {
        initialLoss = 0.5 * res * res;
        lambda0 = lambdaMin;
        // Lemma F.28: rows move at most O~(n / (lambda_L sqrt(m))), lambda_L the kernel's
        // eigenvalue; G_L ~ m K_L, so lambda_L ~ lambda_min(G_L(0)) / m.
        bound = n * Math.sqrt(spec.width()) / lambda0;
      }
      boolean done = last || res <= config.tolerance() * yNorm;
      if (replay && done) {
        throw new IllegalArgumentException("the checkpointed run had reached --tolerance "
            + config.tolerance() + " at iteration " + t + ": nothing is left to train");
      }
      double sketchError = Double.NaN;
      int cgIterations = 0;
      double[] next = null;
      if (!done) {
        switch (config.method()) {
          case EXACT -> next = solve(n, g, config.damping(), e, t, work);
          case TENSORSKETCH, TENSORSRHT -> {
            TensorSketching sk = sketch.sketcher();
            double[] jt = sk.combine(p.sketch(), sk.right(inputs.v()), n);
            double[] approx = sketchedGram(n, sk.size(), jt);
            if (g != null) {
              sketchError = PackedSymmetric.frobeniusDistance(n, g, approx)
                  / PackedSymmetric.frobeniusDistance(n, g, new double[g.length]);
            }
            next = solve(n, approx, config.damping(), e, t, null);
          }
          case CG -> {
            ConjugateGradient.Result r = ConjugateGradient.solve(
                x -> DeepFamily.gramTimes(engine, x), config.damping(), e,
                config.cgTolerance(), config.cgMaxIterations());
            cgIterations = r.iterations();
            next = r.solution();
          }
          default -> throw new IllegalStateException("unknown method " + config.method());
        }
      }
      DeepRecord record = new DeepRecord(t, 0.5 * res * res, res,
          t == 0 ? Double.NaN : res / previous, lambdaMin, Math.sqrt(p.maxMove()), bound,
          sketchError, (double) p.active() / ((double) spec.width() * n), cgIterations,
          (System.nanoTime() - start) / 1e9);
      if (!replay) {
        records.add(record);
        listener.accept(record);
        hook.afterIteration(new TrainerState(t, 1.0, false, initialLoss, lambda0, Double.NaN,
            elapsedBefore + (System.nanoTime() - runStart) / 1_000_000L));
      }
      if (done) {
        break;
      }
      step = next;
      previous = res;
    }
    return new Result(List.copyOf(records), lambda0,
        config.method().isSketch() ? config.sketchSize() : 0, outputs.clone(), initialLoss);
  }

  private static double[] solve(int n, double[] g, double damping, double[] e, int t,
      double[] work) {
    try {
      return SpdSolver.solve(n, g, damping, e, work);
    } catch (SingularSystemException ex) {
      throw new TrainingDivergedException("deep-last: the Gauss-Newton Gram is singular at "
          + "iteration " + t + " (a point with no active neuron in layer L, or a sketch smaller "
          + "than n): use a smaller --alpha, a larger --width or --sketch-size, or --damping",
          ex);
    }
  }

  /** J~ J~^T packed, J~ n x s column-major. */
  static double[] sketchedGram(int n, int s, double[] jt) {
    double[] full = new double[n * n];
    Blas.blas().dsyrk("U", "N", n, s, 1.0, jt, n, 0.0, full, n);
    return PackedSymmetric.pack(n, full);
  }

  private static double norm(double[] v) {
    double s = 0;
    for (double x : v) {
      s += x * x;
    }
    return Math.sqrt(s);
  }
}

package org.widenet.train;

import org.widenet.math.SingularSystemException;
import org.widenet.model.NumericalFaultException;
import org.widenet.model.Share;
import org.widenet.model.Update;

/**
 * The driver loop, the same for every family ({@link DriverMath} is the family's side).
 * Iteration t is one engine pass: apply the update computed at t - 1, run the forward pass
 * (and the Gram when due), then compute loss, diagnostics and the next update. Weights stay in
 * the blocks; the driver sees n k-vectors and packed n k x n k matrices only.
 *
 * <p>The Gram reported and used is the Jacobian Gram H = J J^T. For relu2 it is
 * (sum_b C_b C_b^T) o (X X^T), Arora et al.'s H(k); for exp2 it is m times Gao et al.'s H(t).
 * In {@link GramMode#EXACT} mode the driver forms it (packed); in {@link GramMode#MATRIX_FREE}
 * mode no n k x n k array exists anywhere and the driver only multiplies by H, one engine pass
 * per product (see {@link DriverGram}); a family may bring its own way ({@link DriverMath#gram},
 * deep-last's sketches). The loop stops early, without a step, at the first iteration within
 * {@link TrainConfig#tolerance} (only when one is set).
 */
public final class Trainer {
  private final TrainConfig config;
  private final DriverMath math;
  private final double[] y;
  private final int n;
  private final int order;

  /**
   * relu2/exp2 ({@link ScalarMath}).
   *
   * @param x training inputs, n x d column-major (only X X^T is formed from them, in exact
   *     mode)
   * @param y targets, length n (kept by reference, not modified)
   */
  public Trainer(TrainConfig config, double[] x, double[] y, int n, int d) {
    this(config, new ScalarMath(config.network(), x, n, d, config.spanSteps(n, d)), y, n);
  }

  /**
   * Any family.
   *
   * @param y targets, n k output-major (output l of row i at l n + i; kept by reference, not
   *     modified)
   */
  public Trainer(TrainConfig config, DriverMath math, double[] y, int n) {
    if (y.length != (long) n * math.outputs()) {
      throw new IllegalArgumentException("targets must hold n x k = " + n + " x "
          + math.outputs() + " numbers, got " + y.length);
    }
    this.config = config;
    this.math = math;
    this.y = y;
    this.n = n;
    this.order = y.length;
  }

  /**
   * Runs T = config.iterations() updates on the engine, reporting every iteration.
   *
   * @throws SingularSystemException when a Gauss-Newton system is singular (names --damping)
   * @throws TrainingDivergedException when the loss stops being finite or grows past
   *     divergenceFactor times its start, or a block's outputs overflow after a step (names
   *     --lr, and the bound 2 / lambda_max for gd)
   * @throws NumericalFaultException when the outputs overflow at initialization (t = 0)
   */
  public TrainResult run(BlockEngine engine, TrainingListener listener) {
    return run(engine, listener, CheckpointHook.NONE, null);
  }

  /**
   * Runs the updates up to T = config.iterations(), from the start or from a resume point,
   * calling {@code hook} after every iteration that passed the divergence test. A resumed run
   * takes bit for bit the steps the uninterrupted run takes: the step from iteration t depends
   * only on the weights at t and on the saved state.
   *
   * @param resume where to start, or null to start from initialization
   * @throws IllegalArgumentException when the resume point is past T, or its iteration had
   *     reached the configured tolerance (nothing is left to train)
   */
  public TrainResult run(BlockEngine engine, TrainingListener listener, CheckpointHook hook,
      ResumePoint resume) {
    int total = config.iterations();
    boolean autoRate = TrainConfig.isAutoLearningRate(config.learningRate());
    double eta = config.learningRate();
    double initialLoss = Double.NaN;
    double lambdaMin0 = Double.NaN;
    double lambdaMax0 = Double.NaN;
    double[] f = null;
    double loss = Double.NaN;
    Update pending = null;
    long start = System.nanoTime();
    long elapsedBefore = 0;
    int first = 0;
    if (resume != null) {
      TrainerState s = resume.state();
      if (s.iteration() > total) {
        throw new IllegalArgumentException("the checkpoint holds iteration " + s.iteration()
            + ", past --iterations " + total + ": raise --iterations to continue");
      }
      first = s.iteration();
      eta = s.learningRate();
      initialLoss = s.initialLoss();
      lambdaMin0 = s.initialLambdaMin();
      lambdaMax0 = s.initialLambdaMax();
      elapsedBefore = s.elapsedMs();
    }
    double[] initialGram = resume == null ? null : resume.initialGram();
    DriverGram own = math.gram(config, engine, order, listener, initialGram);
    DriverGram gram = own != null ? own
        : DriverGram.of(config, math, engine, order, listener, initialGram);
    double targetNorm = Math.sqrt(squares(y));
    int t = first;

    for (; t <= total; t++) {
      // The iteration a resumed run starts from was reported and checked before the stop:
      // only its residual (and, for exact Gauss-Newton, its Gram) is needed, to take the next
      // step.
      boolean replay = resume != null && t == first;
      Share sum = advance(engine, pending, gram.needsShares(t, replay), t, eta, lambdaMax0);
      f = math.outputs(sum);
      double[] residual = new double[order];
      for (int i = 0; i < order; i++) {
        residual[i] = f[i] - y[i];
      }
      double squares = squares(residual);
      loss = 0.5 * squares;
      if (!Double.isFinite(loss)
          || (t > 0 && initialLoss > 0 && loss > config.divergenceFactor() * initialLoss)) {
        throw diverged(t, loss, initialLoss, eta, lambdaMax0);
      }
      DriverGram.Spectrum spectrum = gram.observe(sum, t, replay);
      if (!replay && hook.savesAt(t)) {
        gram.checkpointedAt(t);
      }
      if (t == 0) {
        lambdaMin0 = spectrum.lambdaMin();
        lambdaMax0 = spectrum.lambdaMax();
        initialLoss = loss;
        if (autoRate) {
          if (!(lambdaMax0 > 0)) {
            throw new IllegalStateException("--lr auto needs lambda_max(J J^T) > 0 at "
                + "initialization, got " + lambdaMax0 + ": set --lr explicitly");
          }
          eta = math.automaticStep(lambdaMax0);
        }
      }
      long elapsedMs = elapsedBefore + (System.nanoTime() - start) / 1_000_000L;
      if (t == 0 || replay) {
        listener.onLearningRate(eta, autoRate);
      }
      boolean reached = config.reached(Math.sqrt(squares), targetNorm);
      if (replay) {
        if (reached) {
          throw new IllegalArgumentException("the checkpointed run had reached --tolerance "
              + config.tolerance() + " at iteration " + t + ": nothing is left to train");
        }
        listener.onResumed(t, loss);
      }
      // A family whose rows describe their step (reportsWithStep) solves it first.
      boolean stepFirst = math.reportsWithStep() && t < total && !reached;
      if (stepFirst) {
        pending = nextStep(gram, sum, residual, eta, t, listener);
        elapsedMs = elapsedBefore + (System.nanoTime() - start) / 1_000_000L;
      }
      if (!replay) {
        DriverMath.Movement move = math.movement(sum);
        listener.onIteration(new IterationRecord(t, loss, elapsedMs, spectrum.lambdaMin(),
            spectrum.lambdaMax(), spectrum.drift(), move.maxMove(), move.froMove(),
            move.patternChange()));
        hook.afterIteration(new TrainerState(t, eta, autoRate, initialLoss, lambdaMin0,
            lambdaMax0, elapsedMs));
      }
      if (!stepFirst && t < total && !reached) {
        pending = nextStep(gram, sum, residual, eta, t, listener);
      }
      if (reached) {
        break;
      }
    }
    return new TrainResult(initialLoss, loss, Math.min(t, total), eta, lambdaMin0, lambdaMax0,
        f);
  }

  /** The sum of squares, in index order. */
  private static double squares(double[] v) {
    double s = 0.0;
    for (double x : v) {
      s += x * x;
    }
    return s;
  }

  /**
   * The divergence report: the loss, the step used and, for gradient descent, the stable
   * bound 2 / lambda_max(J J^T) at initialization.
   */
  private TrainingDivergedException diverged(int t, double loss, double initialLoss,
      double eta, double lambdaMax0) {
    String what = Double.isFinite(loss)
        ? String.format(java.util.Locale.ROOT, "the loss grew to %.4g, %.3g times its start,",
            loss, loss / initialLoss)
        : "the loss is " + loss;
    if (config.optimizer() == OptimizerKind.GN) {
      return new TrainingDivergedException("diverged: " + what + " at iteration " + t
          + " with Gauss-Newton step " + eta + " and damping " + config.damping()
          + ": " + math.gaussNewtonAdvice());
    }
    String bound = Double.isFinite(lambdaMax0) && lambdaMax0 > 0
        ? String.format(java.util.Locale.ROOT, "; the stable bound is 2 / lambda_max = %.4g",
            2 / lambdaMax0) : "";
    return new TrainingDivergedException("diverged: " + what + " at iteration " + t
        + " with step size eta = " + eta + bound + ": lower --lr");
  }

  /**
   * One engine pass. A block whose outputs overflow after a step (exp2's unshifted exponentials
   * can, within a single step, before the loss is seen) is reported as divergence: its message
   * (block, neuron, row, w_r . x_i) with the step used and the bound 2 / lambda_max.
   */
  private Share advance(BlockEngine engine, Update step, boolean withGram, int t,
      double eta, double lambdaMax0) {
    try {
      return engine.advance(step, math.forwardPass(withGram, t), t);
    } catch (NumericalFaultException e) {
      if (step == null) {
        throw e;
      }
      String used = config.optimizer() == OptimizerKind.GN
          ? "Gauss-Newton step " + eta + " and damping " + config.damping()
          : "step size eta = " + eta + (Double.isFinite(lambdaMax0) && lambdaMax0 > 0
              ? String.format(java.util.Locale.ROOT, " (the stable bound is 2 / lambda_max = "
                  + "%.4g)", 2 / lambdaMax0) : "");
      throw new TrainingDivergedException("diverged at iteration " + t + " with " + used
          + ": " + e.getMessage(), e);
    }
  }

  /**
   * The step from the weights of iteration t: the residual for gd, the Gauss-Newton vector for
   * gn (its CG statistics reported as those of iteration t + 1, whose weights it produces).
   */
  private Update nextStep(DriverGram gram, Share sum, double[] residual, double eta, int t,
      TrainingListener listener) {
    if (config.optimizer() == OptimizerKind.GD) {
      return math.update(sum, null, residual, eta, null);
    }
    DriverGram.Solution solution = gram.solve(residual, config.damping(), t);
    if (solution.cgIterations() >= 0) {
      listener.onStepSolved(t + 1, solution.cgIterations(), solution.relativeResidual(),
          solution.converged());
    }
    return math.update(sum, null, solution.s(), eta, null);
  }
}

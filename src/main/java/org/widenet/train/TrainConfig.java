package org.widenet.train;

import org.widenet.model.NetworkSpec;

/**
 * Everything the driver loop needs besides the data and the engine.
 *
 * @param network the network to train
 * @param optimizer gd or gn
 * @param learningRate eta for gd or eta_gn for gn; NaN means "auto": 1 / lambda_max(J J^T) at
 *     initialization for gd (auto is not defined for gn)
 * @param damping mu, added to the diagonal of J J^T in the Gauss-Newton solve
 * @param iterations T, the number of updates; metrics rows run from 0 to T
 * @param gramEvery compute the Gram diagnostics every k iterations (always at 0 and at T;
 *     every iteration for gn, which needs the Gram to step)
 * @param partitions the number of neuron blocks
 * @param divergenceFactor training stops as diverged when the loss exceeds this multiple of
 *     its value at t = 0 (or stops being finite)
 * @param gram how the driver reaches J J^T: exact (packed n x n) or matrix-free (conjugate
 *     gradients and Lanczos on products), with the iterative solvers' settings
 * @param tolerance stop early, before T, at the first iteration whose residual has
 *     ||F - Y|| &lt;= tolerance ||Y|| (0: at an exact fit only); {@link #NO_TOLERANCE} (the
 *     default): always run T updates
 * @param stepForm how relu2 blocks hold and step their weights ({@link StepForm})
 */
public record TrainConfig(NetworkSpec network, OptimizerKind optimizer, double learningRate,
    double damping, int iterations, int gramEvery, int partitions, double divergenceFactor,
    GramSettings gram, double tolerance, StepForm stepForm) {

  /** Default of {@link #tolerance()}: no early stop. */
  public static final double NO_TOLERANCE = Double.NaN;

  /** A configuration with the step form chosen by {@link StepForm#AUTO}. */
  public TrainConfig(NetworkSpec network, OptimizerKind optimizer, double learningRate,
      double damping, int iterations, int gramEvery, int partitions, double divergenceFactor,
      GramSettings gram, double tolerance) {
    this(network, optimizer, learningRate, damping, iterations, gramEvery, partitions,
        divergenceFactor, gram, tolerance, StepForm.AUTO);
  }

  /** This configuration with another step form. */
  public TrainConfig withStepForm(StepForm form) {
    return new TrainConfig(network, optimizer, learningRate, damping, iterations, gramEvery,
        partitions, divergenceFactor, gram, tolerance, form);
  }

  /** Whether blocks step in the span form on n rows of d inputs ({@link StepForm#spans}). */
  public boolean spanSteps(int n, int d) {
    return stepForm.spans(network, n, d, gram.isMatrixFree());
  }

  /** A configuration without early stop. */
  public TrainConfig(NetworkSpec network, OptimizerKind optimizer, double learningRate,
      double damping, int iterations, int gramEvery, int partitions, double divergenceFactor,
      GramSettings gram) {
    this(network, optimizer, learningRate, damping, iterations, gramEvery, partitions,
        divergenceFactor, gram, NO_TOLERANCE);
  }

  /** Default of {@link #divergenceFactor()}: a loss 1000 times its start is divergence. */
  public static final double DEFAULT_DIVERGENCE_FACTOR = 1e3;

  /** A configuration with the exact Gram. */
  public TrainConfig(NetworkSpec network, OptimizerKind optimizer, double learningRate,
      double damping, int iterations, int gramEvery, int partitions, double divergenceFactor) {
    this(network, optimizer, learningRate, damping, iterations, gramEvery, partitions,
        divergenceFactor, GramSettings.EXACT);
  }

  /** A configuration with the default divergence factor and the exact Gram. */
  public TrainConfig(NetworkSpec network, OptimizerKind optimizer, double learningRate,
      double damping, int iterations, int gramEvery, int partitions) {
    this(network, optimizer, learningRate, damping, iterations, gramEvery, partitions,
        DEFAULT_DIVERGENCE_FACTOR);
  }

  /** Marks an automatic learning rate. */
  public static final double AUTO = Double.NaN;

  public TrainConfig {
    if (gram == null) {
      throw new IllegalArgumentException("Gram settings are required (GramSettings.EXACT for "
          + "the exact Gram)");
    }
    if (stepForm == null) {
      throw new IllegalArgumentException("a step form is required (StepForm.AUTO)");
    }
    if (!(divergenceFactor > 1)) {
      throw new IllegalArgumentException("--divergence-factor must be > 1, got "
          + divergenceFactor);
    }
    if (iterations < 0) {
      throw new IllegalArgumentException("--iterations must be >= 0, got " + iterations);
    }
    if (gramEvery < 0) {
      throw new IllegalArgumentException("--gram-every must be >= 0, got " + gramEvery);
    }
    if (partitions < 1) {
      throw new IllegalArgumentException("--partitions must be >= 1, got " + partitions);
    }
    if (!(damping >= 0) || Double.isInfinite(damping)) {
      throw new IllegalArgumentException("--damping must be a finite number >= 0, got " + damping);
    }
    if (!Double.isNaN(tolerance) && !(tolerance >= 0)) {
      throw new IllegalArgumentException("--tolerance must be >= 0, got " + tolerance);
    }
    if (isAutoLearningRate(learningRate)) {
      if (optimizer == OptimizerKind.GN) {
        throw new IllegalArgumentException("--lr auto applies to gd only; gn takes a fixed "
            + "step (default 1)");
      }
    } else if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
      throw new IllegalArgumentException("--lr must be a positive number or auto, got "
          + learningRate);
    }
  }

  /**
   * Whether a residual of norm {@code residualNorm} stops the run early, for targets of norm
   * {@code targetNorm} (never without a {@link #tolerance}).
   */
  public boolean reached(double residualNorm, double targetNorm) {
    return residualNorm <= tolerance * targetNorm;
  }

  public static boolean isAutoLearningRate(double learningRate) {
    return Double.isNaN(learningRate);
  }

  /**
   * Whether iteration t computes the Gram matrix (exact mode): every gn step; at 0, at T and
   * every gramEvery iterations; with gramEvery 0 only at 0 and only when the automatic step
   * needs lambda_max.
   */
  public boolean gramAt(int t) {
    if (optimizer == OptimizerKind.GN) {
      return true;
    }
    if (gramEvery == 0) {
      return t == 0 && isAutoLearningRate(learningRate);
    }
    return t == 0 || t == iterations || t % gramEvery == 0;
  }

  /**
   * Whether iteration t reports lambda_min and lambda_max. Exact mode: whenever the Gram is
   * formed ({@link #gramAt}). Matrix-free mode: at 0, every gramEvery iterations and at T, for gn
   * too, since each estimate costs up to {@link GramSettings#lanczosSteps()} engine passes.
   */
  public boolean spectrumAt(int t) {
    if (gram.isMatrixFree()) {
      if (gramEvery == 0) {
        return t == 0 && isAutoLearningRate(learningRate);
      }
      return t == 0 || t == iterations || t % gramEvery == 0;
    }
    return gramAt(t);
  }

  /** Whether the engine pass of iteration t must return the blocks' packed Gram shares. */
  public boolean blockGramAt(int t) {
    return !gram.isMatrixFree() && gramAt(t);
  }
}

package org.widenet.experiment.diffusion;

import java.util.Locale;
import org.widenet.softmax.SoftmaxFit;
import org.widenet.softmax.SoftmaxRegression;
import org.widenet.softmax.SoftmaxSettings;
import org.widenet.train.OptimizerKind;

/**
 * The paper's denoiser: a two-layer softmax network F(W, x)_l = m &lt;a_l, S(W^T x)&gt; with d + 1
 * inputs and d outputs (docs/diffusion/README.md), symmetric initialization (F = 0 at the start),
 * trained on 0.5 ||F - Y||_F^2 by {@link SoftmaxRegression#fit} on the local engine.
 *
 * <p>Two optimizers: gradient descent (the paper's; step {@code c / lambda_max(J J^T(0))}), and
 * damped Gauss-Newton with the damping given relative to the Gram's scale,
 * {@code mu = dampingRatio * lambda_max(J J^T(0))}. The denoising Gram is very ill-conditioned
 * (inputs in d + 1 = 3 dimensions give an analytic kernel whose eigenvalues fall off fast), so
 * GD at a stable step fits only the top eigen-directions in hundreds of iterations, while a few
 * Gauss-Newton steps reach the kernel-ridge solution with ridge mu; lambda_max is measured by
 * a first fit with no iteration.
 */
public final class SoftmaxDenoiserTrainer implements DenoiserTrainer {
  private final SoftmaxSettings settings;
  private final double dampingRatio;

  /**
   * @param settings width, sigma, step size (NaN: automatic), iterations, seed, blocks; its
   *     optimizer is GD or GN
   * @param dampingRatio for GN: mu / lambda_max(J J^T(0)), positive; ignored for GD
   */
  public SoftmaxDenoiserTrainer(SoftmaxSettings settings, double dampingRatio) {
    if (settings.optimizer() == OptimizerKind.GN && !(dampingRatio > 0)) {
      throw new IllegalArgumentException("--damping-ratio must be positive, got "
          + dampingRatio);
    }
    this.settings = settings;
    this.dampingRatio = dampingRatio;
  }

  private boolean gaussNewton() {
    return settings.optimizer() == OptimizerKind.GN;
  }

  @Override
  public String describe() {
    String step = gaussNewton()
        ? "Gauss-Newton, mu = " + dampingRatio + " lambda_max(J J^T(0))"
        : "gradient descent, eta = " + (Double.isNaN(settings.learningRate())
            ? settings.lrConstant() + " / lambda_max(J J^T(0))" : settings.learningRate());
    return String.format(Locale.ROOT, "softmax2 network (m = %d, sigma = %s), %s, %d iterations",
        settings.width(), settings.sigma(), step, settings.iterations());
  }

  @Override
  public TrainedDenoiser fit(double[] inputs, double[] labels, int n, int inputDim,
      int outputDim) {
    SoftmaxSettings s = settings;
    if (gaussNewton()) {
      SoftmaxFit probe = SoftmaxRegression.fit(inputs, labels, n, inputDim, outputDim,
          settings.withOptimizer(OptimizerKind.GD, 0).withAutoLearningRate(1).withIterations(0));
      double lambdaMax = probe.result().lambdaMaxInitial();
      s = settings.withOptimizer(OptimizerKind.GN, dampingRatio * lambdaMax);
    }
    SoftmaxFit fit = SoftmaxRegression.fit(inputs, labels, n, inputDim, outputDim, s);
    return new TrainedDenoiser(fit::predict, fit.losses());
  }
}

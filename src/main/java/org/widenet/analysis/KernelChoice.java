package org.widenet.analysis;

import org.widenet.data.Dataset;
import org.widenet.math.AnalyticKernels;
import org.widenet.model.ModelFamily;
import org.widenet.model.NetworkSpec;

/**
 * The infinite-width kernel that the Jacobian Gram J J^T of a model family tends to as the
 * width grows, in the units of J J^T (the Gram the optimizers use):
 * <ul>
 *   <li>relu2: J J^T -> H-infinity of Arora et al. eq. (3), whatever kappa (ReLU indicators
 *       are scale-invariant); rows must have unit norm.</li>
 *   <li>exp2: J J^T = m H(t) of Gao et al., and H(0) -> H^cts (Lemma 6.3) with sigma the
 *       initial scale, so J J^T -> m H^cts.</li>
 * </ul>
 *
 * @param kind the analytic kernel
 * @param sigma the standard deviation of the initial weights (exp kernel only)
 * @param scale the factor from the analytic kernel to J J^T units
 */
public record KernelChoice(AnalyticKernels.Kind kind, double sigma, double scale) {

  /** The kernel for a network. */
  public static KernelChoice forNetwork(NetworkSpec spec) {
    if (spec.family() == ModelFamily.RELU2) {
      return new KernelChoice(AnalyticKernels.Kind.RELU_INF, spec.initScale(), 1.0);
    }
    return new KernelChoice(AnalyticKernels.Kind.EXP_INF, spec.initScale(), spec.width());
  }

  /**
   * Checks that the kernel is defined for the data: H-infinity needs unit-norm rows.
   *
   * @throws IllegalArgumentException naming the first bad row and the --normalize fix
   */
  public void checkData(Dataset data) {
    if (kind != AnalyticKernels.Kind.RELU_INF) {
      return;
    }
    for (int i = 0; i < data.n(); i++) {
      double sq = 0;
      for (int j = 0; j < data.d(); j++) {
        double v = data.x()[i + j * data.n()];
        sq += v * v;
      }
      if (Math.abs(Math.sqrt(sq) - 1) > 1e-9) {
        throw new IllegalArgumentException("the ReLU kernel H-infinity needs unit-norm rows, "
            + "but row " + (i + 1) + " of " + data.source() + " has norm " + Math.sqrt(sq)
            + ": add --normalize");
      }
    }
  }

  /** The kernel in J J^T units, computed on this JVM (packed). */
  public double[] compute(Dataset data) {
    double[] k = kind == AnalyticKernels.Kind.RELU_INF
        ? AnalyticKernels.reluInfinity(data.n(), data.d(), data.x())
        : AnalyticKernels.expInfinity(data.n(), data.d(), data.x(), sigma);
    return scaled(k);
  }

  /** Multiplies a packed analytic kernel by {@link #scale()} in place and returns it. */
  public double[] scaled(double[] packed) {
    if (scale != 1.0) {
      for (int i = 0; i < packed.length; i++) {
        packed[i] *= scale;
      }
    }
    return packed;
  }

  /** A short description for summaries, e.g. "relu-inf" or "exp-inf x 2000 (sigma 1.0)". */
  public String describe() {
    return kind == AnalyticKernels.Kind.RELU_INF ? kind.cliName()
        : kind.cliName() + " x " + (long) scale + " (sigma " + sigma + ")";
  }
}

package org.widenet.cli;

import java.util.List;
import java.util.Locale;

/** The options of {@code widenet ntk}. */
final class NtkOptions {
  /** Which kernel to analyse. */
  enum Kernel {
    RELU_INF("relu-inf"), EXP_INF("exp-inf"), EMPIRICAL("empirical");

    final String cliName;

    Kernel(String cliName) {
      this.cliName = cliName;
    }

    static Kernel parse(String s) {
      for (Kernel k : values()) {
        if (k.cliName.equals(s.trim().toLowerCase(Locale.ROOT))) {
          return k;
        }
      }
      throw new IllegalArgumentException("unknown kernel (choose relu-inf, exp-inf or "
          + "empirical)");
    }
  }

  private static final List<OptionSpec> OWN = List.of(
      OptionSpec.value("kernel", "relu-inf|exp-inf|empirical", "relu-inf", "analytic ReLU "
          + "H-infinity, analytic exp kernel, or the finite-width J J^T at initialization"),
      OptionSpec.value("sigma", "X", "1", "exp-inf: std. dev. of w in E[x.x' e^{w.x} e^{w.x'}]"),
      OptionSpec.value("predict-lr", "ETA", "", "write predicted.csv: Theorem 4.1's residual "
          + "norm for gradient descent with this step"),
      OptionSpec.value("predict-iterations", "K", "1000", "iterations of predicted.csv"));

  static final List<OptionSpec> SPECS = RunOptions.concat(List.of(RunOptions.CONFIG), OWN,
      NetworkOptions.SPECS, DataOptions.SPECS, RunOptions.SPECS);

  final Kernel kernel;
  final double sigma;
  final Double predictLr;
  final int predictIterations;
  final NetworkOptions net;
  final DataOptions data;
  final RunOptions run;

  private NtkOptions(ParsedOptions o) {
    kernel = o.get("kernel", Kernel.RELU_INF, Kernel::parse);
    sigma = o.getDouble("sigma", 1.0);
    if (!(sigma > 0) || Double.isInfinite(sigma)) {
      throw new UsageException("--sigma must be a positive number, got " + sigma);
    }
    predictLr = o.has("predict-lr") ? o.getDouble("predict-lr", 0) : null;
    if (predictLr != null && !(predictLr > 0)) {
      throw new UsageException("--predict-lr must be positive, got " + predictLr);
    }
    if (o.has("sigma") && kernel != Kernel.EXP_INF) {
      throw new UsageException("--sigma applies to --kernel exp-inf only");
    }
    if (o.has("predict-iterations") && predictLr == null) {
      throw new UsageException("--predict-iterations needs --predict-lr");
    }
    predictIterations = o.getInt("predict-iterations", 1000);
    if (predictIterations < 0) {
      throw new UsageException("--predict-iterations must be >= 0, got " + predictIterations);
    }
    if (kernel != Kernel.EMPIRICAL) {
      for (String option : List.of("model", "width", "partitions", "seed", "init-scale",
          "symmetric-init")) {
        if (o.has(option)) {
          throw new UsageException("--" + option + " applies to --kernel empirical only");
        }
      }
    }
    net = new NetworkOptions(o);
    data = new DataOptions(o);
    run = new RunOptions(o);
  }

  static NtkOptions parse(String[] args) {
    return new NtkOptions(ParsedOptions.parse(SPECS, args));
  }

  static String help() {
    return RunOptions.help("widenet ntk (--data PATH | --synthetic SPEC) [options]",
        "Spectral analysis of a neural tangent kernel (Arora et al. 2019, Sections 4-5): "
            + "eigenvalues, label projections,\ncomplexity measure and predicted loss curve.",
        SPECS);
  }
}

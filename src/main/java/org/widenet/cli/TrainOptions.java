package org.widenet.cli;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.widenet.model.NetworkSpec;
import org.widenet.train.GramMode;
import org.widenet.train.GramSettings;
import org.widenet.train.OptimizerKind;
import org.widenet.train.StepForm;
import org.widenet.train.TrainConfig;

/**
 * The options of {@code widenet train}, parsed and validated without touching Spark or the
 * data. Defaults live here and in the help text, in one place.
 */
final class TrainOptions {
  private static final List<OptionSpec> TRAINING = List.of(
      OptionSpec.value("optimizer", "gd|gn", "gd", "gradient descent or Gauss-Newton"),
      OptionSpec.value("lr", "X|auto", "auto (gd), 1 (gn)", "step size eta; auto = "
          + "1/lambda_max(J J^T) at initialization (gd only)"),
      OptionSpec.value("damping", "MU", "0", "Gauss-Newton damping mu in (J J^T + mu I)"),
      OptionSpec.value("iterations", "T", "100", "number of updates"),
      SharedTrainOptions.GRAM_EVERY,
      DriverGram.SPEC,
      OptionSpec.value("gram", "exact|matrix-free|auto", "auto", "exact forms the n x n Gram "
          + "J J^T on the driver; matrix-free only multiplies by it, one pass over the blocks "
          + "per product (CG for gn, Lanczos for the spectrum); auto = exact when it fits "
          + "--driver-gram-limit"),
      OptionSpec.value("step-form", "auto|weights|span", "auto", "how relu2 blocks step: "
          + "on their weights (4 n d m flops per step), or in the span form W = W(0) - X^T A "
          + "(2 n^2 m flops, n + n doubles per neuron, X X^T kept on every executor); auto = "
          + "span when n < 1.6 d, n <= 4096, the Gram is exact (or not needed) and the span "
          + "state, 16 n m bytes, fits an eighth of the driver heap. The same results up to "
          + "rounding"),
      SharedTrainOptions.CG_TOL,
      SharedTrainOptions.CG_MAX_ITER,
      SharedTrainOptions.LANCZOS_STEPS,
      SharedTrainOptions.PRECONDITIONER_RANK,
      SharedTrainOptions.PRECONDITIONER_EVERY,
      SharedTrainOptions.CHECKPOINT_DIR, SharedTrainOptions.CHECKPOINT_EVERY,
      SharedTrainOptions.RESUME,
      OptionSpec.value("divergence-factor", "F", "1000", "stop as diverged when the loss "
          + "exceeds F times its start"),
      OptionSpec.flag("predict", "add the residual norm predicted by the analytic kernel "
          + "(Arora et al. Thm 4.1) to metrics.csv as predicted_residual"));

  static final List<OptionSpec> SPECS = RunOptions.concat(List.of(RunOptions.CONFIG),
      NetworkOptions.SPECS, TRAINING, DataOptions.SPECS, SharedTrainOptions.RUN);

  final ParsedOptions raw;
  final NetworkOptions net;
  final NetworkSpec network;
  final Integer partitions;
  final OptimizerKind optimizer;
  final double learningRate;
  final double damping;
  final int iterations;
  final int gramEvery;
  /** --gram: exact or matrix-free, or null for auto (decided by {@link #gramMode}). */
  final GramMode gram;
  /** --driver-gram-limit in bytes, or the default share of the heap. */
  final long driverGramLimit;
  /** --step-form. */
  final StepForm stepForm;
  final double cgTolerance;
  final int cgMaxIterations;
  final int lanczosSteps;
  final int preconditionerRank;
  final int preconditionerEvery;
  final String checkpointDir;
  final String resume;
  final int checkpointEvery;
  final boolean predict;
  final double divergenceFactor;
  final DataOptions data;
  final RunOptions run;
  final String out;
  final boolean overwrite;
  final String master;
  final Map<String, String> sparkConf;

  private TrainOptions(ParsedOptions o) {
    this.raw = o;
    net = new NetworkOptions(o);
    network = net.network;
    partitions = net.partitions;
    optimizer = o.get("optimizer", OptimizerKind.GD, OptimizerKind::parse);
    String lr = o.get("lr");
    if (lr == null) {
      learningRate = optimizer == OptimizerKind.GD ? TrainConfig.AUTO : 1.0;
    } else if (lr.trim().toLowerCase(Locale.ROOT).equals("auto")) {
      learningRate = TrainConfig.AUTO;
    } else {
      learningRate = o.getDouble("lr", 1.0);
    }
    damping = o.getDouble("damping", 0.0);
    iterations = o.getInt("iterations", 100);
    gramEvery = SharedTrainOptions.gramEvery(o, false);
    driverGramLimit = o.get("driver-gram-limit", DriverGram.defaultLimit(),
        DriverGram::parseBytes);
    String gramName = o.get("gram");
    gram = gramName == null || gramName.trim().equalsIgnoreCase("auto") ? null
        : o.get("gram", null, TrainOptions::parseGram);
    stepForm = o.get("step-form", StepForm.AUTO, StepForm::parse);
    cgTolerance = SharedTrainOptions.cgTol(o);
    cgMaxIterations = SharedTrainOptions.cgMaxIter(o);
    lanczosSteps = o.getInt("lanczos-steps", GramSettings.DEFAULT_LANCZOS_STEPS);
    preconditionerRank = o.getInt("preconditioner-rank", 0);
    preconditionerEvery = o.getInt("preconditioner-every",
        GramSettings.DEFAULT_PRECONDITIONER_EVERY);
    NetworkOptions.usage(() -> gramSettings(GramMode.MATRIX_FREE));
    checkpointDir = o.get("checkpoint-dir");
    resume = o.get("resume");
    checkpointEvery = SharedTrainOptions.checkpointEvery(o);
    if (checkpointEvery < 1) {
      throw new UsageException("--checkpoint-every must be >= 1, got " + checkpointEvery);
    }
    divergenceFactor = o.getDouble("divergence-factor", TrainConfig.DEFAULT_DIVERGENCE_FACTOR);
    predict = o.flag("predict");
    if (predict && optimizer != OptimizerKind.GD) {
      throw new UsageException("--predict describes gradient descent (Arora et al. Theorem "
          + "4.1): use it with --optimizer gd");
    }
    // Validates optimizer, rate, damping, iterations and gram-every now, before any data.
    config(partitions == null ? 1 : partitions);
    data = new DataOptions(o);
    run = new RunOptions(o);
    out = run.out;
    overwrite = run.overwrite;
    master = run.master;
    sparkConf = run.sparkConf;
  }

  static TrainOptions parse(String[] args) {
    return new TrainOptions(ParsedOptions.parse(SPECS, args));
  }

  /** Options already parsed (and, for --resume, merged with the checkpoint's). */
  static TrainOptions from(ParsedOptions parsed) {
    return new TrainOptions(parsed);
  }

  /**
   * Refuses n rows whose exact Gram would not fit the driver (see {@link DriverGram}) when the
   * exact Gram was asked for; --gram auto goes matrix-free instead.
   */
  void checkDriverGram(int n) {
    if (gram == GramMode.EXACT) {
      DriverGram.check(n, partitions, predict, driverGramLimit, raw.has("driver-gram-limit"));
    }
  }

  /** The trainer's configuration for a given number of blocks, with the exact Gram. */
  TrainConfig config(int numBlocks) {
    return config(numBlocks, GramMode.EXACT);
  }

  /** The trainer's configuration for a given number of blocks and Gram mode. */
  TrainConfig config(int numBlocks, GramMode mode) {
    return NetworkOptions.usage(() -> new TrainConfig(network, optimizer, learningRate,
        damping, iterations, gramEvery, numBlocks, divergenceFactor, gramSettings(mode))
        .withStepForm(stepForm));
  }

  GramSettings gramSettings(GramMode mode) {
    return mode == GramMode.EXACT ? GramSettings.EXACT
        : new GramSettings(mode, cgTolerance, cgMaxIterations, lanczosSteps,
            preconditionerRank, preconditionerEvery);
  }

  /** --gram as resolved for n training rows: auto is exact when {@link #exactGramFits}. */
  GramMode gramMode(int n) {
    if (gram != null) {
      return gram;
    }
    return exactGramFits(n) ? GramMode.EXACT : GramMode.MATRIX_FREE;
  }

  /** --driver-gram-limit, or the default share of the driver heap. */
  long gramLimit() {
    return driverGramLimit;
  }

  /** Driver bytes the exact Gram path needs at n rows ({@link DriverGram#bytesNeeded}). */
  long exactGramBytes(long n) {
    return (long) DriverGram.bytesNeeded(n, DriverGram.partialsOnDriver(partitions), predict);
  }

  /** Whether the exact Gram of n rows fits under --driver-gram-limit. */
  boolean exactGramFits(long n) {
    return exactGramBytes(n) <= driverGramLimit;
  }

  private static GramMode parseGram(String name) {
    return GramMode.parse(name);
  }

  static final String USAGE = "widenet train (--data PATH | --synthetic SPEC) [options]";
  static final String ABOUT = "Trains a wide two-layer network on Spark, neurons partitioned "
      + "into blocks.";

  static String help() {
    return RunOptions.help(USAGE, ABOUT, SPECS);
  }
}

package org.widenet.cli;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.widenet.model.NetworkSpec;
import org.widenet.train.GramMode;
import org.widenet.train.GramSettings;
import org.widenet.train.OptimizerKind;
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
      OptionSpec.value("gram-every", "K", "10", "Gram diagnostics every K iterations (always "
          + "at 0 and the end)"),
      OptionSpec.value("gram", "exact|matrix-free|auto", "auto", "exact forms the n x n Gram "
          + "J J^T on the driver; matrix-free only multiplies by it, one pass over the blocks "
          + "per product (CG for gn, Lanczos for the spectrum); auto = exact when it fits "
          + "--driver-gram-limit"),
      OptionSpec.value("driver-gram-limit", "BYTES", "half the driver heap", "the most driver "
          + "memory the exact Gram may take before --gram auto goes matrix-free; suffix k, m "
          + "or g for KiB, MiB, GiB"),
      OptionSpec.value("cg-tol", "X", "1e-10", "matrix-free gn: stop conjugate gradients at "
          + "this relative residual"),
      OptionSpec.value("cg-max-iter", "K", "500", "matrix-free gn: the most CG iterations "
          + "(passes over the blocks) per step"),
      OptionSpec.value("lanczos-steps", "K", "60", "matrix-free: the most Lanczos steps "
          + "(passes over the blocks) per lambda_min / lambda_max estimate"),
      OptionSpec.value("checkpoint-dir", "DIR", "none", "write a checkpoint (weights by block, "
          + "state, metrics) every --checkpoint-every iterations; a shared filesystem on a "
          + "cluster"),
      OptionSpec.value("checkpoint-every", "K", "10", "checkpoint (or, without a directory, "
          + "cut lineage) every K iterations"),
      OptionSpec.value("resume", "DIR", "none", "continue the run checkpointed in DIR with its "
          + "options; options given now override them, except ones that would change the "
          + "result"),
      OptionSpec.value("divergence-factor", "F", "1000", "stop as diverged when the loss "
          + "exceeds F times its start"),
      OptionSpec.flag("predict", "add the residual norm predicted by the analytic kernel "
          + "(Arora et al. Thm 4.1) to metrics.csv as predicted_residual"));

  static final List<OptionSpec> SPECS = RunOptions.concat(List.of(RunOptions.CONFIG),
      NetworkOptions.SPECS, TRAINING, DataOptions.SPECS, RunOptions.SPECS);

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
  /** --driver-gram-limit in bytes, or null for half the driver's maximum heap. */
  final Long driverGramLimit;
  final double cgTolerance;
  final int cgMaxIterations;
  final int lanczosSteps;
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
    gramEvery = o.getInt("gram-every", 10);
    String gramName = o.get("gram");
    gram = gramName == null || gramName.trim().equalsIgnoreCase("auto") ? null
        : o.get("gram", null, TrainOptions::parseGram);
    driverGramLimit = o.get("driver-gram-limit", null, TrainOptions::parseBytes);
    cgTolerance = o.getDouble("cg-tol", GramSettings.DEFAULT_CG_TOLERANCE);
    cgMaxIterations = o.getInt("cg-max-iter", GramSettings.DEFAULT_CG_MAX_ITERATIONS);
    lanczosSteps = o.getInt("lanczos-steps", GramSettings.DEFAULT_LANCZOS_STEPS);
    NetworkOptions.usage(() -> gramSettings(GramMode.MATRIX_FREE));
    checkpointDir = o.get("checkpoint-dir");
    resume = o.get("resume");
    checkpointEvery = o.getInt("checkpoint-every", 10);
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

  /** The trainer's configuration for a given number of blocks, with the exact Gram. */
  TrainConfig config(int numBlocks) {
    return config(numBlocks, GramMode.EXACT);
  }

  /** The trainer's configuration for a given number of blocks and Gram mode. */
  TrainConfig config(int numBlocks, GramMode mode) {
    return NetworkOptions.usage(() -> new TrainConfig(network, optimizer, learningRate,
        damping, iterations, gramEvery, numBlocks, divergenceFactor, gramSettings(mode)));
  }

  GramSettings gramSettings(GramMode mode) {
    return mode == GramMode.EXACT ? GramSettings.EXACT
        : new GramSettings(mode, cgTolerance, cgMaxIterations, lanczosSteps);
  }

  /** --gram as resolved for n training rows: auto is exact when {@link #exactGramFits}. */
  GramMode gramMode(int n) {
    if (gram != null) {
      return gram;
    }
    return exactGramFits(n, gramLimit()) ? GramMode.EXACT : GramMode.MATRIX_FREE;
  }

  /** --driver-gram-limit, or half the driver's maximum heap. */
  long gramLimit() {
    return driverGramLimit != null ? driverGramLimit
        : (long) (Runtime.getRuntime().maxMemory() * 0.5);
  }

  /**
   * Driver bytes the exact Gram path needs at n rows, roughly: four packed n(n+1)/2 arrays
   * held at once (X X^T, the summed block shares, H(t), H(0)) plus one dense n x n LAPACK work
   * matrix (dsyevd, dpotrf).
   */
  static long exactGramBytes(long n) {
    return Double.BYTES * (4 * (n * (n + 1) / 2) + n * n);
  }

  /** Whether the exact Gram of n rows fits in limitBytes (see {@link #exactGramBytes}). */
  static boolean exactGramFits(long n, long limitBytes) {
    return exactGramBytes(n) <= limitBytes;
  }

  private static GramMode parseGram(String name) {
    return GramMode.parse(name);
  }

  /**
   * A byte count: digits with an optional suffix k, m or g (KiB, MiB, GiB), case ignored.
   *
   * @throws IllegalArgumentException when it is not one, or is negative or too large
   */
  static long parseBytes(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    long unit = 1;
    if (!t.isEmpty()) {
      char last = t.charAt(t.length() - 1);
      unit = switch (last) {
        case 'k' -> 1L << 10;
        case 'm' -> 1L << 20;
        case 'g' -> 1L << 30;
        default -> 1;
      };
      if (unit > 1) {
        t = t.substring(0, t.length() - 1).trim();
      }
    }
    if (!t.matches("[0-9]+")) {
      throw new IllegalArgumentException("not a byte count (digits with an optional k, m or g "
          + "suffix)");
    }
    try {
      return Math.multiplyExact(Long.parseLong(t), unit);
    } catch (ArithmeticException | NumberFormatException e) {
      throw new IllegalArgumentException("too large a byte count");
    }
  }

  static String help() {
    return RunOptions.help("widenet train (--data PATH | --synthetic SPEC) [options]",
        "Trains a wide two-layer network on Spark, neurons partitioned into blocks.", SPECS);
  }
}

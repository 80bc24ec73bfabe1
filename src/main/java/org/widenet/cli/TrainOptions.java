package org.widenet.cli;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.widenet.model.NetworkSpec;
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
      DriverGram.SPEC,
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
  /** --driver-gram-limit in bytes, or the default share of the heap. */
  final long driverGramLimit;
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
    driverGramLimit = o.get("driver-gram-limit", DriverGram.defaultLimit(),
        DriverGram::parseBytes);
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

  /** Refuses n rows whose Gram would not fit the driver (see {@link DriverGram}). */
  void checkDriverGram(int n) {
    DriverGram.check(n, partitions, predict, driverGramLimit, raw.has("driver-gram-limit"));
  }

  /** The trainer's configuration for a given number of blocks. */
  TrainConfig config(int numBlocks) {
    return NetworkOptions.usage(() -> new TrainConfig(network, optimizer, learningRate,
        damping, iterations, gramEvery, numBlocks, divergenceFactor));
  }

  static String help() {
    return RunOptions.help("widenet train (--data PATH | --synthetic SPEC) [options]",
        "Trains a wide two-layer network on Spark, neurons partitioned into blocks.", SPECS);
  }
}

package org.widenet.cli;

import java.util.List;
import org.widenet.model.BlockLayout;
import org.widenet.model.ModelFamily;
import org.widenet.model.NetworkSpec;

/** The options that define a network and its block layout. */
final class NetworkOptions {
  static final List<OptionSpec> SPECS = List.of(
      OptionSpec.value("model", "relu2|exp2", "relu2", "model family; softmax2, smooth2 and "
          + "deep-last have their own options (train --model NAME --help)"),
      SharedTrainOptions.WIDTH,
      OptionSpec.value("partitions", "P", "Spark's default parallelism", "neuron blocks"),
      SharedTrainOptions.SEED,
      OptionSpec.value("init-scale", "X", "1", "kappa (relu2) or sigma (exp2): std. dev. of "
          + "initial weights"),
      OptionSpec.flag("symmetric-init", "pair neurons with equal w and opposite a so f(0) = 0 "
          + "(needs even width)"));

  final NetworkSpec network;
  final Integer partitions;

  NetworkOptions(ParsedOptions o) {
    ModelFamily family = o.get("model", ModelFamily.RELU2, ModelFamily::parse);
    long width = SharedTrainOptions.width(o);
    if (width < 1) {
      throw new UsageException("--width must be at least 1, got " + width);
    }
    boolean symmetric = o.flag("symmetric-init");
    if (symmetric && width % 2 != 0) {
      throw new UsageException("--symmetric-init pairs neurons, so --width must be even, got "
          + width);
    }
    double initScale = o.getDouble("init-scale", 1.0);
    long seed = SharedTrainOptions.seed(o);
    network = usage(() -> new NetworkSpec(family, width, initScale, seed, symmetric));
    partitions = o.has("partitions") ? o.getInt("partitions", 1) : null;
    if (partitions != null) {
      usage(() -> BlockLayout.of(network, partitions));
    }
  }

  /** The block count: --partitions, or Spark's default parallelism capped by the width. */
  int blocks(int defaultParallelism) {
    if (partitions != null) {
      return partitions;
    }
    long limit = network.symmetricInit() ? network.width() / 2 : network.width();
    return (int) Math.max(1, Math.min(defaultParallelism, limit));
  }

  /** Runs a constructor, turning its IllegalArgumentException into a UsageException. */
  static <T> T usage(java.util.function.Supplier<T> make) {
    try {
      return make.get();
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
  }
}

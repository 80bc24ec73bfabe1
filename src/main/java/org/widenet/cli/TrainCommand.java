package org.widenet.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;

/**
 * {@code widenet train}: routes by (model, optimizer) to the family's command. Every one of
 * them runs the one {@link TrainPipeline}: options and data checked before Spark starts,
 * then train, evaluate, save.
 */
final class TrainCommand {
  private final PrintStream out;
  private final PrintStream err;

  TrainCommand(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  /** The train command that runs a (model, optimizer) pair. */
  enum Route { TWO_LAYER, MINI_BATCH, SOFTMAX2, SMOOTH2, DEEP_LAST }

  /** Every family's train options, for reading --model and --optimizer before routing. */
  private static final List<OptionSpec> ALL_SPECS = RunOptions.union(TrainOptions.SPECS,
      MiniBatchTrainCommand.SPECS, SoftmaxTrainCommand.SPECS, SmoothTrainCommand.SPECS,
      DeepTrainCommand.SPECS);

  /**
   * The one dispatch of {@code widenet train}: reads the options once, flags over --config,
   * exactly as the commands do, and routes by (model, optimizer): softmax2, smooth2 and
   * deep-last to their commands (which handle each optimizer they support), relu2 and exp2 to
   * the mini-batch command for sgd and to this one otherwise. {@code --resume DIR} without
   * --model (or --optimizer) routes by the checkpointed run's model (and optimizer).
   *
   * @throws UsageException when the options cannot be read (unknown option, bad --config)
   */
  static Route route(String[] args) {
    String[] rest = args.length > 0 && args[0].equals("-h")
        ? java.util.Arrays.copyOfRange(args, 1, args.length) : args;
    ParsedOptions o = ParsedOptions.parse(ALL_SPECS, rest);
    String model = o.has("model") ? o.get("model") : null;
    if (o.has("resume") && (model == null || !o.has("optimizer"))) {
      String problem = Resume.unreadable(o.get("resume"), new Configuration());
      if (problem != null) {
        throw new UsageException(problem);
      }
    }
    if (model == null && o.has("resume")) {
      // train --resume DIR: the checkpointed run's family.
      model = Resume.savedModel(o.get("resume"), new Configuration());
    }
    model = model == null ? "relu2" : model.trim().toLowerCase(Locale.ROOT);
    String optimizer = o.has("optimizer") ? o.get("optimizer") : null;
    if (optimizer == null && o.has("resume")) {
      // ... and its optimizer (sgd runs resume through the mini-batch command).
      optimizer = Resume.savedOption(o.get("resume"), new Configuration(), "optimizer");
    }
    optimizer = optimizer == null ? "" : optimizer.trim().toLowerCase(Locale.ROOT);
    switch (model) {
      case "softmax2":
        return Route.SOFTMAX2;
      case "smooth2":
        return Route.SMOOTH2;
      case DeepTrainCommand.MODEL:
        return Route.DEEP_LAST;
      default:
        return optimizer.equals("sgd") ? Route.MINI_BATCH : Route.TWO_LAYER;
    }
  }


  int run(String[] args) {
    Route route;
    try {
      route = route(args);
    } catch (UsageException e) {
      return SparkRun.inputError(err, e);
    }
    switch (route) {
      case SOFTMAX2:
        return new SoftmaxTrainCommand(out, err).run(args);
      case SMOOTH2:
        return new SmoothTrainCommand(out, err).run(args);
      case DEEP_LAST:
        return new DeepTrainCommand(out, err).run(args);
      case MINI_BATCH:
        return new MiniBatchTrainCommand(out, err).run(args);
      default:
        break;
    }
    return new TwoLayerTrainCommand(out, err).run(args);
  }
}

package org.widenet.cli;

import java.io.PrintStream;
import java.util.Arrays;
import org.widenet.report.Provenance;

/**
 * The entry point of {@code scripts/widenet} and of spark-submit
 * ({@code --class org.widenet.cli.Main widenet.jar train ...}).
 *
 * <p>Exit codes: 0 success, 1 training failed (summary.json says why), 2 bad usage or input
 * (one line on stderr, nothing started).
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    int code = run(args, System.out, System.err);
    if (code != 0) {
      System.exit(code);
    }
  }

  /** Runs a command; never calls System.exit, so tests can call it in-process. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length == 0) {
      err.println("widenet: error: no command given (commands: train; see widenet --help)");
      return 2;
    }
    if (args[0].equals("--help") || args[0].equals("help")) {
      out.print(usage());
      return 0;
    }
    if (args[0].equals("--version") || args[0].equals("version")) {
      out.println("widenet " + Provenance.widenetVersion());
      return 0;
    }
    String[] rest = Arrays.copyOfRange(args, 1, args.length);
    switch (args[0]) {
      case "train":
        return new TrainCommand(out, err).run(rest);
      case "ntk":
        return new NtkCommand(out, err).run(rest);
      case "predict":
        return new PredictCommand(out, err).run(rest);
      case "experiment":
        return new ExperimentCommand(out, err).run(rest);
      case "bench":
        return new BenchCommand(out, err).run(rest);
      case "scaling":
        return new ScalingCommand(out, err).run(rest);
      case "report":
        return new ReportCommand(out, err).run(rest);
      default:
        err.println("widenet: error: unknown command \"" + args[0] + "\" (commands: train, "
            + "predict, ntk, experiment, bench, scaling)");
        return 2;
    }
  }

  static String usage() {
    return "usage: widenet <command> [options]\n\n"
        + "commands:\n"
        + "  train     train a wide two-layer network (widenet train --help)\n"
        + "  predict   outputs of a saved model on data (widenet predict --help)\n"
        + "  ntk       spectrum, label projections and predicted loss of a kernel "
        + "(widenet ntk --help)\n"
        + "  experiment arora   reproduce Arora et al. (2019) Figures 1-2 "
        + "(widenet experiment arora --help)\n"
        + "  experiment diffusion   score estimation for a diffusion model, Gu et al. Section 6 "
        + "(widenet experiment diffusion --help)\n"
        + "  experiment teacher-student   reproduce Song et al. (2021) Section 6 "
        + "(widenet experiment teacher-student --help)\n"
        + "  bench     time the training step on standard shapes (widenet bench --help)\n"
        + "  scaling   width needed to train vs n, and its exponent (widenet scaling --help)\n"
        + "  report    report.html with figures of one or more runs (widenet report --help)\n"
        + "  version   print widenet's version\n";
  }
}

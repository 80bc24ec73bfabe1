package org.widenet.cli;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.widenet.train.GramSettings;

/**
 * The option vocabulary every family's {@code widenet train} shares: one spec, one default and
 * one meaning for --seed, --width, --gram-every, --cg-tol, --cg-max-iter and --out. The
 * families' SPECS take these objects instead of retyping them, and read the values through the
 * helpers here, so a default cannot drift between families.
 */
final class SharedTrainOptions {
  static final long DEFAULT_SEED = 0L;
  static final long DEFAULT_WIDTH = 10_000L;
  static final int DEFAULT_GRAM_EVERY = 10;
  static final double DEFAULT_CG_TOL = GramSettings.DEFAULT_CG_TOLERANCE;
  static final int DEFAULT_CG_MAX_ITER = GramSettings.DEFAULT_CG_MAX_ITERATIONS;

  static final OptionSpec SEED = OptionSpec.value("seed", "S", Long.toString(DEFAULT_SEED),
      "seed of the initial weights");
  static final OptionSpec WIDTH = OptionSpec.value("width", "M", Long.toString(DEFAULT_WIDTH),
      "hidden neurons m (per layer for deep-last)");
  static final OptionSpec GRAM_EVERY = OptionSpec.value("gram-every", "K",
      Integer.toString(DEFAULT_GRAM_EVERY), "Gram diagnostics (lambda_min, lambda_max, "
          + "gram_drift) every K iterations, always at the first and the last; K >= 1 "
          + "(smooth2 also takes 0: never form the Gram, for n k over 8000)");
  static final OptionSpec CG_TOL = OptionSpec.value("cg-tol", "X", "1e-10", "conjugate "
      + "gradients (matrix-free gn, deep-last --gn cg): stop at this relative residual");
  static final OptionSpec CG_MAX_ITER = OptionSpec.value("cg-max-iter", "K",
      Integer.toString(DEFAULT_CG_MAX_ITER), "conjugate gradients: the most iterations "
          + "(products with the Gram) per step");
  static final OptionSpec OUT = OptionSpec.value("out", "DIR", "runs/train-<time>", "output "
      + "directory (must be empty or new)");
  static final OptionSpec PRECONDITIONER_RANK = OptionSpec.value("preconditioner-rank", "R",
      "0", "matrix-free gn (deep-last: --gn cg): precondition CG by a Nystrom approximation of "
          + "J J^T of rank R: R sampled columns of J J^T (relu2, exp2: one pass per build, more "
          + "when n R is large) or R products (other families); 0 = plain CG");
  static final OptionSpec PRECONDITIONER_EVERY = OptionSpec.value("preconditioner-every", "K",
      "10", "matrix-free gn: rebuild the preconditioner every K Gauss-Newton steps, and at "
          + "every checkpoint (so that a resumed run is the uninterrupted one)");

  /** Old spellings that are refused with the new name (see {@link ParsedOptions}). */
  static final Map<String, String> RENAMED = Map.of(
      "cg-tolerance", "cg-tol",
      "cg-max-iterations", "cg-max-iter");

  static final OptionSpec LANCZOS_STEPS = OptionSpec.value("lanczos-steps", "K", "60",
      "matrix-free: the most Lanczos steps (passes over the blocks) per lambda_min / "
      + "lambda_max estimate");
  static final OptionSpec CHECKPOINT_DIR = OptionSpec.value("checkpoint-dir", "DIR", "none",
      "write a checkpoint (weights by block, state, metrics) every --checkpoint-every "
      + "iterations; a shared filesystem on a cluster");
  static final OptionSpec CHECKPOINT_EVERY = OptionSpec.value("checkpoint-every", "K", "10",
      "with --checkpoint-dir, write a checkpoint every K iterations (sgd: every K epochs)");
  static final OptionSpec RESUME = OptionSpec.value("resume", "DIR", "none", "continue the run "
      + "checkpointed in DIR with its options; options given now override them, except ones "
      + "that would change the result");

  /** Every train command's run options: {@link RunOptions#TRAIN_SPECS}, --out as above. */
  static final List<OptionSpec> RUN = RunOptions.TRAIN_SPECS.stream()
      .map(s -> s.name().equals("out") ? OUT : s).toList();

  private SharedTrainOptions() {}

  static int checkpointEvery(ParsedOptions o) {
    int every = o.getInt("checkpoint-every", 10);
    if (every < 1) {
      throw new UsageException("--checkpoint-every must be >= 1, got " + every);
    }
    return every;
  }

  static long seed(ParsedOptions o) {
    return o.getLong("seed", DEFAULT_SEED);
  }

  static long width(ParsedOptions o) {
    return o.getLong("width", DEFAULT_WIDTH);
  }

  /**
   * --gram-every: at least 1; 0 only where the family gives it a meaning (smooth2: never).
   */
  static int gramEvery(ParsedOptions o, boolean zeroMeansNever) {
    int k = o.getInt("gram-every", DEFAULT_GRAM_EVERY);
    if (k < 0 || (k == 0 && !zeroMeansNever)) {
      throw new UsageException("--gram-every must be >= 1, got " + k);
    }
    return k;
  }

  static double cgTol(ParsedOptions o) {
    double tol = o.getDouble("cg-tol", DEFAULT_CG_TOL);
    if (!(tol > 0)) {
      throw new UsageException("--cg-tol must be > 0, got " + tol);
    }
    return tol;
  }

  static int cgMaxIter(ParsedOptions o) {
    int k = o.getInt("cg-max-iter", DEFAULT_CG_MAX_ITER);
    if (k < 1) {
      throw new UsageException("--cg-max-iter must be >= 1, got " + k);
    }
    return k;
  }

  /** --out, or runs/train-&lt;time&gt;. */
  static String out(RunOptions run) {
    return run.out != null ? run.out : "runs/train-" + LocalDateTime.now().format(
        DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT));
  }
}

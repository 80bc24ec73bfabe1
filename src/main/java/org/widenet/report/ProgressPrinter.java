package org.widenet.report;

import java.io.PrintStream;
import java.util.Locale;
import org.widenet.train.IterationRecord;
import org.widenet.train.TrainingListener;

/**
 * One console line per iteration: iteration, loss, seconds per iteration (averaged since the
 * first update) and the estimated time left.
 */
public final class ProgressPrinter implements TrainingListener {
  private final PrintStream out;
  private final int iterations;
  private long firstMs = -1;
  private int firstIteration;

  public ProgressPrinter(PrintStream out, int iterations) {
    this.out = out;
    this.iterations = iterations;
  }

  /**
   * A printer for a run resumed after iteration {@code resumedAt}, whose training time so far
   * was {@code elapsedMs}: rates count only the iterations run since.
   */
  public ProgressPrinter(PrintStream out, int iterations, int resumedAt, long elapsedMs) {
    this(out, iterations);
    this.firstIteration = resumedAt;
    this.firstMs = elapsedMs;
  }

  @Override
  public void onLearningRate(double eta, boolean automatic) {
    out.printf(Locale.ROOT, "learning rate %.6g%s%n", eta,
        automatic ? " (auto: 1 / lambda_max(J J^T) at initialization)" : "");
  }

  @Override
  public void onIteration(IterationRecord r) {
    if (r.iteration() == 0) {
      firstMs = r.elapsedMs();
      out.printf(Locale.ROOT, "iter %d/%d  loss %.6e  (initial pass %.2f s)%n", 0, iterations,
          r.loss(), r.elapsedMs() / 1000.0);
      return;
    }
    double perIteration = (r.elapsedMs() - firstMs) / 1000.0
        / Math.max(1, r.iteration() - firstIteration);
    double eta = perIteration * (iterations - r.iteration());
    out.printf(Locale.ROOT, "iter %d/%d  loss %.6e  %.3f s/it  ETA %s%n", r.iteration(),
        iterations, r.loss(), perIteration, formatDuration(eta));
  }

  /** A long Gauss-Newton solve's progress, about every 30 s of it. */
  @Override
  public void onCgProgress(int iteration, int cgIterations, double relativeResidual,
      double seconds) {
    out.println("  " + cgProgressLine("iter " + iteration, cgIterations, relativeResidual,
        seconds));
  }

  /** The preconditioner's build, which can take minutes at large n or rank. */
  @Override
  public void onPreconditioner(int iteration, int rank, String sketch, int passes,
      double seconds) {
    out.println("  " + preconditionerLine("iter " + iteration, rank, sketch, passes, seconds));
  }

  /**
   * "WHAT: Nystrom preconditioner of rank R built from ... in P passes over the blocks, S s":
   * the line both the console and the Spark ML log print for a build.
   */
  public static String preconditionerLine(String what, int rank, String sketch, int passes,
      double seconds) {
    return String.format(Locale.ROOT, "%s: Nystrom preconditioner of rank %d built from %s in "
        + "%d passes over the blocks, %.1f s", what, rank,
        "columns".equals(sketch) ? "sampled columns of J J^T" : "products with J J^T", passes,
        seconds);
  }

  /**
   * "WHAT: solving its Gauss-Newton step, CG iteration K, relative residual R after S": the
   * line both the console and the Spark ML log print for a long solve.
   */
  public static String cgProgressLine(String what, int cgIterations, double relativeResidual,
      double seconds) {
    return String.format(Locale.ROOT, "%s: solving its Gauss-Newton step, CG iteration %d, "
        + "relative residual %.3e after %s", what, cgIterations, relativeResidual,
        formatDuration(seconds));
  }

  static String formatDuration(double seconds) {
    long s = Math.round(seconds);
    if (s < 60) {
      return s + "s";
    }
    if (s < 3600) {
      return (s / 60) + "m" + String.format(Locale.ROOT, "%02d", s % 60) + "s";
    }
    return (s / 3600) + "h" + String.format(Locale.ROOT, "%02d", (s % 3600) / 60) + "m";
  }
}

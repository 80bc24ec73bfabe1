package org.widenet.scaling;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The width-scaling study: for every n, initialization seed and data seed the width m* at
 * which the optimizer starts to reach loss &lt;= eps * loss(0) within T iterations, found by a
 * grid scan and a bisection in log-width to --resolution ({@link WidthSearch}); then the
 * exponent p of m* ~ n^p by least squares over all those points with a 95% bootstrap interval
 * over seeds and data seeds ({@link ExponentFit}). Points whose m* lies below the grid or
 * above it are reported and left out of the fit.
 */
public final class ScalingStudy {
  /** The confidence level of the exponent's interval. */
  public static final double LEVEL = 0.95;

  /**
   * Everything the report needs.
   *
   * @param reused runs answered from the study's trials.csv instead of being trained
   */
  public record Results(ScalingSettings settings, List<WidthSearch.Point> points,
      List<RunOutcome> runs, ExponentFit fit, double seconds, int reused) {

    /** The points of size n, in (data seed, seed) order. */
    public List<WidthSearch.Point> pointsOf(int n) {
      List<WidthSearch.Point> out = new ArrayList<>();
      for (WidthSearch.Point p : points) {
        if (p.n() == n) {
          out.add(p);
        }
      }
      return out;
    }

    /** The table's m*(n) over seeds and data seeds by --rule ({@link WidthSearch#aggregate}). */
    public double mStar(int n) {
      return WidthSearch.aggregate(pointsOf(n), settings.rule());
    }
  }

  private ScalingStudy() {}

  /** Runs the study with {@code trial}, without a journal; one progress line per run. */
  public static Results run(ScalingSettings s, WidthTrial trial, PrintStream progress)
      throws Exception {
    return run(s, trial, progress, null);
  }

  /**
   * Runs the study with {@code trial}; one progress line per trained run. With a journal, the
   * runs it holds are not trained again and every new run is appended to it as it finishes.
   */
  public static Results run(ScalingSettings s, WidthTrial trial, PrintStream progress,
      StudyJournal journal) throws Exception {
    long start = System.nanoTime();
    WidthSearch search = new WidthSearch(s.widths(), s.seedList(), s.dataSeedList(), s.rule(),
        Math.max(1, s.parallelRuns()), s.resolution());
    WidthTrial t = journal == null ? trial : journal.wrap(trial);
    if (journal != null && journal.finishedAtStart() > 0) {
      progress.printf(Locale.ROOT, "scaling: resuming: %d finished runs in %s are not run "
          + "again%n", journal.finishedAtStart(), StudyJournal.TRIALS);
    }
    boolean manyData = s.dataSeeds() > 1;
    WidthSearch.Result result = search.run(s.ns(), t, r -> {
      if (journal == null || !journal.fromFile(r)) {
        progress.printf(Locale.ROOT,
            "scaling: n=%d%s width=%d seed=%d %s (loss %.4g -> %.4g) in %.1f s%n", r.n(),
            manyData ? " data-seed=" + r.dataSeed() : "", r.width(), r.seed(),
            r.reached() ? "reached at t=" + r.reachIteration() : "did not reach",
            r.initialLoss(), r.finalLoss(), r.seconds());
      }
    });
    return new Results(s, result.points(), result.runs(), ExponentFit.of(result.points(),
        LEVEL), (System.nanoTime() - start) / 1e9, journal == null ? 0 : journal.reused());
  }
}

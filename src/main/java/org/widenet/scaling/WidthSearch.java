package org.widenet.scaling;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Finds m*(n, seed, dataSeed), the width at which one run starts to reach the target, for
 * every training-set size n, initialization seed and data seed, to a relative resolution.
 *
 * <p>The rule, per (n, seed, dataSeed), one run per width ("reaches" is decided per seed):
 * <ol>
 *   <li>Scan the grid upwards from its smallest width until a run reaches the target. The first
 *       passing grid width is m_pass; the grid width below it, which failed, is m_fail. When
 *       the smallest grid width passes, it is halved (rounded down to a trainable width) until
 *       a run fails, and that width is m_fail.</li>
 *   <li>Bisect the bracket [m_fail, m_pass] in log-width: run at the geometric midpoint
 *       (rounded to a width the trial can train, {@link WidthTrial#widthMultiple}); if it
 *       reaches it becomes m_pass, otherwise m_fail. Stop when m_pass &lt;=
 *       (1 + resolution) * m_fail, or when no trainable width lies strictly between them.</li>
 *   <li>m*(n, seed, dataSeed) is the geometric midpoint sqrt(m_fail * m_pass) of the final
 *       bracket, within a factor sqrt(1 + resolution) of any width in it.</li>
 * </ol>
 * Monotonicity in the width is not assumed for the scan (a width above a passing one is never
 * tried) but is assumed inside the bracket: a non-monotone bracket still ends with a failing
 * width within the resolution below a passing one, and that pair is m*. When even the smallest
 * trainable width passes, the point is {@link Status#BELOW_GRID} (only the upper bound m_pass
 * is known; it is left out of the fit); when no grid width passes it is
 * {@link Status#NOT_FOUND} (left out of the fit too).
 *
 * <p>Every (n, seed, dataSeed) search is a chain of runs, one after another; --parallel-runs
 * chains run at once (largest n first, as those chains are the longest). Results do not depend
 * on the parallelism: every run is deterministic and results are collected in (n, data seed,
 * seed) order.
 */
public final class WidthSearch {
  /** What the search of one (n, seed, dataSeed) found. */
  public enum Status {
    /** A failing and a passing width within the resolution. */
    BRACKETED,
    /** Even the smallest trainable width passed: m* is at most that. */
    BELOW_GRID,
    /** No grid width passed. */
    NOT_FOUND
  }

  /**
   * The threshold of one (n, seed, dataSeed).
   *
   * @param failWidth the largest width seen failing below passWidth (0 when none)
   * @param passWidth the smallest width seen passing (0 when none)
   * @param runs the chain's runs in the order they ran
   */
  public record Point(int n, long dataSeed, long seed, Status status, long failWidth,
      long passWidth, List<RunOutcome> runs) {
    /** m*: the geometric midpoint of the final bracket, NaN unless bracketed. */
    public double mStar() {
      return status == Status.BRACKETED ? Math.sqrt((double) failWidth * passWidth)
          : Double.NaN;
    }

    /**
     * The width this point needs, as an upper bound where that is all that is known: m* when
     * bracketed, the first grid width when below the grid, +infinity when not found.
     */
    public double bound() {
      return status == Status.BRACKETED ? mStar()
          : status == Status.BELOW_GRID ? passWidth : Double.POSITIVE_INFINITY;
    }

    /** The run at passWidth, or null when none passed. */
    public RunOutcome atPass() {
      for (RunOutcome r : runs) {
        if (r.width() == passWidth && r.reached()) {
          return r;
        }
      }
      return null;
    }
  }

  /** Every run made and the point of every (n, dataSeed, seed), in that order. */
  public record Result(List<Point> points, List<RunOutcome> runs) {}

  private final long[] widths;
  private final long[] seeds;
  private final long[] dataSeeds;
  private final ReachRule rule;
  private final int parallelRuns;
  private final double resolution;

  /**
   * @param widths the grid, strictly increasing, all positive
   * @param seeds the initialization seeds
   * @param dataSeeds the data seeds
   * @param rule how the per-seed thresholds combine into one m*(n) for the table
   *     ({@link #aggregate}); the fit uses every point
   * @param parallelRuns how many runs may train at once (1: one after another)
   * @param resolution the relative width resolution, in (0, 1]
   */
  public WidthSearch(long[] widths, long[] seeds, long[] dataSeeds, ReachRule rule,
      int parallelRuns, double resolution) {
    if (widths.length == 0 || seeds.length == 0 || dataSeeds.length == 0) {
      throw new IllegalArgumentException("the width grid and the seeds must not be empty");
    }
    for (int i = 0; i < widths.length; i++) {
      if (widths[i] < 1 || (i > 0 && widths[i] <= widths[i - 1])) {
        throw new IllegalArgumentException("--width-grid must be positive and strictly "
            + "increasing, got " + Arrays.toString(widths));
      }
    }
    if (parallelRuns < 1) {
      throw new IllegalArgumentException("--parallel-runs must be >= 1, got " + parallelRuns);
    }
    if (!(resolution > 0 && resolution <= 1)) {
      throw new IllegalArgumentException("--resolution must lie in (0, 1], got " + resolution);
    }
    this.widths = widths.clone();
    this.seeds = seeds.clone();
    this.dataSeeds = dataSeeds.clone();
    this.rule = rule;
    this.parallelRuns = parallelRuns;
    this.resolution = resolution;
  }

  /**
   * Runs the search.
   *
   * @param ns the training-set sizes
   * @param trial trains one network
   * @param onRun called with every finished run as it finishes (from the worker threads, one
   *     call at a time)
   * @throws Exception the first exception a run threw; no new runs start after it, the runs
   *     already training finish (and reach onRun)
   */
  public Result run(int[] ns, WidthTrial trial, Consumer<RunOutcome> onRun) throws Exception {
    List<int[]> chains = new ArrayList<>();
    for (int i = 0; i < ns.length; i++) {
      for (int d = 0; d < dataSeeds.length; d++) {
        for (int s = 0; s < seeds.length; s++) {
          chains.add(new int[] {i, d, s});
        }
      }
    }
    Point[] points = new Point[chains.size()];
    AtomicReference<Exception> failed = new AtomicReference<>();
    Consumer<RunOutcome> report = r -> {
      synchronized (this) {
        onRun.accept(r);
      }
    };
    if (parallelRuns == 1) {
      for (int c = 0; c < chains.size(); c++) {
        int[] k = chains.get(c);
        points[c] = search(ns[k[0]], dataSeeds[k[1]], seeds[k[2]], trial, report, failed);
      }
    } else {
      List<Integer> order = new ArrayList<>();
      for (int c = 0; c < chains.size(); c++) {
        order.add(c);
      }
      order.sort(Comparator.comparingInt((Integer c) -> -ns[chains.get(c)[0]]));
      ExecutorService pool = Executors.newFixedThreadPool(parallelRuns);
      try {
        List<Future<Point>> futures = new ArrayList<>();
        for (int c : order) {
          int[] k = chains.get(c);
          futures.add(pool.submit(() -> search(ns[k[0]], dataSeeds[k[1]], seeds[k[2]], trial,
              report, failed)));
        }
        for (int j = 0; j < order.size(); j++) {
          try {
            points[order.get(j)] = futures.get(j).get();
          } catch (ExecutionException e) {
            failed.compareAndSet(null,
                e.getCause() instanceof Exception ? (Exception) e.getCause() : e);
          }
        }
        if (failed.get() != null) {
          throw failed.get();
        }
      } finally {
        pool.shutdownNow();
      }
    }
    List<RunOutcome> all = new ArrayList<>();
    for (Point p : points) {
      all.addAll(p.runs());
    }
    return new Result(List.of(points), all);
  }

  private Point search(int n, long dataSeed, long seed, WidthTrial trial,
      Consumer<RunOutcome> report, AtomicReference<Exception> failed) throws Exception {
    List<RunOutcome> runs = new ArrayList<>();
    int pass = -1;
    for (int j = 0; j < widths.length && pass < 0; j++) {
      if (run(n, widths[j], seed, dataSeed, trial, runs, report, failed).reached()) {
        pass = j;
      }
    }
    if (pass < 0) {
      return new Point(n, dataSeed, seed, Status.NOT_FOUND, widths[widths.length - 1], 0,
          List.copyOf(runs));
    }
    long q = Math.max(1, trial.widthMultiple());
    long lo;
    long hi = widths[pass];
    if (pass > 0) {
      lo = widths[pass - 1];
    } else {
      // The smallest grid width passed: halve it until a run fails.
      while (true) {
        long half = hi / 2 / q * q;
        if (half < q) {
          return new Point(n, dataSeed, seed, Status.BELOW_GRID, 0, hi, List.copyOf(runs));
        }
        if (!run(n, half, seed, dataSeed, trial, runs, report, failed).reached()) {
          lo = half;
          break;
        }
        hi = half;
      }
    }
    while (hi > (1 + resolution) * lo) {
      long mid = Math.round(Math.sqrt((double) lo * hi) / q) * q;
      if (mid <= lo || mid >= hi) {
        break;
      }
      if (run(n, mid, seed, dataSeed, trial, runs, report, failed).reached()) {
        hi = mid;
      } else {
        lo = mid;
      }
    }
    return new Point(n, dataSeed, seed, Status.BRACKETED, lo, hi, List.copyOf(runs));
  }

  private static RunOutcome run(int n, long width, long seed, long dataSeed, WidthTrial trial,
      List<RunOutcome> runs, Consumer<RunOutcome> report, AtomicReference<Exception> failed)
      throws Exception {
    if (failed.get() != null) {
      throw new IllegalStateException("stopped: another run failed");
    }
    RunOutcome r;
    try {
      r = trial.run(n, width, seed, dataSeed).withDataSeed(dataSeed);
    } catch (Exception e) {
      failed.compareAndSet(null, e);
      throw e;
    }
    runs.add(r);
    report.accept(r);
    return r;
  }

  /**
   * The per-n width of the table: over the points of one n (every seed and data seed), the
   * smallest of their widths ({@link Point#bound}) at which the rule holds, i.e. "all": the
   * largest, "majority": the one above which more than half of the points lie. +infinity when
   * the rule needs a point that was not found.
   */
  public static double aggregate(List<Point> points, ReachRule rule) {
    double[] b = new double[points.size()];
    for (int i = 0; i < b.length; i++) {
      b[i] = points.get(i).bound();
    }
    Arrays.sort(b);
    for (int i = 0; i < b.length; i++) {
      if (rule.holds(i + 1, b.length)) {
        return b[i];
      }
    }
    return Double.POSITIVE_INFINITY;
  }
}

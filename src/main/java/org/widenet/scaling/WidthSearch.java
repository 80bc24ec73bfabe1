package org.widenet.scaling;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Finds, for each n, the smallest width on the grid at which training reaches the target:
 * the grid is scanned upwards from its first width (no monotonicity in n or m is assumed), all
 * seeds are run at each width, and the first width whose runs satisfy the {@link ReachRule}
 * is m*(n). The scan of every n advances in lockstep: one round runs the current width of
 * every n still searching, for every seed, so --parallel-runs has a round's runs to spread.
 * Results do not depend on the parallelism: every run is deterministic and results are
 * collected in (n, seed) order.
 */
public final class WidthSearch {
  /** The search's result for one n. */
  public record Threshold(int n, long width, int seedsReached, List<RunOutcome> atWidth) {
    /** Whether some width on the grid satisfied the rule. */
    public boolean found() {
      return width > 0;
    }
  }

  /** Every run made and the threshold of each n, in the order of ns. */
  public record Result(List<Threshold> thresholds, List<RunOutcome> runs) {}

  private final long[] widths;
  private final long[] seeds;
  private final ReachRule rule;
  private final int parallelRuns;

  /**
   * @param widths the grid, strictly increasing, all positive
   * @param seeds the initialization seeds run at every width
   * @param parallelRuns how many runs may train at once (1: one after another)
   */
  public WidthSearch(long[] widths, long[] seeds, ReachRule rule, int parallelRuns) {
    if (widths.length == 0 || seeds.length == 0) {
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
    this.widths = widths.clone();
    this.seeds = seeds.clone();
    this.rule = rule;
    this.parallelRuns = parallelRuns;
  }

  /**
   * Runs the search.
   *
   * @param ns the training-set sizes
   * @param trial trains one network
   * @param onRun called with every finished run, in collection order (progress lines)
   * @throws Exception the first exception a run threw (other runs of its round still finish)
   */
  public Result run(int[] ns, WidthTrial trial, Consumer<RunOutcome> onRun) throws Exception {
    int[] next = new int[ns.length];
    Threshold[] found = new Threshold[ns.length];
    List<RunOutcome> all = new ArrayList<>();
    ExecutorService pool = parallelRuns > 1 ? Executors.newFixedThreadPool(parallelRuns) : null;
    try {
      while (true) {
        List<Integer> active = new ArrayList<>();
        for (int i = 0; i < ns.length; i++) {
          if (found[i] == null) {
            active.add(i);
          }
        }
        if (active.isEmpty()) {
          break;
        }
        List<RunOutcome> round = runRound(ns, next, active, trial, pool);
        int k = 0;
        for (int i : active) {
          List<RunOutcome> runs = round.subList(k, k + seeds.length);
          k += seeds.length;
          int reached = 0;
          for (RunOutcome r : runs) {
            reached += r.reached() ? 1 : 0;
            all.add(r);
            onRun.accept(r);
          }
          if (rule.holds(reached, seeds.length)) {
            found[i] = new Threshold(ns[i], widths[next[i]], reached, List.copyOf(runs));
          } else if (++next[i] == widths.length) {
            found[i] = new Threshold(ns[i], -1, 0, List.of());
          }
        }
      }
    } finally {
      if (pool != null) {
        pool.shutdownNow();
      }
    }
    return new Result(List.of(found), all);
  }

  private List<RunOutcome> runRound(int[] ns, int[] next, List<Integer> active,
      WidthTrial trial, ExecutorService pool) throws Exception {
    List<RunOutcome> out = new ArrayList<>();
    if (pool == null) {
      for (int i : active) {
        for (long seed : seeds) {
          out.add(trial.run(ns[i], widths[next[i]], seed));
        }
      }
      return out;
    }
    List<Future<RunOutcome>> futures = new ArrayList<>();
    for (int i : active) {
      for (long seed : seeds) {
        int n = ns[i];
        long width = widths[next[i]];
        futures.add(pool.submit(() -> trial.run(n, width, seed)));
      }
    }
    Exception first = null;
    for (Future<RunOutcome> f : futures) {
      try {
        out.add(f.get());
      } catch (ExecutionException e) {
        if (first == null) {
          first = e.getCause() instanceof Exception ? (Exception) e.getCause() : e;
        }
      }
    }
    if (first != null) {
      throw first;
    }
    return out;
  }
}

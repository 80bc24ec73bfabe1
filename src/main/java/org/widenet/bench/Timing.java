package org.widenet.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.widenet.model.StepTimer.BlockTimes;

/**
 * Statistics of the timed iterations of one case: median, min and max of the iteration time,
 * and the split of the median iteration.
 */
public final class Timing {
  private Timing() {}

  /**
   * One timed iteration in seconds. total = forward + gradient + gram + other + solve +
   * overhead when the executor split is known; the five parts are NaN when it is not (executors
   * in other JVMs), and overhead is then NaN too.
   *
   * @param forward executor time in Z = X W and the output share
   * @param gradient executor time in the gradient step
   * @param gram executor time in the Gram share
   * @param other executor time in the block step outside those kernels
   * @param solve driver linear algebra: H = K o X X^T, eigenvalues, Cholesky
   * @param overhead the engine's time outside the executor critical path: job scheduling,
   *     broadcast, task (de)serialization, result transfer and the ordered sum
   */
  public record Sample(double total, double forward, double gradient, double gram, double other,
      double solve, double overhead) {

    Sample plus(Sample o) {
      return new Sample(total + o.total, forward + o.forward, gradient + o.gradient,
          gram + o.gram, other + o.other, solve + o.solve, overhead + o.overhead);
    }

    Sample times(double f) {
      return new Sample(total * f, forward * f, gradient * f, gram * f, other * f, solve * f,
          overhead * f);
    }
  }

  /**
   * @param median the median iteration time (the mean of the two middle ones for an even count)
   * @param split the median iteration's split (the mean of the two middle ones' splits, so the
   *     parts still add up to the median)
   */
  public record Summary(int count, double median, double min, double max, Sample split) {}

  /**
   * Summarizes timed iterations.
   *
   * @throws IllegalArgumentException when there are none
   */
  public static Summary summarize(List<Sample> samples) {
    if (samples.isEmpty()) {
      throw new IllegalArgumentException("no timed iterations");
    }
    List<Sample> sorted = new ArrayList<>(samples);
    sorted.sort(Comparator.comparingDouble(Sample::total));
    int k = sorted.size();
    Sample middle = k % 2 == 1 ? sorted.get(k / 2)
        : sorted.get(k / 2 - 1).plus(sorted.get(k / 2)).times(0.5);
    return new Summary(k, middle.total(), sorted.get(0).total(), sorted.get(k - 1).total(),
        middle);
  }

  /**
   * Splits an engine pass between the executor kernels and the engine's overhead.
   *
   * <p>The executor critical path is the longest block, or the total block time spread over
   * the task slots when that is longer (more blocks than slots queue). It is divided between
   * forward, gradient, Gram and other in the proportions of the summed per-block times;
   * overhead is the pass's wall time minus the critical path.
   *
   * <p>Whatever of the iteration is not the engine pass is driver time, reported as solve.
   *
   * @param totalSeconds the iteration's wall time
   * @param engineSeconds wall time of the engine's advance call within it
   * @param blocks the per-block times of that call (empty when executors report none)
   * @param slots how many blocks run at once
   */
  public static Sample split(double totalSeconds, double engineSeconds, List<BlockTimes> blocks,
      int slots) {
    double solveSeconds = totalSeconds - engineSeconds;
    if (blocks.isEmpty()) {
      return new Sample(totalSeconds, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
          solveSeconds, Double.NaN);
    }
    double forward = 0;
    double gradient = 0;
    double gram = 0;
    double sum = 0;
    double longest = 0;
    for (BlockTimes b : blocks) {
      forward += b.forwardNanos() / 1e9;
      gradient += b.gradientNanos() / 1e9;
      gram += b.gramNanos() / 1e9;
      sum += b.totalNanos() / 1e9;
      longest = Math.max(longest, b.totalNanos() / 1e9);
    }
    double critical = Math.max(longest, sum / Math.max(1, Math.min(slots, blocks.size())));
    double f = sum > 0 ? critical / sum : 0;
    double other = sum - forward - gradient - gram;
    return new Sample(totalSeconds, forward * f, gradient * f, gram * f, other * f,
        solveSeconds, engineSeconds - critical);
  }
}

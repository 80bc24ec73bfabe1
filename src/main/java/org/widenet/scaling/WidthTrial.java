package org.widenet.scaling;

/**
 * Trains one network for the scaling study. Implementations run the engine of one model
 * family (relu2 and exp2 through the block engine; smooth2 and softmax2 through their own
 * entry points); tests use a fake with a known threshold width.
 *
 * <p>Implementations must be safe to call from several threads at once (--parallel-runs) and
 * deterministic: the same (n, width, seed, dataSeed) gives the same outcome. The study relies
 * on that to resume: a trial already in the study's trials.csv is not run again.
 */
@FunctionalInterface
public interface WidthTrial {
  /**
   * Trains a network of {@code width} neurons on the study's data set of {@code n} points
   * drawn with data seed {@code dataSeed}, from initialization seed {@code seed}, for at most
   * the study's iteration budget, and reports whether (and when) the loss fell to the target
   * fraction of its start.
   */
  RunOutcome run(int n, long width, long seed, long dataSeed) throws Exception;

  /**
   * The widths this trial can train are the multiples of this (1 for most families; 2 for
   * softmax2, whose symmetric initialization pairs neurons): the bisection rounds its
   * midpoints to them.
   */
  default long widthMultiple() {
    return 1;
  }
}

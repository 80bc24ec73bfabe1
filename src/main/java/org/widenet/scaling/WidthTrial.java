package org.widenet.scaling;

/**
 * Trains one network for the scaling study. Implementations run the engine of one model
 * family (relu2 and exp2 through the block engine; smooth2 and softmax2 through their own
 * entry points); tests use a fake with a known threshold width.
 *
 * <p>Implementations must be safe to call from several threads at once (--parallel-runs) and
 * deterministic: the same (n, width, seed) gives the same outcome.
 */
@FunctionalInterface
public interface WidthTrial {
  /**
   * Trains a network of {@code width} neurons on the study's data set of {@code n} points from
   * initialization seed {@code seed}, for at most the study's iteration budget, and reports
   * whether (and when) the loss fell to the target fraction of its start.
   */
  RunOutcome run(int n, long width, long seed) throws Exception;
}

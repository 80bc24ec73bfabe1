package org.widenet.smooth;

import java.util.List;

/**
 * A fitted smooth2 network: its weights (collected to the driver, in block order) and what its
 * training run reported.
 */
public final class SmoothFit {
  private final SmoothSpec spec;
  private final SmoothTrainResult result;
  private final List<SmoothBlock> blocks;

  /**
   * @param result the training report, or null for a network loaded from a model file (then
   *     only {@link #predict}, {@link #spec} and {@link #blocks} may be called)
   * @param blocks the weights, in block order
   */
  public SmoothFit(SmoothSpec spec, SmoothTrainResult result, List<SmoothBlock> blocks) {
    this.spec = spec;
    this.result = result;
    this.blocks = List.copyOf(blocks);
  }

  /**
   * The outputs V phi(W x) for rows inputs x (rows x d0 column-major): rows x k column-major,
   * summed over blocks in the engines' order.
   */
  public double[] predict(double[] x, int rows) {
    return SmoothOutputs.predict(spec, blocks, x, rows);
  }

  public SmoothSpec spec() {
    return spec;
  }

  /** The full run report (every logged row, Lemma 3, final outputs). */
  public SmoothTrainResult result() {
    return result;
  }

  public List<SmoothBlock> blocks() {
    return blocks;
  }

  /** The logged losses 0.5 ||F - Y||^2, one per metrics row (gd: per iteration, sgd: epoch). */
  public double[] losses() {
    return result.records().stream().mapToDouble(SmoothRecord::loss).toArray();
  }

  public double initialLoss() {
    return result.initialLoss();
  }

  public double finalLoss() {
    return result.finalLoss();
  }

  public double learningRate() {
    return result.learningRate();
  }

  /** lambda_min(J J^T) at initialization (NaN when the Gram was off). */
  public double lambdaMinInitial() {
    return result.lambdaMin0();
  }

  public double lambdaMaxInitial() {
    return result.lambdaMax0();
  }

  /** ||Theta - Theta(0)||_F over both layers at the end. */
  public double weightMovement() {
    return result.last().froMove();
  }

  /** max_r ||(w_r, v_r) - (w_r(0), v_r(0))||_2 at the end. */
  public double maxNeuronMovement() {
    return result.last().maxMove();
  }

  /** ||H(T) - H(0)||_F at the end (NaN when the Gram was off). */
  public double gramDrift() {
    return result.last().gramDrift();
  }

  /** ||F - F_lin||_F at the end (NaN when lazy tracking was off). */
  public double lazyDistance() {
    return result.last().lazyDistance();
  }

  /** The network's final outputs on the training rows, n x k column-major. */
  public double[] trainOutputs() {
    return result.outputs().clone();
  }
}

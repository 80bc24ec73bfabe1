package org.widenet.smooth;

import org.widenet.model.Share;

/**
 * One block's additive share of what the driver needs after a smooth2 forward pass: the
 * output partial V_b phi(W_b X) on the evaluated rows (rows x k column-major), optionally the
 * Gram shares, and weight-movement statistics. Partials are summed in block-id order.
 *
 * <p>The Gram shares: {@code jacobian} is the packed nk x nk matrix C_b C_b^T with
 * C_b[(i + n c), r] = V_{c r} phi'(w_r . x_i) (the first layer's part before the Hadamard
 * product with X X^T), {@code phi} the packed n x n matrix phi(X W_b) phi(X W_b)^T
 * (the paper's phi(W X)^T phi(W X), also the second layer's part), {@code outputWeights} the
 * packed k x k V_b V_b^T.
 *
 * <p>A plain class (not a record) so that Kryo can ship it as a task result.
 */
public final class SmoothPartial implements Share {
  private final int firstBlock;
  private final double[] outputs;
  private final double[] jacobian;
  private final double[] phi;
  private final double[] outputWeights;
  private final double sumSquaredMoveW;
  private final double sumSquaredMoveV;
  private final double maxMove;

  /**
   * @param firstBlock the lowest block id in this partial
   * @param outputs rows x k column-major (owned by this object)
   * @param jacobian packed C_b C_b^T or null
   * @param phi packed phi phi^T share or null (null exactly when jacobian is)
   * @param outputWeights packed V_b V_b^T or null (null exactly when jacobian is)
   * @param sumSquaredMoveW ||W_b - W_b(0)||_F^2
   * @param sumSquaredMoveV ||V_b - V_b(0)||_F^2
   * @param maxMove max over neurons r of ||(w_r, v_r) - (w_r(0), v_r(0))||_2
   */
  public SmoothPartial(int firstBlock, double[] outputs, double[] jacobian, double[] phi,
      double[] outputWeights, double sumSquaredMoveW, double sumSquaredMoveV, double maxMove) {
    this.firstBlock = firstBlock;
    this.outputs = outputs;
    this.jacobian = jacobian;
    this.phi = phi;
    this.outputWeights = outputWeights;
    this.sumSquaredMoveW = sumSquaredMoveW;
    this.sumSquaredMoveV = sumSquaredMoveV;
    this.maxMove = maxMove;
  }

  @Override
  public int firstBlock() {
    return firstBlock;
  }

  public double[] outputs() {
    return outputs;
  }

  public double[] jacobian() {
    return jacobian;
  }

  public double[] phi() {
    return phi;
  }

  public double[] outputWeights() {
    return outputWeights;
  }

  public double sumSquaredMoveW() {
    return sumSquaredMoveW;
  }

  public double sumSquaredMoveV() {
    return sumSquaredMoveV;
  }

  public double maxMove() {
    return maxMove;
  }

  /** {@link #plus(SmoothPartial)}: the engines' merge, in block-id order. */
  @Override
  public Share plus(Share later) {
    return plus((SmoothPartial) later);
  }

  /** this + later as a new partial ({@code later} holds higher block ids); operands unchanged. */
  public SmoothPartial plus(SmoothPartial later) {
    if ((jacobian == null) != (later.jacobian == null)) {
      throw new IllegalStateException("cannot add a partial with a Gram to one without");
    }
    return new SmoothPartial(Math.min(firstBlock, later.firstBlock), add(outputs, later.outputs),
        add(jacobian, later.jacobian), add(phi, later.phi),
        add(outputWeights, later.outputWeights), sumSquaredMoveW + later.sumSquaredMoveW,
        sumSquaredMoveV + later.sumSquaredMoveV, Math.max(maxMove, later.maxMove));
  }

  private static double[] add(double[] a, double[] b) {
    if (a == null) {
      return null;
    }
    double[] sum = a.clone();
    for (int i = 0; i < sum.length; i++) {
      sum[i] += b[i];
    }
    return sum;
  }
}

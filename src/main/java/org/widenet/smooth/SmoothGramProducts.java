package org.widenet.smooth;

import org.widenet.math.Blas;
import org.widenet.model.Block;
import org.widenet.model.BlockJob;
import org.widenet.model.DenseInputs;
import org.widenet.model.Inputs;
import org.widenet.model.Share;
import org.widenet.train.BlockEngine;

/**
 * The read-only smooth2 pass "H e without H": each block's J_b J_b^T e at its current weights,
 * summed in block-id order: the matrix-free Gram (Lanczos estimates of its spectrum). With
 * Z = X W_b^T, P = phi(Z), D = phi'(Z) and e the n x k direction E:
 * J_b^T E = (grad_V = E^T P, grad_W^T = X^T (D o E V_b)), and J_b (dW, dV) =
 * P dV^T + (D o X dW^T) V_b^T, so J_b J_b^T E = P P^T E + (D o X X^T (D o E V_b)) V_b^T,
 * worked through in tiles of {@link SmoothKernels#TILE} neurons: O(n (d0 + k) count) flops and
 * O(n TILE) memory, where the formed Gram needs (n k)^2.
 */
public final class SmoothGramProducts implements BlockJob {
  private static final long serialVersionUID = 1L;
  private static final String N = "N";
  private static final String T = "T";
  private final SmoothSpec spec;

  public SmoothGramProducts(SmoothSpec spec) {
    this.spec = spec;
  }

  /** H e at the engine's current weights, for e n x k column-major (not modified). */
  public static double[] times(BlockEngine engine, double[] e) {
    SmoothSpec spec = (SmoothSpec) engine.family();
    return ((SmoothPartial) engine.reduce(new SmoothGramProducts(spec), e)).outputs();
  }

  @Override
  public Share run(Block block, Inputs inputs, Object payload) {
    SmoothBlock b = (SmoothBlock) block;
    DenseInputs data = (DenseInputs) inputs;
    return new SmoothPartial(block.blockId(), times(spec.activation(), data.x(), data.rows(),
        spec.d0(), b.w(), b.v(), b.count(), spec.k(), (double[]) payload), null, null, null, 0,
        0, 0);
  }

  /**
   * J_b J_b^T E for one block, a new rows x k array.
   *
   * @param x rows x d0
   * @param w W_b^T, d0 x count
   * @param v V_b, k x count
   * @param e E, rows x k
   */
  static double[] times(SmoothActivation phi, double[] x, int rows, int d0, double[] w,
      double[] v, int count, int k, double[] e) {
    double[] out = new double[rows * k];
    if (rows == 0 || count == 0) {
      return out;
    }
    int tile = Math.min(SmoothKernels.TILE, count);
    double[] z = new double[rows * tile];
    double[] p = new double[rows * tile];
    double[] back = new double[rows * tile];
    double[] gv = new double[k * tile];
    double[] gw = new double[d0 * tile];
    for (int j0 = 0; j0 < count; j0 += tile) {
      int tc = Math.min(tile, count - j0);
      int len = rows * tc;
      SmoothKernels.preactivations(x, rows, d0, w, j0, tc, z, 0);
      for (int i = 0; i < len; i++) {
        p[i] = phi.value(z[i]);
        z[i] = phi.derivative(z[i]);
      }
      // back = D o (E V_tile), grad_V = E^T P, grad_W^T = X^T back.
      Blas.blas().dgemm(N, N, rows, tc, k, 1.0, e, 0, rows, v, j0 * k, k, 0.0, back, 0, rows);
      for (int i = 0; i < len; i++) {
        back[i] *= z[i];
      }
      Blas.blas().dgemm(T, N, k, tc, rows, 1.0, e, 0, rows, p, 0, rows, 0.0, gv, 0, k);
      Blas.blas().dgemm(T, N, d0, tc, rows, 1.0, x, 0, rows, back, 0, rows, 0.0, gw, 0, d0);
      // out += P grad_V^T + (D o X grad_W^T) V_tile^T.
      Blas.blas().dgemm(N, T, rows, k, tc, 1.0, p, 0, rows, gv, 0, k, 1.0, out, 0, rows);
      Blas.blas().dgemm(N, N, rows, tc, d0, 1.0, x, 0, rows, gw, 0, d0, 0.0, back, 0, rows);
      for (int i = 0; i < len; i++) {
        back[i] *= z[i];
      }
      Blas.blas().dgemm(N, T, rows, k, tc, 1.0, back, 0, rows, v, j0 * k, k, 1.0, out, 0, rows);
    }
    return out;
  }
}

package org.widenet.deep;

import java.util.ArrayList;
import java.util.List;
import org.widenet.model.BlockLayout;

/**
 * The frozen layers' forward pass, layer by layer (the paper's Algorithm 2, line 1): for
 * layer l = 1..L-1 every row block computes its rows of h_{i,l} = phi(W_l h_{i,l-1}) for all
 * training points, returns them sparse, and the driver stacks the blocks (in block order) into
 * the next layer's input, which is broadcast again. Only the sparse h crosses the network;
 * rows of W_l are regenerated from the seed where they are used.
 */
public final class LayerPass {
  private LayerPass() {}

  /** Runs one layer on every row block and returns the blocks' outputs in block order. */
  @FunctionalInterface
  public interface RowJobs {
    List<SparseColumns> layer(int layer, SparseColumns input);
  }

  /**
   * Measured sparsity of one layer.
   *
   * @param layer l
   * @param meanActive mean over points of ||h_{i,l}||_0
   * @param activeFraction meanActive / m
   * @param predictedFraction 1 - Phi(b), the expected firing fraction
   * @param paperActive m^(1-alpha), the paper's count
   * @param meanNorm mean over points of ||h_{i,l}|| (about 1 by the choice of c_b)
   */
  public record LayerStats(int layer, double meanActive, double activeFraction,
      double predictedFraction, double paperActive, double meanNorm) {}

  /** h_{L-1} for all points (m x n) and the statistics of layers 1..L-1. */
  public record Result(SparseColumns v, List<LayerStats> stats) {}

  /** Runs layers 1..L-1 from the inputs (d x n, one column per point). */
  public static Result run(DeepSpec spec, SparseColumns x, RowJobs jobs) {
    SparseColumns h = x;
    List<LayerStats> stats = new ArrayList<>();
    for (int layer = 1; layer < spec.depth(); layer++) {
      h = SparseColumns.concatRows(jobs.layer(layer, h));
      stats.add(stats(spec, layer, h));
    }
    return new Result(h, List.copyOf(stats));
  }

  /** Sparsity statistics of h (m x n). */
  public static LayerStats stats(DeepSpec spec, int layer, SparseColumns h) {
    double norm = 0;
    for (int i = 0; i < h.cols(); i++) {
      norm += h.columnNorm(i);
    }
    double mean = (double) h.nnz() / h.cols();
    return new LayerStats(layer, mean, mean / spec.width(), spec.firingProbability(),
        spec.paperActiveCount(), norm / h.cols());
  }

  /** The inputs as a d x n sparse matrix (column i = x_i) from n x d column-major data. */
  public static SparseColumns inputs(int n, int d, double[] xColMajor) {
    double[] t = new double[Math.multiplyExact(n, d)];
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < d; k++) {
        t[k + i * d] = xColMajor[i + k * n];
      }
    }
    return SparseColumns.ofDense(d, n, t);
  }

  /**
   * Pre-activations of rows [first, first + count) of W_layer(0) at every input column:
   * count x n column-major. Each row is generated once and multiplied with the sparse columns,
   * eight rows at a time ({@link SparseRowProducts}: the bits of one row at a time).
   */
  public static double[] preActivations(DeepSpec spec, int layer, long first, int count,
      SparseColumns input) {
    if (input.rows() != spec.fanIn(layer)) {
      throw new IllegalArgumentException("layer " + layer + " takes " + spec.fanIn(layer)
          + " inputs, got " + input.rows());
    }
    return SparseRowProducts.times(spec, layer, first, count, input);
  }

  /** phi of a block's pre-activations (count x n) as m x n sparse columns, global rows. */
  public static SparseColumns activate(DeepSpec spec, long first, int count, int n,
      double[] z) {
    double tau = spec.tau();
    double scale = spec.scale();
    boolean shifted = spec.shifted();
    int[] start = new int[n + 1];
    int nnz = 0;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < count; j++) {
        if (z[j + i * count] > tau) {
          nnz++;
        }
      }
      start[i + 1] = nnz;
    }
    int[] index = new int[nnz];
    double[] value = new double[nnz];
    int k = 0;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < count; j++) {
        double v = z[j + i * count];
        if (v > tau) {
          index[k] = Math.toIntExact(first + j);
          value[k++] = ShiftedRelu.value(v, tau, scale, shifted);
        }
      }
    }
    return new SparseColumns(spec.width(), n, start, index, value);
  }

  /** One block's share of layer l: its rows of h_l, sparse. */
  public static SparseColumns blockLayer(DeepSpec spec, int layer, long first, int count,
      SparseColumns input) {
    return activate(spec, first, count, input.cols(),
        preActivations(spec, layer, first, count, input));
  }

  /**
   * The frozen layers in this JVM: every row block of {@code layout} (the split the trained
   * blocks use, {@link DeepFamily#layout}) in block order.
   */
  public static RowJobs local(DeepSpec spec, BlockLayout layout) {
    return (layer, input) -> {
      List<SparseColumns> parts = new ArrayList<>(layout.numBlocks());
      for (int b = 0; b < layout.numBlocks(); b++) {
        parts.add(blockLayer(spec, layer, layout.start(b), layout.count(b), input));
      }
      return parts;
    };
  }
}

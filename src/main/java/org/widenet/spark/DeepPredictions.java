package org.widenet.spark;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.widenet.deep.DeepPartial;
import org.widenet.deep.DeepSavedBlock;
import org.widenet.deep.DeepSpec;
import org.widenet.deep.LayerPass;
import org.widenet.deep.SparseColumns;
import org.widenet.train.OrderedSum;

/**
 * deep-last outputs on new points, computed where the blocks live: for a batch of rows the
 * frozen layers run on Spark ({@link SparkLayerJobs}, giving V'), the driver forms V^T V' from
 * the training points' V, both are broadcast, every block returns its share of f'
 * ({@link DeepSavedBlock#outputsOn}), and the driver sums the shares in block order
 * ({@link OrderedSum}, the engines' order), so the result does not depend on where blocks ran.
 */
public final class DeepPredictions {
  /** Rows per batch: bounds V' and V^T V' (n x batch) on the driver and in the broadcast. */
  static final int BATCH = 2048;

  private DeepPredictions() {}

  /**
   * @param numBlocks the row blocks the frozen layers are split into (any split gives the same
   *     V'; the model's block count keeps one job per block)
   * @param v the frozen layers' outputs on the training points, m x n
   * @param x rows x d column-major
   * @return f, length rows
   */
  public static double[] outputs(JavaSparkContext jsc, DeepSpec spec, int numBlocks,
      JavaRDD<DeepSavedBlock> blocks, SparseColumns v, double[] x, int rows) {
    int d = spec.inputDim();
    if (x.length != (long) rows * d) {
      throw new IllegalArgumentException("the model takes " + d + " features; got "
          + x.length + " numbers for " + rows + " rows");
    }
    double[] f = new double[rows];
    for (int from = 0; from < rows; from += BATCH) {
      int size = Math.min(BATCH, rows - from);
      double[] batch = new double[size * d];
      for (int k = 0; k < d; k++) {
        System.arraycopy(x, from + k * rows, batch, k * size, size);
      }
      double[] part = batch(jsc, spec, numBlocks, blocks, v,
          LayerPass.inputs(size, d, batch));
      System.arraycopy(part, 0, f, from, size);
    }
    return f;
  }

  private static double[] batch(JavaSparkContext jsc, DeepSpec spec, int numBlocks,
      JavaRDD<DeepSavedBlock> blocks, SparseColumns v, SparseColumns x) {
    SparseColumns vNew = SparkLayerJobs.run(jsc, spec, numBlocks, x).v();
    Broadcast<SparseColumns> vb = jsc.broadcast(vNew);
    Broadcast<double[]> kb = jsc.broadcast(v.crossGram(vNew));
    try {
      return outputsOn(spec, blocks, vb, kb);
    } finally {
      vb.destroy();
      kb.destroy();
    }
  }

  /**
   * The outputs on new points whose frozen-layer outputs V' and V^T V' are broadcast already
   * (one job over the blocks, shares summed in block order): for a caller that evaluates the
   * same points many times, e.g. held-out rows at every iteration of a fit.
   *
   * @param vNew V' = h_{L-1} on the new points, m x n'
   * @param cross V^T V', n x n' column-major
   * @return f, length n'
   */
  public static double[] outputsOn(DeepSpec spec, JavaRDD<DeepSavedBlock> blocks,
      Broadcast<SparseColumns> vNew, Broadcast<double[]> cross) {
    List<DeepPartial> partials = new ArrayList<>(blocks.map(b -> new DeepPartial(
        b.blockId(), b.outputsOn(spec, vNew.value(), cross.value()), null, 0, 0, null))
        .collect());
    partials.sort(Comparator.comparingInt(DeepPartial::firstBlock));
    return OrderedSum.grouped(partials, OrderedSum.DEFAULT_FAN_IN).f();
  }
}

package org.widenet.spark;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.widenet.analysis.KernelChoice;
import org.widenet.data.Dataset;
import org.widenet.math.AnalyticKernels;
import org.widenet.math.PackedSymmetric;
import scala.Tuple2;

/**
 * Analytic kernels for large n, computed in row blocks on the executors: X is broadcast, each
 * task computes rows [r0, r1) of the kernel, and the driver streams the blocks back one
 * partition at a time, keeping only the packed upper triangle (never the full n x n matrix).
 */
public final class KernelJobs {
  /** Below this many rows the kernel is computed on the driver: a job would cost more. */
  public static final int DRIVER_LIMIT = 2048;
  /** Rows per task when distributed. */
  private static final int ROWS_PER_TASK = 256;

  private KernelJobs() {}

  /** The kernel of {@code choice} on the data, packed, in J J^T units. */
  public static double[] analytic(JavaSparkContext jsc, KernelChoice choice, Dataset data) {
    int n = data.n();
    if (n <= DRIVER_LIMIT) {
      return choice.compute(data);
    }
    int d = data.d();
    AnalyticKernels.Kind kind = choice.kind();
    double sigma = choice.sigma();
    Broadcast<double[]> xb = jsc.broadcast(data.x());
    try {
      List<Integer> starts = new ArrayList<>();
      for (int r = 0; r < n; r += ROWS_PER_TASK) {
        starts.add(r);
      }
      Iterator<Tuple2<Integer, double[]>> blocks = jsc.parallelize(starts, starts.size())
          .map(r0 -> {
            int r1 = Math.min(n, r0 + ROWS_PER_TASK);
            double[] rows = new double[(r1 - r0) * n];
            AnalyticKernels.rows(kind, sigma, n, d, xb.value(), r0, r1, rows);
            return new Tuple2<>(r0, rows);
          }).toLocalIterator();
      double[] packed = new double[PackedSymmetric.packedLength(n)];
      while (blocks.hasNext()) {
        Tuple2<Integer, double[]> block = blocks.next();
        int r0 = block._1();
        double[] rows = block._2();
        int count = rows.length / n;
        for (int k = 0; k < count; k++) {
          int i = r0 + k;
          for (int j = i; j < n; j++) {
            packed[PackedSymmetric.index(i, j)] = rows[k * n + j];
          }
        }
      }
      return choice.scaled(packed);
    } finally {
      xb.destroy();
    }
  }
}

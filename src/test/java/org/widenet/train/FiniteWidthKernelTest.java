package org.widenet.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.widenet.data.Dataset;
import org.widenet.math.AnalyticKernels;
import org.widenet.math.PackedSymmetric;
import org.widenet.model.NetworkSpec;
import org.widenet.testutil.Problems;

/**
 * The finite-width Gram H(0) = J J^T of relu2 converges to H-infinity (Arora et al. eq. (3)) at
 * the Monte Carlo rate 1/sqrt(m) (Lemma C.3: ||H(0) - H-inf||_F = O(n sqrt(log(n/delta)) /
 * sqrt(m))).
 */
class FiniteWidthKernelTest {

  private static final int N = 20;
  private static final int D = 5;
  private static final int BLOCKS = 4;
  private static final long[] WIDTHS = {100, 400, 1600, 6400};
  private static final long[] SEEDS = {1, 2, 3, 4};

  /** H(0) of relu2 on the given data: the engine's packed C C^T, Hadamard X X^T. */
  private static double[] initialGram(NetworkSpec spec, Dataset data) {
    try (LocalEngine engine = new LocalEngine(spec, BLOCKS, data.x(), N, D)) {
      double[] gram = engine.advance(null, true, 0).gram();
      PackedSymmetric.hadamard(gram, PackedSymmetric.gramOfRows(N, D, data.x()), gram);
      return gram;
    }
  }

  @Test
  void initialGramConvergesToHInfinityAtRateOneOverSqrtWidth() {
    double[] meanError = new double[WIDTHS.length];
    for (long seed : SEEDS) {
      Dataset data = Problems.sphere(N, D, "random", seed);
      double[] hInf = AnalyticKernels.reluInfinity(N, D, data.x());
      for (int w = 0; w < WIDTHS.length; w++) {
        double[] h0 = initialGram(Problems.relu2(WIDTHS[w], 1000 + seed), data);
        for (int i = 0; i < N; i++) {
          // The diagonal is (1/m) #{r : w_r . x_i > 0}, about 1/2.
          assertEquals(0.5, PackedSymmetric.get(h0, i, i), 0.5, "diagonal out of [0, 1]");
        }
        meanError[w] += PackedSymmetric.frobeniusDistance(N, h0, hInf) / SEEDS.length;
      }
    }
    double sx = 0.0;
    double sy = 0.0;
    double sxx = 0.0;
    double sxy = 0.0;
    for (int w = 0; w < WIDTHS.length; w++) {
      if (w > 0) {
        double ratio = meanError[w - 1] / meanError[w];
        assertTrue(meanError[w] < meanError[w - 1], "error did not fall at m=" + WIDTHS[w]);
        assertTrue(ratio >= 1.4 && ratio <= 2.9,
            "ratio " + ratio + " from m=" + WIDTHS[w - 1] + " to m=" + WIDTHS[w]);
      }
      double lx = Math.log(WIDTHS[w]);
      double ly = Math.log(meanError[w]);
      sx += lx;
      sy += ly;
      sxx += lx * lx;
      sxy += lx * ly;
    }
    int k = WIDTHS.length;
    double slope = (k * sxy - sx * sy) / (k * sxx - sx * sx);
    assertTrue(slope >= -0.65 && slope <= -0.35, "log-log slope " + slope);
  }

  @Test
  void initialGramDoesNotDependOnTheInitScale() {
    Dataset data = Problems.sphere(N, D, "random", 7);
    NetworkSpec unit = Problems.relu2(400, 11);
    NetworkSpec small = new NetworkSpec(unit.family(), unit.width(), 0.01, unit.seed(),
        unit.symmetricInit());
    double[] a = initialGram(unit, data);
    double[] b = initialGram(small, data);
    assertEquals(0.0, PackedSymmetric.frobeniusDistance(N, a, b), 0.0);
    assertTrue(PackedSymmetric.frobeniusDistance(N, a,
        AnalyticKernels.reluInfinity(N, D, data.x())) > 0.0);
  }
}

package org.widenet.deep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.widenet.testutil.Tolerance;

/** Queries of the factor-list structure against a W updated densely, across rebuilds. */
class LowRankMaintenanceTest {
  @Test
  void queryEqualsDenselyUpdatedWAcrossRebuilds() {
    Random rnd = new Random(8);
    int m = 64;
    int n = 3;
    int threshold = LowRankMaintenance.threshold(m, 0.5);
    assertEquals(4, threshold, "a = min{alpha, 1/3}: 64^(1/3) = 4");
    double[] w0 = new double[m * m];
    for (int i = 0; i < w0.length; i++) {
      w0[i] = rnd.nextGaussian();
    }
    LowRankMaintenance lr = new LowRankMaintenance(m, m, w0, threshold);
    double[][] dense = new double[m][m];
    for (int r = 0; r < m; r++) {
      for (int c = 0; c < m; c++) {
        dense[r][c] = w0[r + c * m];
      }
    }
    int sawPending = 0;
    for (int step = 0; step < 9; step++) {
      double[] u = new double[m * n];
      double[] v = new double[m * n];
      for (int i = 0; i < u.length; i++) {
        u[i] = rnd.nextGaussian();
        v[i] = rnd.nextGaussian();
      }
      lr.update(u, v, n);
      for (int r = 0; r < m; r++) {
        for (int c = 0; c < m; c++) {
          for (int j = 0; j < n; j++) {
            dense[r][c] += u[r + j * m] * v[c + j * m];
          }
        }
      }
      if (lr.pendingRank() > 0) {
        sawPending++;
      }
      assertTrue(lr.pendingRank() < threshold);
      // A sparse query, as h is: about a quarter of the entries nonzero.
      double[] y = new double[m];
      for (int c = 0; c < m; c++) {
        y[c] = rnd.nextInt(4) == 0 ? rnd.nextGaussian() : 0;
      }
      double[] got = lr.query(y);
      double[] expected = new double[m];
      for (int r = 0; r < m; r++) {
        for (int c = 0; c < m; c++) {
          expected[r] += dense[r][c] * y[c];
        }
      }
      assertTrue(Tolerance.maxRelativeError(expected, got) < Tolerance.EXACT,
          "step " + step);
      double[] gotT = lr.queryTransposed(y);
      double[] expectedT = new double[m];
      for (int r = 0; r < m; r++) {
        for (int c = 0; c < m; c++) {
          expectedT[c] += dense[r][c] * y[r];
        }
      }
      assertTrue(Tolerance.maxRelativeError(expectedT, gotT) < Tolerance.EXACT,
          "transposed, step " + step);
    }
    assertTrue(lr.rebuilds() >= 4, "rebuilt every second update: " + lr.rebuilds());
    assertTrue(sawPending > 0, "queries also ran with pending factors");
  }

  @Test
  void rejectsBadShapes() {
    assertThrows(IllegalArgumentException.class, () -> new LowRankMaintenance(2, 2,
        new double[3], 1));
    LowRankMaintenance lr = new LowRankMaintenance(2, 2, new double[4], 1);
    assertThrows(IllegalArgumentException.class, () -> lr.update(new double[2], new double[3],
        1));
  }
}

package org.widenet.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The fixed-order matrix-vector products against a plain double loop, and their split-over-the-
 * cores versions against the one-thread ones, bit for bit.
 */
class MatrixVectorTest {

  private static double[] random(SplittableRandom rnd, int length, boolean someZeros) {
    double[] v = new double[length];
    for (int i = 0; i < length; i++) {
      v[i] = someZeros && i % 7 == 3 ? 0.0 : rnd.nextDouble(-1.0, 1.0);
    }
    return v;
  }

  /** y = alpha A x + beta y by the textbook loop, A m x n column-major. */
  private static double[] reference(int m, int n, double alpha, double[] a, double[] x,
      double beta, double[] y, boolean transpose) {
    int rows = transpose ? n : m;
    int inner = transpose ? m : n;
    double[] out = new double[rows];
    for (int i = 0; i < rows; i++) {
      double s = 0.0;
      for (int j = 0; j < inner; j++) {
        s += (transpose ? a[i * m + j] : a[j * m + i]) * x[j];
      }
      out[i] = alpha * s + beta * y[i];
    }
    return out;
  }

  @ParameterizedTest
  @CsvSource({
      // Below the split (one part) and above it (1100 x 1000 > 2^20 entries), odd sizes.
      "37, 23, 1.0, 0.0", "37, 23, -1.0, 1.0", "1100, 1000, 1.0, 0.0",
      "1100, 1000, -1.0, 1.0", "1000, 1100, 0.5, 0.25", "3, 400000, 1.0, 1.0",
      "400000, 3, 2.0, 0.0"})
  void productsMatchTheReferenceAndTheCoresChangeNoBit(int m, int n, double alpha,
      double beta) {
    SplittableRandom rnd = new SplittableRandom(m * 31L + n);
    double[] a = random(rnd, m * n, false);
    for (boolean transpose : new boolean[] {false, true}) {
      double[] x = random(rnd, transpose ? m : n, true);
      double[] y0 = random(rnd, transpose ? n : m, false);
      double[] one = y0.clone();
      double[] cores = y0.clone();
      if (transpose) {
        MatrixVector.transposeTimes(m, n, alpha, a, x, beta, one);
        MatrixVector.transposeTimesOnCores(m, n, alpha, a, x, beta, cores);
      } else {
        MatrixVector.times(m, n, alpha, a, x, beta, one);
        MatrixVector.timesOnCores(m, n, alpha, a, x, beta, cores);
      }
      double[] expected = reference(m, n, alpha, a, x, beta, y0, transpose);
      double scale = Math.sqrt(transpose ? m : n);
      for (int i = 0; i < one.length; i++) {
        assertTrue(Math.abs(one[i] - expected[i]) <= 1e-13 * scale * (1 + Math.abs(beta)),
            (transpose ? "A^T x" : "A x") + " entry " + i + ": " + one[i] + " vs "
                + expected[i]);
        assertEquals(Double.doubleToRawLongBits(one[i]), Double.doubleToRawLongBits(cores[i]),
            (transpose ? "A^T x" : "A x") + " on the cores, entry " + i);
      }
    }
  }

  /**
   * A held in single precision: the same bits as the double products of the widened values,
   * whatever the number of cores.
   */
  @ParameterizedTest
  @CsvSource({"37, 23, 1.0, 0.0", "1100, 1000, -1.0, 1.0", "1000, 1100, 0.5, 0.25",
      "400000, 3, 2.0, 0.0"})
  void singlePrecisionMatricesGiveTheBitsOfTheirWidenedValues(int m, int n, double alpha,
      double beta) {
    SplittableRandom rnd = new SplittableRandom(m * 17L + n);
    double[] wide = random(rnd, m * n, false);
    float[] narrow = new float[wide.length];
    for (int e = 0; e < wide.length; e++) {
      narrow[e] = (float) wide[e];
      wide[e] = narrow[e];
    }
    for (boolean transpose : new boolean[] {false, true}) {
      double[] x = random(rnd, transpose ? m : n, true);
      double[] y0 = random(rnd, transpose ? n : m, false);
      double[] expected = y0.clone();
      double[] got = y0.clone();
      if (transpose) {
        MatrixVector.transposeTimes(m, n, alpha, wide, x, beta, expected);
        MatrixVector.transposeTimesOnCores(m, n, alpha, narrow, x, beta, got);
      } else {
        MatrixVector.times(m, n, alpha, wide, x, beta, expected);
        MatrixVector.timesOnCores(m, n, alpha, narrow, x, beta, got);
      }
      for (int i = 0; i < got.length; i++) {
        assertEquals(Double.doubleToRawLongBits(expected[i]), Double.doubleToRawLongBits(got[i]),
            (transpose ? "A^T x" : "A x") + " entry " + i);
      }
    }
  }
}

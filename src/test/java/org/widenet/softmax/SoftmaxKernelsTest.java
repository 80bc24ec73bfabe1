package org.widenet.softmax;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.widenet.math.PackedSymmetric;
import org.widenet.testutil.Tolerance;

/**
 * The softmax2 kernels (block sums with the log-sum-exp merge, Claim 3.4's gradient, the
 * nk x nk Jacobian Gram) against {@link SoftmaxReference} on random inputs, and against
 * central finite differences, for k = 1 and k &gt; 1 with d != k.
 */
class SoftmaxKernelsTest {

  /** Kernel results of a network cut into blocks of the given sizes. */
  private record Pipeline(double[] f, double[] grad, double[] gram) {}

  private static Pipeline pipeline(double[] x, int n, int d, double[] w, double[] a, int k,
      double[] y, int... counts) {
    int m = w.length / d;
    List<int[]> ranges = SoftmaxReference.ranges(counts);
    List<double[]> scores = new ArrayList<>();
    List<SoftmaxPartial> partials = new ArrayList<>();
    for (int b = 0; b < ranges.size(); b++) {
      int first = ranges.get(b)[0];
      int c = ranges.get(b)[1];
      double[] z = SoftmaxKernels.scores(x, n, d, slice(w, first * d, c * d), c);
      scores.add(z);
      double[][] s = SoftmaxKernels.shiftedSums(z, n, c, slice(a, first * k, c * k), k);
      partials.add(new SoftmaxPartial(b, n, k, s[0], s[1], s[2], null, 0, 0));
    }
    Normalizers at = Normalizers.of(SoftmaxPartial.mergeInOrder(partials), m);
    double[] residual = new double[n * k];
    for (int p = 0; p < residual.length; p++) {
      residual[p] = at.outputs()[p] - y[p];
    }
    double[] grad = new double[d * m];
    double[] share = null;
    for (int b = 0; b < ranges.size(); b++) {
      int first = ranges.get(b)[0];
      int c = ranges.get(b)[1];
      double[] coef = SoftmaxKernels.coefficients(scores.get(b), n, c,
          slice(a, first * k, c * k), k, at.logNorm(), at.aS(), m);
      double[] g = SoftmaxKernels.jacobianTransposeTimes(x, n, d, coef, c, k, residual);
      System.arraycopy(g, 0, grad, first * d, c * d);
      double[] gb = SoftmaxKernels.coefficientGram(coef, n * k, c);
      if (share == null) {
        share = gb;
      } else {
        for (int p = 0; p < share.length; p++) {
          share[p] += gb[p];
        }
      }
    }
    SoftmaxKernels.applyInputKernel(share, x, n, d, k);
    return new Pipeline(at.outputs(), grad, PackedSymmetric.unpack(n * k, share));
  }

  private static double[] slice(double[] a, int from, int length) {
    double[] out = new double[length];
    System.arraycopy(a, from, out, 0, length);
    return out;
  }

  private static double[][] network(int d, int k, int m, double sigma, long seed) {
    SoftmaxSpec spec = new SoftmaxSpec(m, k, sigma, seed, false);
    double[] w = new double[d * m];
    double[] a = new double[k * m];
    SoftmaxInit.fill(spec, d, 0, m, w, a);
    return new double[][] {w, a};
  }

  @ParameterizedTest
  @CsvSource({"7, 4, 1, 9", "6, 5, 3, 10", "5, 2, 4, 12"})
  void kernelsMatchTheReferenceInOneAndSeveralBlocks(int n, int d, int k, int m) {
    double[][] net = network(d, k, m, 1.5, 11L * n + k);
    double[] x = SoftmaxReference.inputs(n, d, 3L * d);
    double[] y = SoftmaxReference.labels(n, k, 5L + k);
    double[] f = SoftmaxReference.forward(x, n, d, net[0], net[1], k, m, false);
    double[] grad = SoftmaxReference.gradient(x, n, d, net[0], net[1], k, m, y);
    double[] gram = SoftmaxReference.jacobianGram(x, n, d, net[0], net[1], k, m);
    int third = m / 3;
    for (int[] counts : new int[][] {{m}, {third, third, m - 2 * third}, {1, m - 2, 1}}) {
      Pipeline p = pipeline(x, n, d, net[0], net[1], k, y, counts);
      assertTrue(Tolerance.maxRelativeError(f, p.f()) < Tolerance.EXACT, "forward");
      assertTrue(Tolerance.maxRelativeError(grad, p.grad()) < Tolerance.EXACT, "gradient");
      assertTrue(Tolerance.maxRelativeError(gram, p.gram()) < Tolerance.EXACT, "gram");
    }
  }

  @ParameterizedTest
  @CsvSource({"4, 3, 1, 6", "3, 4, 2, 6"})
  void gradientAndGramMatchFiniteDifferences(int n, int d, int k, int m) {
    double[][] net = network(d, k, m, 1.0, 7L + k);
    double[] w = net[0];
    double[] a = net[1];
    double[] x = SoftmaxReference.inputs(n, d, 17L);
    double[] y = SoftmaxReference.labels(n, k, 19L);
    Pipeline p = pipeline(x, n, d, w, a, k, y, m / 2, m - m / 2);
    double h = 1e-6;
    int nk = n * k;
    double[] jacobian = new double[nk * d * m];
    for (int e = 0; e < d * m; e++) {
      double saved = w[e];
      w[e] = saved + h;
      double lossPlus = SoftmaxReference.loss(x, n, d, w, a, k, m, y);
      double[] fPlus = SoftmaxReference.forward(x, n, d, w, a, k, m, true);
      w[e] = saved - h;
      double lossMinus = SoftmaxReference.loss(x, n, d, w, a, k, m, y);
      double[] fMinus = SoftmaxReference.forward(x, n, d, w, a, k, m, true);
      w[e] = saved;
      double fd = (lossPlus - lossMinus) / (2 * h);
      assertEquals(fd, p.grad()[e], Tolerance.FINITE_DIFFERENCE * Math.max(1, Math.abs(fd)),
          "d loss / d w entry " + e);
      for (int row = 0; row < nk; row++) {
        jacobian[row + e * nk] = (fPlus[row] - fMinus[row]) / (2 * h);
      }
    }
    double scale = 0.0;
    for (double v : p.gram()) {
      scale = Math.max(scale, Math.abs(v));
    }
    for (int r1 = 0; r1 < nk; r1++) {
      for (int r2 = 0; r2 < nk; r2++) {
        double jj = 0.0;
        for (int e = 0; e < d * m; e++) {
          jj += jacobian[r1 + e * nk] * jacobian[r2 + e * nk];
        }
        assertEquals(jj, p.gram()[r1 + r2 * nk], 1e-6 * scale, "J J^T entry " + r1 + "," + r2);
      }
    }
  }

  @ParameterizedTest
  @CsvSource({"1", "3"})
  void scoresOfAThousandStayFiniteAndMatchTheShiftedReference(int k) {
    int n = 5;
    int d = 3;
    int m = 8;
    double[][] net = network(d, k, m, 1.0, 23L);
    for (int e = 0; e < net[0].length; e++) {
      net[0][e] *= 1500.0;
    }
    double[] x = SoftmaxReference.inputs(n, d, 29L);
    double[] y = SoftmaxReference.labels(n, k, 31L);
    double[] naive = SoftmaxReference.forward(x, n, d, net[0], net[1], k, m, false);
    boolean overflows = false;
    for (double v : naive) {
      overflows |= !Double.isFinite(v);
    }
    assertTrue(overflows, "the naive formula should overflow at these weights");
    double[] f = SoftmaxReference.forward(x, n, d, net[0], net[1], k, m, true);
    double[] grad = SoftmaxReference.gradient(x, n, d, net[0], net[1], k, m, y);
    Pipeline p = pipeline(x, n, d, net[0], net[1], k, y, 3, 3, 2);
    for (double[] result : new double[][] {p.f(), p.grad(), p.gram()}) {
      for (double v : result) {
        assertTrue(Double.isFinite(v), "not finite: " + v);
      }
    }
    assertTrue(Tolerance.maxRelativeError(f, p.f()) < Tolerance.EXACT, "forward");
    assertTrue(Tolerance.maxRelativeError(grad, p.grad()) < Tolerance.EXACT, "gradient");
  }
}

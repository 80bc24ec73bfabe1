package org.widenet.deep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.widenet.math.PackedSymmetric;
import org.widenet.model.BlockLayout;
import org.widenet.testutil.Tolerance;

/** FFT, Walsh-Hadamard, TensorSketch and TensorSRHT against their plain definitions. */
class SketchTest {
  private static double[] random(Random rnd, int n) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = rnd.nextGaussian();
    }
    return v;
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  @Test
  void fftMatchesPlainDft() {
    Random rnd = new Random(1);
    for (int n : new int[] {1, 2, 8, 64}) {
      double[] re = random(rnd, n);
      double[] im = random(rnd, n);
      double[] fr = re.clone();
      double[] fi = im.clone();
      Fft.transform(fr, fi, false);
      for (int k = 0; k < n; k++) {
        double sr = 0;
        double si = 0;
        for (int j = 0; j < n; j++) {
          double ang = -2 * Math.PI * j * k / n;
          sr += re[j] * Math.cos(ang) - im[j] * Math.sin(ang);
          si += re[j] * Math.sin(ang) + im[j] * Math.cos(ang);
        }
        assertEquals(sr, fr[k], 1e-12 * n);
        assertEquals(si, fi[k], 1e-12 * n);
      }
      Fft.transform(fr, fi, true);
      assertTrue(Tolerance.maxRelativeError(re, fr) < 1e-13);
      double[] b = random(rnd, n);
      double[] conv = Fft.circularConvolution(re, b);
      for (int r = 0; r < n; r++) {
        double s = 0;
        for (int j = 0; j < n; j++) {
          s += re[j] * b[Math.floorMod(r - j, n)];
        }
        assertEquals(s, conv[r], 1e-12 * n);
      }
    }
  }

  @Test
  void walshHadamardMatchesExplicitMatrix() {
    Random rnd = new Random(2);
    for (int n : new int[] {1, 2, 16, 128}) {
      double[] x = random(rnd, n);
      double[] y = x.clone();
      Fwht.transform(y, n);
      for (int p = 0; p < n; p++) {
        double s = 0;
        for (int q = 0; q < n; q++) {
          s += ((Integer.bitCount(p & q) & 1) == 0 ? 1 : -1) * x[q];
        }
        assertEquals(s, y[p], 1e-12 * n);
      }
    }
  }

  /** S(a (x) b) from Def D.2 written out over all m^2 coordinates. */
  private static double[] tensorSketchByDefinition(TensorSketch ts, double[] a, double[] b) {
    int s = ts.size();
    double[] out = new double[s];
    for (int i = 0; i < a.length; i++) {
      for (int j = 0; j < b.length; j++) {
        int r = (ts.bucket(1, i) + ts.bucket(2, j)) % s;
        out[r] += ts.sign(1, i) * ts.sign(2, j) * a[i] * b[j];
      }
    }
    return out;
  }

  /** S(a (x) b) from Def D.6 with an explicit Hadamard matrix. */
  private static double[] srhtByDefinition(TensorSrht t, double[] a, double[] b) {
    int big = t.paddedLength();
    double[] ha = new double[big];
    double[] hb = new double[big];
    for (int p = 0; p < big; p++) {
      for (int q = 0; q < a.length; q++) {
        double h = (Integer.bitCount(p & q) & 1) == 0 ? 1 : -1;
        ha[p] += h * t.sign(1, q) * a[q];
        hb[p] += h * t.sign(2, q) * b[q];
      }
    }
    double[] out = new double[t.size()];
    for (int k = 0; k < t.size(); k++) {
      int[] pq = t.sample(k);
      out[k] = ha[pq[0]] * hb[pq[1]] / Math.sqrt(t.size());
    }
    return out;
  }

  @Test
  void fastSketchesMatchTheirDefinitionsAndAddOverBlocks() {
    Random rnd = new Random(3);
    for (int m : new int[] {16, 20, 37}) {
      double[] a = random(rnd, m);
      double[] b = random(rnd, m);
      TensorSketch ts = new TensorSketch(5, 32);
      assertTrue(Tolerance.maxRelativeError(tensorSketchByDefinition(ts, a, b),
          ts.sketch(a, b)) < 1e-12);
      TensorSrht srht = new TensorSrht(6, 40, m);
      assertTrue(Tolerance.maxRelativeError(srhtByDefinition(srht, a, b),
          srht.sketch(a, b)) < 1e-12);
      for (TensorSketching sk : new TensorSketching[] {ts, srht}) {
        for (int blocks : new int[] {2, 3, 5}) {
          double[] left = new double[sk.size()];
          for (int k = 0; k < blocks; k++) {
            BlockLayout layout = new BlockLayout(m, blocks, false);
            int first = (int) layout.start(k);
            int count = layout.count(k);
            double[] part = new double[count];
            System.arraycopy(a, first, part, 0, count);
            sk.addLeft(first, count, 1, part, left);
          }
          double[] byBlocks = sk.combine(left, sk.right(SparseColumns.ofDense(m, 1, b)), 1);
          assertTrue(Tolerance.maxRelativeError(sk.sketch(a, b), byBlocks) < 1e-12,
              sk.getClass().getSimpleName() + " over " + blocks + " blocks");
        }
      }
    }
  }

  @Test
  void sketchesAreUnbiased() {
    Random rnd = new Random(4);
    int m = 16;
    double[] a = random(rnd, m);
    double[] b = random(rnd, m);
    double[] c = random(rnd, m);
    double[] d = random(rnd, m);
    double exact = dot(a, c) * dot(b, d);
    int trials = 4000;
    for (int kind = 0; kind < 2; kind++) {
      double sum = 0;
      double sumSq = 0;
      for (int t = 0; t < trials; t++) {
        TensorSketching sk = kind == 0 ? new TensorSketch(100 + t, 8)
            : new TensorSrht(100 + t, 8, m);
        double v = dot(sk.sketch(a, b), sk.sketch(c, d));
        sum += v;
        sumSq += v * v;
      }
      double mean = sum / trials;
      double stdErr = Math.sqrt((sumSq / trials - mean * mean) / trials);
      assertEquals(exact, mean, 4 * stdErr, "kind " + kind + ": mean " + mean + " vs "
          + exact + " (standard error " + stdErr + ")");
      assertTrue(stdErr > 0);
    }
  }

  @Test
  void sketchedGramErrorShrinksWithSketchSize() {
    Random rnd = new Random(5);
    int m = 64;
    int n = 8;
    double[] u = random(rnd, m * n);
    double[] vDense = random(rnd, m * n);
    SparseColumns v = SparseColumns.ofDense(m, n, vDense);
    double[] g = new double[PackedSymmetric.packedLength(n)];
    for (int j = 0; j < n; j++) {
      for (int i = 0; i <= j; i++) {
        double uu = 0;
        double vv = 0;
        for (int r = 0; r < m; r++) {
          uu += u[r + i * m] * u[r + j * m];
          vv += vDense[r + i * m] * vDense[r + j * m];
        }
        g[PackedSymmetric.index(i, j)] = uu * vv;
      }
    }
    double norm = PackedSymmetric.frobeniusDistance(n, g, new double[g.length]);
    for (int kind = 0; kind < 2; kind++) {
      double[] errors = new double[3];
      int[] sizes = {64, 256, 1024};
      for (int k = 0; k < sizes.length; k++) {
        double total = 0;
        int seeds = 20;
        for (int seed = 0; seed < seeds; seed++) {
          TensorSketching sk = kind == 0 ? new TensorSketch(seed, sizes[k])
              : new TensorSrht(seed, sizes[k], m);
          double[] left = new double[sk.size() * n];
          sk.addLeft(0, m, n, u, left);
          double[] jt = sk.combine(left, sk.right(v), n);
          double[] approx = SketchedGram.gram(n, sk.size(), jt);
          total += PackedSymmetric.frobeniusDistance(n, g, approx) / norm;
        }
        errors[k] = total / seeds;
      }
      // The error falls like s^(-1/2): a 16-fold larger sketch, about a 4-fold smaller error.
      assertTrue(errors[0] > errors[1] && errors[1] > errors[2], java.util.Arrays.toString(
          errors));
      assertTrue(errors[0] / errors[2] > 2.5 && errors[0] / errors[2] < 6.5,
          "kind " + kind + ": " + java.util.Arrays.toString(errors));
    }
  }
}

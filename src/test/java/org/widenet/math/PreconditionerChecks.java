package org.widenet.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/** What the tests of both Nystrom preconditioners share: dense helpers and the CG check. */
final class PreconditionerChecks {
  private PreconditionerChecks() {}

  /** A x for a dense n x n column-major A. */
  static double[] times(double[] a, int n, double[] x) {
    double[] out = new double[n];
    for (int j = 0; j < n; j++) {
      for (int i = 0; i < n; i++) {
        out[i] += a[i + j * n] * x[j];
      }
    }
    return out;
  }

  /** The columns S of a (n x n column-major), n x r. */
  static double[] columnsOf(double[] a, int n, int[] rows) {
    double[] out = new double[n * rows.length];
    for (int c = 0; c < rows.length; c++) {
      System.arraycopy(a, rows[c] * n, out, c * n, n);
    }
    return out;
  }

  /** The plateau-over-a-slow-tail spectrum of the CG check (the relu2 Gram's shape), n = 200. */
  static double[] plateauSpectrum(int n) {
    double[] values = new double[n];
    for (int i = 0; i < n; i++) {
      values[i] = i < 20 ? 1e3 / (i + 1) : 0.5 * Math.pow(0.97, i - 20) + 0.01;
    }
    return values;
  }

  /**
   * Conjugate gradients on (A + 1e-3 I) x = b, b Gaussian (seed 13), preconditioned by the
   * preconditioner built from 80 sampled columns (seed 4), converge in at most a third of plain
   * CG's iterations to the same solution (1e-7 of its largest entry).
   */
  static void cgAgreesInAThirdOfTheIterations(double[] a, int n,
      Function<int[], Preconditioner> build) {
    double mu = 1e-3;
    double[] b = TestMatrices.gaussian(new Random(13), n, 1.0);
    UnaryOperator<double[]> op = v -> times(a, n, v);
    ConjugateGradient.Result plain = ConjugateGradient.solve(op, mu, b, 1e-10, 5000);
    Preconditioner p = build.apply(NystromPreconditioner.sampleColumns(n, 80, 4));
    ConjugateGradient.Result pcg = ConjugateGradient.solve(op, mu, b, 1e-10, 5000,
        v -> p.apply(v, mu));
    assertTrue(plain.converged() && pcg.converged());
    assertTrue(pcg.iterations() * 3 <= plain.iterations(), "preconditioned " + pcg.iterations()
        + " vs plain " + plain.iterations() + " iterations");
    double scale = 0;
    for (double v : plain.solution()) {
      scale = Math.max(scale, Math.abs(v));
    }
    for (int i = 0; i < n; i++) {
      assertEquals(plain.solution()[i], pcg.solution()[i], 1e-7 * scale, "x[" + i + "]");
    }
  }
}

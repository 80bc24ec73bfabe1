package org.widenet.softmax;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.widenet.math.PackedSymmetric;
import org.widenet.model.Pass;
import org.widenet.testutil.RecordingListener;
import org.widenet.testutil.Tolerance;
import org.widenet.train.LocalEngine;
import org.widenet.train.OptimizerKind;

/** The softmax2 driver loop: linear convergence, Gauss-Newton, Appendix F's NTK regression. */
class SoftmaxTrainerTest {
  static final int N = 10;
  static final int D = 5;
  static final int K = 2;

  /**
   * Theorem 4.2's regime at a practical constant: eta = 0.5 / lambda_max(J J^T(0)). The loss
   * decreases at a linear rate: log-loss against t is close to a straight line (R^2), and every
   * step contracts by at least (1 - eta lambda_min(J J^T(0)) / 2), the Lemma E.2 factor
   * (1 - m eta lambda / 2) with m H = J J^T.
   */
  @Test
  void lossDecreasesLinearlyAtTheTheoremsStepSize() {
    double[] x = SoftmaxReference.inputs(N, D, 41L);
    double[] y = SoftmaxReference.labels(N, K, 43L);
    SoftmaxSpec spec = new SoftmaxSpec(4000, K, 1.0, 7L, true);
    SoftmaxTrainConfig config = new SoftmaxTrainConfig(60, Double.NaN, 0.5, OptimizerKind.GD,
        0.0, 20);
    RecordingListener records = new RecordingListener();
    SoftmaxResult r = new SoftmaxTrainer(spec, config, x, y, N, D)
        .run(SoftmaxFamily.localEngine(spec, 4, x, N, D), records, null, 0);
    double eta = r.learningRate();
    assertEquals(0.5 / r.lambdaMaxInitial(), eta, 1e-15 * eta);
    double contraction = 1 - eta * r.lambdaMinInitial() / 2;
    double[] logLoss = new double[r.losses().length];
    for (int t = 0; t < logLoss.length; t++) {
      logLoss[t] = Math.log(r.losses()[t]);
      if (t > 0) {
        assertTrue(r.losses()[t] <= contraction * r.losses()[t - 1],
            "step " + t + " contracts by " + r.losses()[t] / r.losses()[t - 1] + " > "
                + contraction);
      }
    }
    // The fast modes of J J^T die within the first steps; after them one rate dominates.
    double rSquared = rSquared(java.util.Arrays.copyOfRange(logLoss, 15, logLoss.length));
    assertTrue(rSquared > 0.99, "log-loss against t >= 15: R^2 = " + rSquared);
    assertTrue(rSquared(logLoss) > 0.9, "log-loss against t: R^2 = " + rSquared(logLoss));
    assertTrue(r.finalLoss() < 0.1 * r.initialLoss());
    assertEquals(61, records.records.size());
    assertTrue(Double.isFinite(records.records.get(20).gramDrift()));
  }

  /** R^2 of the least-squares line through (t, v[t]). */
  static double rSquared(double[] v) {
    int n = v.length;
    double mt = (n - 1) / 2.0;
    double mv = 0.0;
    for (double e : v) {
      mv += e / n;
    }
    double stv = 0.0;
    double stt = 0.0;
    double svv = 0.0;
    for (int t = 0; t < n; t++) {
      stv += (t - mt) * (v[t] - mv);
      stt += (t - mt) * (t - mt);
      svv += (v[t] - mv) * (v[t] - mv);
    }
    return stv * stv / (stt * svv);
  }

  @Test
  void gaussNewtonFitsInAFewSteps() {
    double[] x = SoftmaxReference.inputs(N, D, 41L);
    double[] y = SoftmaxReference.labels(N, K, 43L);
    SoftmaxSpec spec = new SoftmaxSpec(400, K, 1.0, 7L, true);
    SoftmaxTrainConfig config = new SoftmaxTrainConfig(5, Double.NaN, 0.5, OptimizerKind.GN,
        1e-8, 0);
    SoftmaxResult r = new SoftmaxTrainer(spec, config, x, y, N, D)
        .run(SoftmaxFamily.localEngine(spec, 3, x, N, D), null, null, 0);
    assertEquals(1.0, r.learningRate());
    assertTrue(r.finalLoss() < 1e-6 * r.initialLoss(), "GN loss " + r.finalLoss());
  }

  @Test
  void kernelRegressionInterpolatesAndTheGammaRecursionConvergesToIt() {
    double[] x = SoftmaxReference.inputs(N, D, 41L);
    double[] y = SoftmaxReference.labels(N, K, 43L);
    SoftmaxSpec spec = new SoftmaxSpec(200, K, 1.0, 7L, true);
    LocalEngine engine = SoftmaxFamily.localEngine(spec, 3, x, N, D);
    Normalizers at = Normalizers.of((SoftmaxPartial) engine.advance(null, Pass.FORWARD, 0),
        spec.width());
    double[] gram = SoftmaxGram.jacobianGram(engine, at, x, N, D, K);
    // On the training points themselves the cross kernel is the Gram: prediction = Y.
    double[] cross = NtkCoupling.crossKernel(engine, spec, at, x, N, D, x, N);
    assertTrue(Tolerance.maxRelativeError(PackedSymmetric.unpack(N * K, gram), cross)
        < Tolerance.EXACT);
    double[] fit = NtkCoupling.regression(gram, cross, y, N * K, N * K, 0.0);
    assertTrue(Tolerance.maxRelativeError(y, fit) < 1e-8);
    // Eq. (25) at eta = 1 / lambda_max converges to the same predictor on held-out points.
    double[] xTest = SoftmaxReference.inputs(3, D, 47L);
    double[] crossTest = NtkCoupling.crossKernel(engine, spec, at, x, N, D, xTest, 3);
    double[] regression = NtkCoupling.regression(gram, crossTest, y, N * K, 3 * K, 0.0);
    NtkCoupling coupling = new NtkCoupling(gram, crossTest, y, N * K, 3 * K);
    double eta = 1.0 / SoftmaxGram.extremeEigenvalues(gram, N * K)[1];
    for (int t = 0; t < 200_000; t++) {
      coupling.step(eta);
    }
    assertArrayEquals(regression, coupling.predictions(), 1e-6);
  }

  @Test
  void couplingErrorStartsAtZeroAndStaysSmallForAWideNetwork() {
    double[] x = SoftmaxReference.inputs(N, D, 41L);
    double[] y = SoftmaxReference.labels(N, K, 43L);
    double[] xTest = SoftmaxReference.inputs(4, D, 47L);
    SoftmaxSpec spec = new SoftmaxSpec(4000, K, 1.0, 7L, true);
    SoftmaxResult r = new SoftmaxTrainer(spec, SoftmaxTrainConfig.gd(30), x, y, N, D)
        .run(SoftmaxFamily.localEngine(spec, 2, x, N, D), null, xTest, 4);
    assertEquals(0.0, r.couplingErrors()[0], 0.0);
    double worst = 0.0;
    for (double e : r.couplingErrors()) {
      worst = Math.max(worst, e);
    }
    assertTrue(worst < 0.05, "coupling error " + worst);
  }
}

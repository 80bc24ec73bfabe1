package org.widenet.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.widenet.data.Dataset;
import org.widenet.model.NetworkSpec;
import org.widenet.testutil.Problems;
import org.widenet.testutil.RecordingListener;

/**
 * The papers' optimization claims, on the local engine: gradient descent fits random labels
 * (Arora et al. Theorem 4.1 regime), Gauss-Newton converges in a handful of steps (Song, Zhang,
 * Zhang Theorem 1.1), and exp2 with symmetric init starts at zero and contracts linearly (Gao
 * et al. Lemma 7.3).
 */
class ConvergenceTest {

  private static RecordingListener train(NetworkSpec spec, Dataset data, OptimizerKind opt,
      double lr, double damping, int iterations, int blocks) {
    TrainConfig config = new TrainConfig(spec, opt, lr, damping, iterations, 50, blocks);
    RecordingListener rec = new RecordingListener();
    try (LocalEngine engine = new LocalEngine(spec, blocks, data.x(), data.n(), data.d())) {
      new Trainer(config, data.x(), data.y(), data.n(), data.d()).run(engine, rec);
    }
    return rec;
  }

  @Test
  void relu2GradientDescentFitsRandomLabelsMonotonically() {
    Dataset data = Problems.sphere(200, 10, "random", 1);
    int allowed = 600; // reached at iteration 315 with this seed
    RecordingListener rec = train(Problems.relu2(10_000, 1), data, OptimizerKind.GD,
        TrainConfig.AUTO, 0, allowed, 2);
    double[] loss = rec.losses();
    int reached = -1;
    for (int t = 1; t < loss.length; t++) {
      assertTrue(loss[t] < loss[t - 1], "loss rose at iteration " + t);
      if (reached < 0 && loss[t] <= 1e-2 * loss[0]) {
        reached = t;
      }
    }
    assertTrue(reached > 0, "loss only fell to " + loss[loss.length - 1] / loss[0]
        + " of its start in " + allowed + " iterations");
  }

  @Test
  void gaussNewtonReachesTinyLossInTenSteps() {
    Dataset data = Problems.sphere(200, 10, "random", 1);
    RecordingListener rec = train(Problems.relu2(10_000, 1), data, OptimizerKind.GN, 1.0, 0,
        10, 2);
    double[] loss = rec.losses();
    assertTrue(loss[10] <= 1e-8 * loss[0], "gn reached only " + loss[10] / loss[0]);
  }

  @Test
  void exp2SymmetricStartsAtZeroAndContractsLinearly() {
    Dataset data = Problems.sphere(50, 8, "linear", 4);
    NetworkSpec spec = Problems.exp2(2_000, 4, true);
    int iterations = 200;
    RecordingListener rec = train(spec, data, OptimizerKind.GD, TrainConfig.AUTO, 0,
        iterations, 3);
    double[] loss = rec.losses();
    double yy = 0;
    for (double v : data.y()) {
      yy += v * v;
    }
    assertEquals(0.5 * yy, loss[0], 0.0, "F(0) = 0 exactly, so the loss starts at ||y||^2 / 2");
    // Gao et al. Lemma 7.3 with m H = J J^T: ||F(t) - y||^2 <= (1 - eta lambda / 2)^t ||y||^2.
    double lambda = rec.records.get(0).lambdaMin();
    double rate = 1 - rec.eta * lambda / 2;
    assertTrue(rate < 1, "a contraction needs lambda_min > 0");
    for (int t = 1; t <= iterations; t++) {
      assertTrue(loss[t] <= Math.pow(rate, t) * loss[0] * (1 + 1e-9),
          "iteration " + t + ": loss " + loss[t] + " above the linear bound");
      assertTrue(loss[t] < loss[t - 1], "loss rose at iteration " + t);
    }
    assertTrue(loss[iterations] < 0.5 * loss[0], "it must actually make progress");
  }
}

package org.widenet.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.widenet.data.Dataset;
import org.widenet.math.PackedSymmetric;
import org.widenet.model.BlockPartial;
import org.widenet.model.ModelFamily;
import org.widenet.model.NetworkSpec;
import org.widenet.model.Step;
import org.widenet.testutil.Problems;
import org.widenet.testutil.RecordingListener;
import org.widenet.testutil.ReferenceNetwork;
import org.widenet.testutil.Tolerance;

/**
 * The contract every {@link BlockEngine} passes: its sums equal a plain reference network's
 * outputs, Jacobian Gram and gradient-descent trajectory, whatever the block count, and it
 * repeats itself bit for bit.
 */
public abstract class BlockEngineContract {

  /** A fresh engine over the given network and inputs. */
  protected abstract BlockEngine engine(NetworkSpec spec, int blocks, double[] x, int n, int d);

  private static double[] scaled(double[] u, double c) {
    double[] f = new double[u.length];
    for (int i = 0; i < u.length; i++) {
      f[i] = c * u[i];
    }
    return f;
  }

  private void checkForwardAndGram(NetworkSpec spec, int blocks) {
    Dataset data = Problems.sphere(9, 4, "linear", 3);
    ReferenceNetwork ref = new ReferenceNetwork(spec, data.x(), data.n(), data.d());
    try (BlockEngine engine = engine(spec, blocks, data.x(), data.n(), data.d())) {
      BlockPartial sum = engine.advance(null, true, 0);
      assertTrue(Tolerance.maxRelativeError(ref.outputs(), scaled(sum.u(), spec.outputScale()))
          <= Tolerance.EXACT, "outputs");
      double[] gram = new double[sum.gram().length];
      PackedSymmetric.hadamard(sum.gram(), PackedSymmetric.gramOfRows(data.n(), data.d(),
          data.x()), gram);
      double[][] explicit = ref.jacobianGram();
      double[] full = PackedSymmetric.unpack(data.n(), gram);
      double[] expected = new double[full.length];
      for (int i = 0; i < data.n(); i++) {
        for (int j = 0; j < data.n(); j++) {
          expected[i + j * data.n()] = explicit[i][j];
        }
      }
      assertTrue(Tolerance.maxRelativeError(expected, full) <= Tolerance.EXACT,
          "J J^T from blocks vs explicit Jacobian");
    }
  }

  @Test
  void relu2ForwardAndGramMatchReference() {
    checkForwardAndGram(Problems.relu2(37, 11), 3);
  }

  @Test
  void exp2ForwardAndGramMatchReference() {
    checkForwardAndGram(Problems.exp2(30, 5, false), 4);
  }

  @Test
  void gradientStepsMatchReference() {
    Dataset data = Problems.sphere(12, 5, "random", 8);
    for (NetworkSpec spec : new NetworkSpec[] {Problems.relu2(41, 2), Problems.exp2(40, 2,
        true)}) {
      ReferenceNetwork ref = new ReferenceNetwork(spec, data.x(), data.n(), data.d());
      // A stable step for each family: exp2 has no 1/sqrt(m), so its J J^T is ~m times larger.
      double eta = spec.family() == ModelFamily.EXP2 ? 2e-3 : 0.05;
      try (BlockEngine engine = engine(spec, 3, data.x(), data.n(), data.d())) {
        Step pending = null;
        for (int t = 0; t < 4; t++) {
          BlockPartial sum = engine.advance(pending, false, t);
          double[] f = scaled(sum.u(), spec.outputScale());
          double err = Tolerance.maxRelativeError(ref.outputs(), f);
          assertTrue(err <= Tolerance.REORDERED,
              spec.family() + " outputs at iteration " + t + ": relative error " + err);
          double[] residual = new double[f.length];
          for (int i = 0; i < f.length; i++) {
            residual[i] = f[i] - data.y()[i];
          }
          pending = new Step(residual, eta * spec.outputScale());
          ref.gradientStep(data.y(), eta);
        }
      }
    }
  }

  @Test
  void analyticStepMatchesFiniteDifferenceGradient() {
    Dataset data = Problems.sphere(6, 3, "quadratic", 4);
    NetworkSpec spec = Problems.exp2(8, 9, false);
    ReferenceNetwork ref = new ReferenceNetwork(spec, data.x(), data.n(), data.d());
    double eta = 1e-3;
    double[][] before = new double[ref.w.length][];
    for (int r = 0; r < ref.w.length; r++) {
      before[r] = ref.w[r].clone();
    }
    try (BlockEngine engine = engine(spec, 2, data.x(), data.n(), data.d())) {
      BlockPartial sum = engine.advance(null, false, 0);
      double[] residual = scaled(sum.u(), spec.outputScale());
      for (int i = 0; i < residual.length; i++) {
        residual[i] -= data.y()[i];
      }
      engine.advance(new Step(residual, eta * spec.outputScale()), false, 1);
      // The engine's outputs after the step pin down W(1); compare with W(0) - eta * FD grad.
      double h = 1e-6;
      for (int r = 0; r < ref.w.length; r++) {
        for (int k = 0; k < data.d(); k++) {
          ref.w[r][k] = before[r][k] + h;
          double up = ref.loss(data.y());
          ref.w[r][k] = before[r][k] - h;
          double down = ref.loss(data.y());
          ref.w[r][k] = before[r][k];
          double fd = (up - down) / (2 * h);
          before[r][k] = before[r][k] - eta * fd;
        }
      }
      for (int r = 0; r < ref.w.length; r++) {
        ref.w[r] = before[r];
      }
      BlockPartial after = engine.advance(null, false, 1);
      double[] expected = ref.outputs();
      double[] actual = scaled(after.u(), spec.outputScale());
      assertTrue(Tolerance.maxRelativeError(expected, actual) <= Tolerance.FINITE_DIFFERENCE,
          "outputs after one analytic step vs one finite-difference step");
    }
  }

  @Test
  void blockCountsAgree() {
    Dataset data = Problems.sphere(20, 6, "cos", 1);
    NetworkSpec spec = Problems.relu2(240, 7);
    double[] reference = null;
    for (int blocks : new int[] {1, 3, 8}) {
      try (BlockEngine engine = engine(spec, blocks, data.x(), data.n(), data.d())) {
        TrainConfig config = new TrainConfig(spec, OptimizerKind.GD, 0.5, 0, 6, 2, blocks);
        RecordingListener rec = new RecordingListener();
        new Trainer(config, data.x(), data.y(), data.n(), data.d()).run(engine, rec);
        double[] losses = rec.losses();
        if (reference == null) {
          reference = losses;
        } else {
          assertTrue(Tolerance.maxRelativeError(reference, losses) <= Tolerance.REORDERED,
              blocks + " blocks");
        }
      }
    }
    assertNotNull(reference);
  }

  @Test
  void sameSeedSameBlocksRepeatsBitForBit() {
    Dataset data = Problems.sphere(15, 5, "random", 2);
    NetworkSpec spec = Problems.relu2(100, 3);
    double[][] runs = new double[2][];
    for (int run = 0; run < 2; run++) {
      try (BlockEngine engine = engine(spec, 3, data.x(), data.n(), data.d())) {
        TrainConfig config = new TrainConfig(spec, OptimizerKind.GN, 1.0, 1e-9, 4, 1, 3);
        RecordingListener rec = new RecordingListener();
        new Trainer(config, data.x(), data.y(), data.n(), data.d()).run(engine, rec);
        runs[run] = rec.losses();
      }
    }
    assertArrayEquals(runs[0], runs[1], 0.0);
  }

  @Test
  void predictionsOnOtherInputsMatchReference() {
    Dataset train = Problems.sphere(8, 4, "linear", 2);
    Dataset test = Problems.sphere(13, 4, "linear", 9);
    NetworkSpec spec = Problems.relu2(50, 4);
    ReferenceNetwork ref = new ReferenceNetwork(spec, test.x(), test.n(), test.d());
    try (BlockEngine engine = engine(spec, 3, train.x(), train.n(), train.d())) {
      engine.advance(null, false, 0);
      double[] predicted = engine.predict(test.x(), test.n());
      assertTrue(Tolerance.maxRelativeError(ref.outputs(), predicted) <= Tolerance.EXACT);
      BlockPartial onTrain = engine.advance(null, false, 0);
      assertArrayEquals(scaled(onTrain.u(), spec.outputScale()),
          engine.predict(train.x(), train.n()), 0.0, "predict on the training rows");
    }
  }

  @Test
  void symmetricInitStartsAtExactlyZero() {
    Dataset data = Problems.sphere(10, 4, "linear", 6);
    NetworkSpec spec = Problems.exp2(64, 1, true);
    try (BlockEngine engine = engine(spec, 3, data.x(), data.n(), data.d())) {
      BlockPartial sum = engine.advance(null, false, 0);
      for (double v : sum.u()) {
        assertEquals(0.0, v, 0.0);
      }
    }
  }
}

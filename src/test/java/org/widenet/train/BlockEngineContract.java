package org.widenet.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.config.Configurator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.widenet.data.Dataset;
import org.widenet.math.PackedSymmetric;
import org.widenet.model.BlockLayout;
import org.widenet.model.BlockPartial;
import org.widenet.model.ModelFamily;
import org.widenet.model.NetworkSpec;
import org.widenet.model.NeuronBlock;
import org.widenet.model.NumericalFaultException;
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

  /** H v with H formed the exact way: (sum_b C_b C_b^T) o (X X^T), as the driver forms it. */
  private static double[] exactGramTimes(BlockPartial sum, Dataset data, double[] v) {
    int n = data.n();
    double[] gram = new double[sum.gram().length];
    PackedSymmetric.hadamard(sum.gram(), PackedSymmetric.gramOfRows(n, data.d(), data.x()),
        gram);
    double[] full = PackedSymmetric.unpack(n, gram);
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        out[i] += full[i + j * n] * v[j];
      }
    }
    return out;
  }

  private static double[] gaussian(int n, long seed) {
    java.util.Random rnd = new java.util.Random(seed);
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = rnd.nextGaussian();
    }
    return v;
  }

  @Test
  void gramTimesIsTheExactGramTimesAVectorAndChangesNoWeights() {
    Dataset data = Problems.sphere(11, 4, "random", 6);
    for (NetworkSpec spec : new NetworkSpec[] {Problems.relu2(45, 3), Problems.exp2(32, 6,
        false)}) {
      double eta = spec.family() == ModelFamily.EXP2 ? 1e-3 : 0.1;
      try (BlockEngine engine = engine(spec, 4, data.x(), data.n(), data.d())) {
        BlockPartial sum = engine.advance(null, true, 0);
        double[] v = gaussian(data.n(), 1);
        double err = Tolerance.maxRelativeError(exactGramTimes(sum, data, v),
            engine.gramTimes(v));
        assertTrue(err <= Tolerance.EXACT, spec.family() + " at initialization: " + err);
        double[] residual = scaled(sum.u(), spec.outputScale());
        for (int i = 0; i < residual.length; i++) {
          residual[i] -= data.y()[i];
        }
        BlockPartial stepped = engine.advance(new Step(residual, eta * spec.outputScale()),
            true, 1);
        double[] w = gaussian(data.n(), 2);
        double[] before = w.clone();
        err = Tolerance.maxRelativeError(exactGramTimes(stepped, data, w), engine.gramTimes(w));
        assertTrue(err <= Tolerance.EXACT, spec.family() + " after a step: " + err);
        assertArrayEquals(before, w, 0.0, "v is read only");
        assertArrayEquals(stepped.u(), engine.advance(null, false, 1).u(), 0.0,
            "gramTimes changed no weights");
      }
    }
  }

  @Test
  void gramTimesRepeatsTheLocalEngineBitForBit() {
    // 20 blocks > the fan-in of 16: the grouped sum is exercised.
    Dataset data = Problems.sphere(14, 3, "linear", 4);
    NetworkSpec spec = Problems.relu2(400, 8);
    double[] v = gaussian(data.n(), 3);
    double[] expected;
    try (LocalEngine local = new LocalEngine(spec, 20, data.x(), data.n(), data.d())) {
      local.advance(null, false, 0);
      expected = local.gramTimes(v);
    }
    try (BlockEngine engine = engine(spec, 20, data.x(), data.n(), data.d())) {
      engine.advance(null, false, 0);
      assertArrayEquals(expected, engine.gramTimes(v), 0.0);
      assertArrayEquals(expected, engine.gramTimes(v), 0.0, "a second product repeats");
    }
  }

  /**
   * Columns S of H from one pass ({@link BlockEngine#gramColumns}) are the exact Gram's
   * columns (through its products with unit vectors), for relu2 after a step and exp2, and
   * repeat the local engine bit for bit over 20 blocks (the grouped sum).
   */
  @Test
  void gramColumnsAreTheExactGramsColumnsAndRepeatTheLocalEngineBitForBit() {
    Dataset data = Problems.sphere(14, 3, "random", 4);
    int n = data.n();
    int[] rows = {0, 3, 4, 9, 13};
    for (NetworkSpec spec : new NetworkSpec[] {Problems.relu2(400, 8), Problems.exp2(64, 6,
        false)}) {
      double[] expected;
      try (LocalEngine local = new LocalEngine(spec, 20, data.x(), n, data.d())) {
        local.advance(null, false, 0);
        expected = local.gramColumns(rows);
      }
      try (BlockEngine engine = engine(spec, 20, data.x(), n, data.d())) {
        BlockPartial sum = engine.advance(null, true, 0);
        int[] before = rows.clone();
        double[] columns = engine.gramColumns(rows);
        assertArrayEquals(expected, columns, 0.0, spec.family() + ": vs the local engine");
        assertArrayEquals(expected, engine.gramColumns(rows), 0.0, "a second pass repeats");
        assertArrayEquals(before, rows, "rows are read only");
        assertEquals(n * rows.length, columns.length);
        for (int c = 0; c < rows.length; c++) {
          double[] unit = new double[n];
          unit[rows[c]] = 1.0;
          double err = Tolerance.maxRelativeError(exactGramTimes(sum, data, unit),
              java.util.Arrays.copyOfRange(columns, c * n, (c + 1) * n));
          assertTrue(err <= Tolerance.EXACT, spec.family() + ", column " + rows[c] + ": " + err);
        }
      }
    }
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

  /**
   * The inputs with row {@code row} replaced so that the initial weights give
   * w_neuron . x_row = value and w_r . x_row = 0 (to round-off) for every other neuron: the row
   * is w_neuron minus its projection onto the other neurons' weights, scaled. Needs d >= width.
   */
  private static double[] withOverflowingRow(NetworkSpec spec, int blocks, Dataset data,
      int row, int neuron, double value) {
    int d = data.d();
    int m = (int) spec.width();
    double[][] w = new double[m][d];
    BlockLayout layout = BlockLayout.of(spec, blocks);
    for (int b = 0; b < blocks; b++) {
      NeuronBlock block = NeuronBlock.initial(spec, layout, b, d);
      for (int j = 0; j < block.count(); j++) {
        System.arraycopy(block.weights(), j * d, w[(int) block.firstNeuron() + j], 0, d);
      }
    }
    double[] v = w[neuron].clone();
    double[][] basis = new double[m][];
    for (int r = 0; r < m; r++) {
      if (r == neuron) {
        continue;
      }
      double[] q = w[r].clone();
      for (double[] p : basis) {
        if (p != null) {
          axpy(-dot(q, p), p, q);
        }
      }
      double norm = Math.sqrt(dot(q, q));
      for (int k = 0; k < d; k++) {
        q[k] /= norm;
      }
      basis[r] = q;
      axpy(-dot(v, q), q, v);
    }
    double factor = value / dot(w[neuron], v);
    double[] x = data.x().clone();
    for (int k = 0; k < d; k++) {
      x[row + k * data.n()] = factor * v[k];
    }
    return x;
  }

  private static double dot(double[] a, double[] b) {
    double sum = 0;
    for (int k = 0; k < a.length; k++) {
      sum += a[k] * b[k];
    }
    return sum;
  }

  private static void axpy(double alpha, double[] x, double[] y) {
    for (int k = 0; k < y.length; k++) {
      y[k] += alpha * x[k];
    }
  }

  /** assertThrows with Spark's logging off: a failed task logs its stack trace at ERROR. */
  private static <T extends Throwable> T assertThrowsQuietly(Class<T> type, Executable call) {
    Level before = LogManager.getLogger("org.apache.spark").getLevel();
    Configurator.setLevel("org.apache.spark", Level.OFF);
    try {
      return assertThrows(type, call);
    } finally {
      Configurator.setLevel("org.apache.spark", before);
    }
  }

  @Test
  void anOverflowingExponentialNamesItsBlockNeuronAndRow() {
    // Width 6 in 3 blocks: neuron 3 is block 1's second neuron, and only it overflows.
    Dataset data = Problems.sphere(6, 8, "linear", 3);
    NetworkSpec spec = Problems.exp2(6, 7, false);
    double[] x = withOverflowingRow(spec, 3, data, 3, 3, 800);
    try (BlockEngine engine = engine(spec, 3, x, data.n(), data.d())) {
      String m = assertThrowsQuietly(NumericalFaultException.class,
          () -> engine.advance(null, false, 0)).getMessage();
      assertTrue(m.startsWith("numerical overflow in neuron block 1, neuron 3, data row 3 "
          + "(counting from 0) at initialization: w_r . x_i = 800.000 and exp(800.000) "
          + "overflows a double"), m);
    }
    try (BlockEngine engine = engine(spec, 3, data.x(), data.n(), data.d())) {
      engine.advance(null, false, 0);
      String m = assertThrowsQuietly(NumericalFaultException.class,
          () -> engine.predict(x, data.n())).getMessage();
      assertTrue(m.startsWith("numerical overflow in neuron block 1, neuron 3, data row 3 "
          + "(counting from 0) on the prediction inputs: w_r . x_i = 800.000"), m);
    }
  }

  @Test
  void anOverflowWithinOneStepStopsTrainingAsDivergedNamingBlockAndRow() {
    // The divergence factor is out of reach, so the loss check cannot fire first.
    Dataset data = Problems.sphere(10, 3, "linear", 1);
    NetworkSpec spec = Problems.exp2(20, 1, false);
    TrainConfig config = new TrainConfig(spec, OptimizerKind.GD, 1e6, 0, 5, 10, 2, 1e300);
    RecordingListener rec = new RecordingListener();
    try (BlockEngine engine = engine(spec, 2, data.x(), data.n(), data.d())) {
      String m = assertThrowsQuietly(TrainingDivergedException.class,
          () -> new Trainer(config, data.x(), data.y(), data.n(), data.d()).run(engine, rec))
          .getMessage();
      assertTrue(m.startsWith("diverged at iteration 1 with step size eta = 1000000.0 (the "
          + "stable bound is 2 / lambda_max = "), m);
      assertTrue(m.matches(".*: numerical overflow in neuron block [01], neuron \\d+, data row "
          + "\\d+ \\(counting from 0\\) after a training step: w_r \\. x_i = .*"), m);
      assertTrue(m.contains("Lower --lr") && m.contains("--divergence-factor"), m);
    }
    assertEquals(1, rec.records.size(), "only iteration 0 was recorded");
  }
}

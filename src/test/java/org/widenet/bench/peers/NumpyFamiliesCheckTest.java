package org.widenet.bench.peers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.widenet.data.Dataset;
import org.widenet.data.SyntheticSpec;
import org.widenet.deep.DeepBlock;
import org.widenet.deep.DeepConfig;
import org.widenet.deep.DeepFamily;
import org.widenet.deep.DeepInputs;
import org.widenet.deep.DeepSpec;
import org.widenet.deep.DeepTrainer;
import org.widenet.deep.DeepWeights;
import org.widenet.deep.GnMethod;
import org.widenet.deep.LayerPass;
import org.widenet.model.DenseInputs;
import org.widenet.model.Initializer;
import org.widenet.model.ModelFamily;
import org.widenet.model.NetworkSpec;
import org.widenet.model.NeuronBlock;
import org.widenet.smooth.SmoothBlock;
import org.widenet.smooth.SmoothInitializer;
import org.widenet.smooth.SmoothSettings;
import org.widenet.smooth.SmoothSpec;
import org.widenet.smooth.SmoothTrainer;
import org.widenet.softmax.SoftmaxBlock;
import org.widenet.softmax.SoftmaxFamily;
import org.widenet.softmax.SoftmaxInit;
import org.widenet.softmax.SoftmaxSpec;
import org.widenet.softmax.SoftmaxTrainConfig;
import org.widenet.softmax.SoftmaxTrainer;
import org.widenet.train.LocalEngine;
import org.widenet.train.OptimizerKind;
import org.widenet.train.TrainConfig;
import org.widenet.train.Trainer;

/**
 * End to end: benchmarks/numpy_families.py, a dense NumPy twin of each family's iteration, run
 * by python3 from the same data and initial weights as widenet's own training on the local
 * engine (two blocks), gives the same loss at every iteration and the same trained weights and
 * outputs to 1e-10 (relative to the value where it is above 1). A twin run with a perturbed step
 * size (deep-last: damping) must disagree, so the comparison can fail. Skipped (not failed)
 * where python3 or NumPy is missing.
 */
class NumpyFamiliesCheckTest {
  private static final int N = 12;
  private static final int D = 5;
  private static final int M = 40;
  private static final int K = 3;
  private static final int STEPS = 3;
  private static final int BLOCKS = 2;
  private static final double TOLERANCE = 1e-10;

  @BeforeAll
  static void needsPythonAndNumpy() throws InterruptedException {
    PythonNumpy.assumeAvailable();
  }

  private static Dataset data(int seed) {
    return SyntheticSpec.parse(String.format(Locale.ROOT,
        "sphere:n=%d,d=%d,target=random,seed=%d", N, D, seed)).generate();
  }

  private static NumpyFamilyPeer peer() {
    assertNotNull(NumpyFamilyPeer.findScript(),
        "benchmarks/numpy_families.py is in the repository");
    return new NumpyFamilyPeer("python3", NumpyFamilyPeer.findScript(), 1, 120);
  }

  /** widenet's run: losses (T + 1), trained weights, outputs F (n x k). */
  private record Run(double[] losses, double[] weights, double[] outputs) {
    double[] flat() {
      return concat(losses, weights, outputs);
    }
  }

  @Test
  void exp2GradientDescentMatchesTheTwin() throws IOException {
    Dataset data = data(3);
    NetworkSpec spec = new NetworkSpec(ModelFamily.EXP2, M, 1.0, 5L, false);
    double[] w0 = new double[D * M];
    double[] a = new double[M];
    Initializer.fill(spec, D, 0, M, w0, a);
    double eta = 1e-3;
    List<Double> losses = new ArrayList<>();
    double[] f;
    double[] w = new double[D * M];
    try (LocalEngine engine = new LocalEngine(spec, BLOCKS, data.x(), N, D)) {
      f = new Trainer(new TrainConfig(spec, OptimizerKind.GD, eta, 0.0, STEPS, 0, BLOCKS),
          data.x(), data.y(), N, D).run(engine, r -> losses.add(r.loss())).finalPredictions();
      int at = 0;
      for (NeuronBlock b : engine.<NeuronBlock>blocks()) {
        System.arraycopy(b.weights(), 0, w, at, b.weights().length);
        at += b.weights().length;
      }
    }
    Run ours = new Run(unbox(losses), w, f);
    compare("exp2", ours, w0, data.x(), data.y(), concat(w0, a), eta, List.of());
  }

  @Test
  void softmax2GradientDescentMatchesTheTwin() throws IOException {
    Dataset data = data(4);
    SoftmaxSpec spec = new SoftmaxSpec(M, K, 1.0, 6L, false);
    double[] w0 = new double[D * M];
    double[] a = new double[K * M];
    SoftmaxInit.fill(spec, D, 0, M, w0, a);
    double[] y = oneHot(data.y());
    double eta = 0.002;
    double[] w = new double[D * M];
    double[] losses;
    double[] f;
    try (LocalEngine engine = new LocalEngine(new SoftmaxFamily(spec), BLOCKS,
        new DenseInputs(data.x(), N, D), 2)) {
      var r = new SoftmaxTrainer(spec, new SoftmaxTrainConfig(STEPS, eta,
          SoftmaxTrainConfig.DEFAULT_LR_CONSTANT, OptimizerKind.GD, 0.0, 0), data.x(), y, N, D)
          .run(engine, null, null, 0);
      losses = r.losses();
      f = r.finalOutputs();
      int at = 0;
      for (SoftmaxBlock b : engine.<SoftmaxBlock>blocks()) {
        System.arraycopy(b.weights(), 0, w, at, b.weights().length);
        at += b.weights().length;
      }
    }
    compare("softmax2", new Run(losses, w, f), w0, data.x(), y, concat(w0, a), eta,
        List.of());
  }

  @Test
  void smooth2GradientDescentOnBothLayersMatchesTheTwin() throws IOException {
    Dataset data = data(5);
    double eta = 0.05;
    SmoothSettings settings = SmoothSettings.defaults().withWidth(M).withIterations(STEPS)
        .withBlocks(BLOCKS).withLearningRate(eta).withLazy(false).withGramEvery(0)
        .withSeed(7L);
    SmoothSpec spec = settings.spec(D, 1);
    double[] w0 = new double[D * M];
    double[] v0 = new double[M];
    SmoothInitializer.fill(spec, 0, M, w0, v0);
    double[] w = new double[D * M];
    double[] v = new double[M];
    double[] losses;
    double[] f;
    try (LocalEngine engine = new LocalEngine(spec, BLOCKS, new DenseInputs(data.x(), N, D),
        2)) {
      var r = new SmoothTrainer(spec, settings, data.x(), data.y(), N).run(engine);
      losses = r.records().stream().mapToDouble(s -> s.loss()).toArray();
      f = r.outputs();
      int at = 0;
      for (SmoothBlock b : engine.<SmoothBlock>blocks()) {
        System.arraycopy(b.w(), 0, w, at * D, b.count() * D);
        System.arraycopy(b.v(), 0, v, at, b.count());
        at += b.count();
      }
    }
    compare("smooth2", new Run(losses, concat(w, v), f), concat(w0, v0), data.x(), data.y(),
        concat(w0, v0), eta, List.of());
  }

  @Test
  void deepLastGaussNewtonStepsOfTheLastLayerMatchTheTwin() throws IOException {
    Dataset data = data(6);
    DeepSpec spec = DeepSpec.withAlpha(D, M, 2, 0.1, 8L);
    double damping = 1e-6;
    DeepInputs in = new DeepInputs(DeepFamily.frozenLocally(spec, BLOCKS,
        LayerPass.inputs(N, D, data.x())).v());
    double[] w1t = new double[D * M];
    double[] w2t = new double[M * M];
    double[] a = new double[M];
    double[] row = new double[M];
    for (int r = 0; r < M; r++) {
      DeepWeights.row(spec, 1, r, row);
      System.arraycopy(row, 0, w1t, r * D, D);
      DeepWeights.row(spec, 2, r, row);
      System.arraycopy(row, 0, w2t, r * M, M);
      a[r] = DeepWeights.sign(spec, r);
    }
    List<Double> losses = new ArrayList<>();
    double[] f;
    // W2 = W2(0) + C V^T, row r of W2 as column r of w2 (M x M column-major).
    double[] w2 = w2t.clone();
    double[] vDense = in.denseV();
    try (LocalEngine engine = new LocalEngine(new DeepFamily(spec), BLOCKS, in, 2)) {
      f = DeepTrainer.train(engine, in, data.y(), new DeepConfig(STEPS, GnMethod.EXACT, 0,
          damping, 0.0, false, 1e-10, 500, 0L), r -> losses.add(r.loss())).outputs();
      for (DeepBlock b : engine.<DeepBlock>blocks()) {
        double[] c = b.coefficients();
        for (int j = 0; j < b.count(); j++) {
          int r = (int) b.firstNeuron() + j;
          for (int q = 0; q < M; q++) {
            double s = 0;
            for (int i = 0; i < N; i++) {
              s += c[j + i * b.count()] * vDense[q + i * M];
            }
            w2[q + r * M] += s;
          }
        }
      }
    }
    assertEquals(STEPS + 1, losses.size(), "no early stop");
    compare("deep-last", new Run(unbox(losses), w2, f), w2t, data.x(), data.y(),
        concat(w1t, w2t, a), Double.NaN, List.of("--threshold",
            String.valueOf(spec.threshold()), "--damping", String.valueOf(damping)));
  }

  /**
   * Runs the twin from {@code weights} and asserts it agrees with {@code ours}; then runs it
   * with a perturbed eta (deep-last: damping) and asserts it does not, and that the weights
   * moved from {@code initial}, so the comparison means something.
   */
  private static void compare(String family, Run ours, double[] initial, double[] x,
      double[] y, double[] weights, double eta, List<String> extra) throws IOException {
    NumpyFamilyPeer peer = peer();
    List<String> args = new ArrayList<>(extra);
    List<String> perturbed = new ArrayList<>(extra);
    if (Double.isNaN(eta)) {
      perturbed.set(perturbed.indexOf("--damping") + 1, "1e-3");
    } else {
      args.addAll(List.of("--eta", String.valueOf(eta)));
      perturbed.addAll(List.of("--eta", String.valueOf(eta * 1.001)));
    }
    double[] want = ours.flat();
    double[] twin = peer.check(family, x, y, N, D, M, weights, STEPS, args);
    assertEquals(want.length, twin.length, family + ": the twin's output length");
    int nl = ours.losses().length;
    int nw = ours.weights().length;
    for (int i = 0; i < want.length; i++) {
      String what = i < nl ? "loss at iteration " + i
          : i < nl + nw ? "weight " + (i - nl) : "output " + (i - nl - nw);
      assertEquals(want[i], twin[i], TOLERANCE * Math.max(1, Math.abs(want[i])),
          family + ": " + what);
    }
    double moved = 0;
    for (int i = 0; i < initial.length; i++) {
      moved = Math.max(moved, Math.abs(ours.weights()[i] - initial[i]));
    }
    assertTrue(moved > 1e-4, family + ": the steps moved the weights, by " + moved);
    assertTrue(ours.losses()[STEPS] < ours.losses()[0], family + ": the loss went down: "
        + java.util.Arrays.toString(ours.losses()));
    double[] off = peer.check(family, x, y, N, D, M, weights, STEPS, perturbed);
    double worst = 0;
    for (int i = 0; i < want.length; i++) {
      worst = Math.max(worst, Math.abs(want[i] - off[i]) / Math.max(1, Math.abs(want[i])));
    }
    assertTrue(worst > 1e3 * TOLERANCE, family + ": a perturbed run disagrees (" + worst
        + "), so the comparison can fail");
  }

  /** k = 3 one-hot classes from the +-1 labels and the row index: n x k column-major. */
  private static double[] oneHot(double[] labels) {
    double[] y = new double[N * K];
    for (int i = 0; i < N; i++) {
      int c = labels[i] > 0 ? i % 2 : 2;
      y[c * N + i] = 1.0;
    }
    return y;
  }

  private static double[] unbox(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).toArray();
  }

  private static double[] concat(double[]... parts) {
    int length = 0;
    for (double[] p : parts) {
      length += p.length;
    }
    double[] out = new double[length];
    int at = 0;
    for (double[] p : parts) {
      System.arraycopy(p, 0, out, at, p.length);
      at += p.length;
    }
    return out;
  }
}

package org.widenet.bench.peers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.widenet.data.Dataset;
import org.widenet.data.SyntheticSpec;
import org.widenet.math.PackedSymmetric;
import org.widenet.model.BlockPartial;
import org.widenet.model.Initializer;
import org.widenet.model.ModelFamily;
import org.widenet.model.NetworkSpec;
import org.widenet.model.Step;
import org.widenet.train.LocalEngine;

/**
 * End to end: benchmarks/numpy_peer.py, run by python3 on a tiny shape, takes the same GD steps
 * and forms the same Gram H = (C C^T) o (X X^T) as widenet's own block kernels from the same
 * data and initial weights. Skipped (not failed) where python3 or NumPy is missing.
 */
class NumpyPeerCheckTest {
  private static final int N = 30;
  private static final int D = 6;
  private static final int M = 50;
  private static final int STEPS = 3;

  @BeforeAll
  static void needsPythonAndNumpy() throws InterruptedException {
    PythonNumpy.assumeAvailable();
  }

  /** Also for blocks in the span form (W = W(0) - X^T A), whose weights are formed at the end. */
  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void numpyGradientStepsMatchWidenetsKernels(boolean span) throws IOException {
    assertNotNull(NumpyPeer.findScript(), "benchmarks/numpy_peer.py is in the repository");
    Dataset data = SyntheticSpec.parse("sphere:n=" + N + ",d=" + D + ",target=random,seed=3")
        .generate();
    NetworkSpec spec = new NetworkSpec(ModelFamily.RELU2, M, 1.0, 5L, false);
    double[] w0 = new double[D * M];
    double[] a = new double[M];
    Initializer.fill(spec, D, 0, M, w0, a);

    // widenet: the bench's GD loop (eta = 1/n) on one block.
    double scale = spec.outputScale();
    double[] u;
    double[] w;
    try (LocalEngine engine = new LocalEngine(spec, 1, data.x(), N, D)) {
      BlockPartial sum = engine.advance(null, false, 0);
      for (int t = 1; t <= STEPS; t++) {
        double[] s = new double[N];
        for (int i = 0; i < N; i++) {
          s[i] = scale * sum.u()[i] - data.y()[i];
        }
        sum = engine.advance(new Step(s, scale / N, span), false, t);
      }
      u = sum.u();
      w = engine.<org.widenet.model.NeuronBlock>blocks().get(0).weights();
    }

    NumpyPeer peer = new NumpyPeer("python3", NumpyPeer.findScript(), 1, 120);
    double[] out = peer.check("gd", data, w0, a, STEPS);
    assertEquals(D * M + N, out.length);
    double moved = 0;
    for (int k = 0; k < D * M; k++) {
      assertEquals(w[k], out[k], 1e-10 * (1 + Math.abs(w[k])), "W entry " + k);
      moved = Math.max(moved, Math.abs(w[k] - w0[k]));
    }
    for (int i = 0; i < N; i++) {
      assertEquals(u[i], out[D * M + i], 1e-10 * (1 + Math.abs(u[i])), "u_" + i);
    }
    assertTrue(moved > 1e-6, "the steps moved the weights, so the comparison means something");
  }

  @Test
  void numpyGramMatchesWidenetsGram() throws IOException {
    Dataset data = SyntheticSpec.parse("sphere:n=" + N + ",d=" + D + ",target=random,seed=4")
        .generate();
    NetworkSpec spec = new NetworkSpec(ModelFamily.RELU2, M, 1.0, 6L, false);
    double[] w0 = new double[D * M];
    double[] a = new double[M];
    Initializer.fill(spec, D, 0, M, w0, a);
    double[] h;
    double[] u;
    try (LocalEngine engine = new LocalEngine(spec, 2, data.x(), N, D)) {
      BlockPartial sum = engine.advance(null, true, 0);
      double[] xxt = PackedSymmetric.gramOfRows(N, D, data.x());
      h = new double[xxt.length];
      PackedSymmetric.hadamard(sum.gram(), xxt, h);
      u = sum.u();
    }
    double[] out = new NumpyPeer("python3", NumpyPeer.findScript(), 1, 120)
        .check("gram", data, w0, a, 1);
    assertEquals(N * N + N, out.length);
    double largest = 0;
    for (int j = 0; j < N; j++) {
      for (int i = 0; i < N; i++) {
        double want = PackedSymmetric.get(h, i, j);
        assertEquals(want, out[i + j * N], 1e-10 * (1 + Math.abs(want)), "H " + i + "," + j);
        largest = Math.max(largest, Math.abs(want));
      }
    }
    for (int i = 0; i < N; i++) {
      assertEquals(u[i], out[N * N + i], 1e-10 * (1 + Math.abs(u[i])), "u_" + i);
    }
    assertTrue(largest > 0.1, "the Gram is not trivially zero");
  }

  @Test
  void timingRunParsesAndReportsEveryIteration() {
    Dataset data = SyntheticSpec.parse("sphere:n=" + N + ",d=" + D + ",target=random,seed=3")
        .generate();
    NumpyPeer peer = new NumpyPeer("python3", NumpyPeer.findScript(), 1, 120);
    for (String op : new String[] {"gd", "gram"}) {
      NumpyPeer.Outcome o = peer.time(op, data, M, 1, 5);
      assertNotNull(o.result(), () -> op + ": " + o.reason());
      assertEquals(5, o.result().times().size());
      assertEquals(M, o.result().chunk());
    }
  }

  @Test
  void aMissingInterpreterIsASkipNotAnError() {
    Dataset data = SyntheticSpec.parse("sphere:n=10,d=3,target=random").generate();
    NumpyPeer peer = new NumpyPeer("no-such-python-widenet", NumpyPeer.findScript(), 1, 10);
    NumpyPeer.Outcome o = peer.time("gd", data, 10, 0, 5);
    assertEquals(null, o.result());
    assertTrue(o.reason().startsWith("skipped: cannot run no-such-python-widenet"),
        o.reason());
  }
}

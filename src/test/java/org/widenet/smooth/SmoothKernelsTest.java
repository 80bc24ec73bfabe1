package org.widenet.smooth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.widenet.math.PackedSymmetric;
import org.widenet.model.DenseInputs;
import org.widenet.model.Pass;
import org.widenet.testutil.Tolerance;

/** Block kernels against {@link SmoothReference} and finite differences, every activation. */
class SmoothKernelsTest {
  private static final int N = 5;
  private static final int D0 = 3;
  private static final int K = 2;
  private static final int WIDTH = 7;

  private static SmoothSpec spec(SmoothActivation a) {
    return new SmoothSpec(a, D0, WIDTH, K, 0.8, 0.6, 11L);
  }

  private static double[] randomMatrix(int rows, int cols, long seed) {
    Random rng = new Random(seed);
    double[] m = new double[rows * cols];
    for (int i = 0; i < m.length; i++) {
      m[i] = rng.nextGaussian();
    }
    return m;
  }

  /** One block of all neurons, stepped once by the production kernels. */
  private static SmoothBlock oneBlock(SmoothSpec spec) {
    return SmoothBlock.initial(spec, 0, 0, WIDTH);
  }

  @ParameterizedTest
  @EnumSource(SmoothActivation.class)
  void forwardMatchesReference(SmoothActivation a) {
    SmoothSpec spec = spec(a);
    double[] x = randomMatrix(N, D0, 1);
    SmoothPartial p = SmoothStepper.advance(oneBlock(spec), spec, x, N, null, null, false)
        .partial();
    double[][] want = SmoothReference.initial(spec).outputs(SmoothReference.rows(x, N));
    assertTrue(Tolerance.maxRelativeError(SmoothReference.colMajor(want), p.outputs())
        < Tolerance.EXACT);
  }

  @ParameterizedTest
  @EnumSource(SmoothActivation.class)
  void stepMatchesReferenceAndGradientsMatchFiniteDifferences(SmoothActivation a) {
    SmoothSpec spec = spec(a);
    double[] x = randomMatrix(N, D0, 2);
    double[] y = randomMatrix(N, K, 3);
    double[][] xr = SmoothReference.rows(x, N);
    double[][] yr = SmoothReference.rows(y, N);
    SmoothReference ref = SmoothReference.initial(spec);
    SmoothBlock block = oneBlock(spec);
    double[] f = SmoothStepper.advance(block, spec, x, N, null, null, false).partial().outputs();
    double[] residual = new double[f.length];
    for (int i = 0; i < f.length; i++) {
      residual[i] = f[i] - y[i];
    }
    double eta = 0.05;
    SmoothBlock stepped = SmoothStepper.advance(block, spec, x, N,
        new SmoothStep(null, residual, eta), null, false);
    SmoothReference refStepped = ref.step(xr, yr, eta);
    assertTrue(Tolerance.maxRelativeError(refStepped.parameters(), parameters(stepped))
        < Tolerance.EXACT);

    // The reference gradients against central finite differences of the loss, both layers.
    double[][] gw = ref.gradW(xr, yr);
    double[][] gv = ref.gradV(xr, yr);
    double h = 1e-6;
    for (int r = 0; r < WIDTH; r++) {
      for (int j = 0; j < D0; j++) {
        double keep = ref.w[r][j];
        ref.w[r][j] = keep + h;
        double up = ref.loss(xr, yr);
        ref.w[r][j] = keep - h;
        double down = ref.loss(xr, yr);
        ref.w[r][j] = keep;
        assertEquals((up - down) / (2 * h), gw[r][j], Tolerance.FINITE_DIFFERENCE, a + " W");
      }
      for (int c = 0; c < K; c++) {
        double keep = ref.v[c][r];
        ref.v[c][r] = keep + h;
        double up = ref.loss(xr, yr);
        ref.v[c][r] = keep - h;
        double down = ref.loss(xr, yr);
        ref.v[c][r] = keep;
        assertEquals((up - down) / (2 * h), gv[c][r], Tolerance.FINITE_DIFFERENCE, a + " V");
      }
    }
  }

  /**
   * A step from the kept Z equals a step from Z recomputed (a block that lost it), bit for bit,
   * on a block of three tiles (the last one partial) whose inputs are wide enough (rows much
   * smaller than d0) for Z to be kept.
   */
  @ParameterizedTest
  @EnumSource(SmoothActivation.class)
  void keptPreactivationsGiveTheSameStepAsRecomputedOnes(SmoothActivation a) {
    int d0 = 40;
    int width = 2 * SmoothKernels.TILE + 88;
    SmoothSpec spec = new SmoothSpec(a, d0, width, K, 0.8, 0.6, 11L);
    double[] x = randomMatrix(N, d0, 8);
    int[] batch = {1, 4};
    SmoothBlock evaluated = SmoothStepper.advance(SmoothBlock.initial(spec, 0, 0, width), spec,
        x, N, null, batch, false);
    assertTrue(evaluated.preactivations() != null, "Z is kept when rows << d0");
    SmoothBlock bare = SmoothBlock.restore(spec, 0, 0, 0, evaluated.w(), evaluated.v());
    SmoothStep step = new SmoothStep(batch, randomMatrix(2, K, 9), 0.1);
    SmoothBlock fromKept = SmoothStepper.advance(evaluated, spec, x, N, step, null, false);
    SmoothBlock fromScratch = SmoothStepper.advance(bare, spec, x, N, step, null, false);
    org.junit.jupiter.api.Assertions.assertArrayEquals(fromScratch.w(), fromKept.w(), 0.0);
    org.junit.jupiter.api.Assertions.assertArrayEquals(fromScratch.v(), fromKept.v(), 0.0);
    org.junit.jupiter.api.Assertions.assertArrayEquals(fromScratch.partial().outputs(),
        fromKept.partial().outputs(), 0.0);
  }

  /**
   * A block of three tiles steps and evaluates as the reference does (the tiles' outputs are
   * summed tile by tile, so to rounding), and its Gram shares are those of one-neuron blocks
   * summed.
   */
  @ParameterizedTest
  @EnumSource(SmoothActivation.class)
  void aBlockOfSeveralTilesMatchesTheReference(SmoothActivation a) {
    int width = 2 * SmoothKernels.TILE + 88;
    SmoothSpec spec = new SmoothSpec(a, D0, width, K, 0.8, 0.6, 11L);
    double[] x = randomMatrix(N, D0, 21);
    double[] y = randomMatrix(N, K, 22);
    SmoothBlock block = SmoothStepper.advance(SmoothBlock.initial(spec, 0, 0, width), spec, x,
        N, null, null, false);
    double[] f = block.partial().outputs();
    double[] residual = new double[f.length];
    for (int i = 0; i < f.length; i++) {
      residual[i] = f[i] - y[i];
    }
    SmoothBlock stepped = SmoothStepper.advance(block, spec, x, N,
        new SmoothStep(null, residual, 0.01), null, true);
    SmoothReference want = SmoothReference.initial(spec).step(SmoothReference.rows(x, N),
        SmoothReference.rows(y, N), 0.01);
    assertTrue(Tolerance.maxRelativeError(want.parameters(), parameters(stepped))
        < Tolerance.EXACT);
    SmoothPartial sum = null;
    for (int j = 0; j < width; j++) {
      SmoothBlock one = SmoothBlock.restore(spec, j, j, 1,
          java.util.Arrays.copyOfRange(stepped.w(), j * D0, (j + 1) * D0),
          java.util.Arrays.copyOfRange(stepped.v(), j * K, (j + 1) * K));
      SmoothPartial p = SmoothStepper.advance(one, spec, x, N, null, null, true).partial();
      sum = sum == null ? p : sum.plus(p);
    }
    SmoothPartial tiled = stepped.partial();
    assertTrue(Tolerance.maxRelativeError(sum.outputs(), tiled.outputs()) < Tolerance.REORDERED);
    double[] h = SmoothGram.assemble(N, K, PackedSymmetric.gramOfRows(N, D0, x), tiled);
    double[] hSum = SmoothGram.assemble(N, K, PackedSymmetric.gramOfRows(N, D0, x), sum);
    assertTrue(Tolerance.maxRelativeError(hSum, h) < Tolerance.REORDERED);
  }

  /**
   * The engine's advance writes the step into the block's own arrays (no copy) and gives bit
   * for bit the old copying arithmetic: the step on clones of W_b^T and V_b.
   */
  @ParameterizedTest
  @EnumSource(SmoothActivation.class)
  void advanceStepsInPlaceAsTheCopyingStepDoes(SmoothActivation a) {
    SmoothSpec spec = spec(a);
    double[] x = randomMatrix(N, D0, 12);
    DenseInputs inputs = new DenseInputs(x, N, D0);
    for (int[] rows : new int[][] {null, {4, 1, 2}}) {
      SmoothBlock block = (SmoothBlock) spec.advance(spec.initial(inputs, spec.layout(2), 1),
          inputs, null, Pass.onRows(rows));
      double[] w = block.w();
      double[] v = block.v();
      double[] wCopy = w.clone();
      double[] vCopy = v.clone();
      int r = rows == null ? N : rows.length;
      SmoothStep step = new SmoothStep(rows, randomMatrix(r, K, 13), 0.07);
      SmoothKernels.gradientStep(a, rows == null ? x : SmoothKernels.gatherRows(x, N, D0, rows),
          r, D0, wCopy, vCopy, block.count(), K, step.residual(), step.eta(), null);
      SmoothBlock stepped = (SmoothBlock) spec.advance(block, inputs, step, Pass.FORWARD);
      assertSame(w, stepped.w());
      assertSame(v, stepped.v());
      assertEquals(1, stepped.stepsApplied());
      assertArrayEquals(wCopy, stepped.w(), 0.0);
      assertArrayEquals(vCopy, stepped.v(), 0.0);
      assertNotEquals(0.0, maxDifference(w, SmoothBlock.initial(spec, 1, block.firstNeuron(),
          block.count()).w()));
      // The forward pass after the step is the one at the new weights.
      SmoothPartial fresh = SmoothStepper.advance(SmoothBlock.restore(spec, 1,
          block.firstNeuron(), 1, wCopy, vCopy), spec, x, N, null, null, false).partial();
      assertArrayEquals(fresh.outputs(), stepped.partial().outputs(), 0.0);
    }
  }

  private static double maxDifference(double[] a, double[] b) {
    double max = 0;
    for (int i = 0; i < a.length; i++) {
      max = Math.max(max, Math.abs(a[i] - b[i]));
    }
    return max;
  }

  @ParameterizedTest
  @EnumSource(SmoothActivation.class)
  void batchStepMatchesReferenceOnTheBatchRows(SmoothActivation a) {
    SmoothSpec spec = spec(a);
    double[] x = randomMatrix(N, D0, 4);
    double[] y = randomMatrix(N, K, 5);
    int[] batch = {3, 0, 4};
    double[] xb = SmoothKernels.gatherRows(x, N, D0, batch);
    double[] yb = new double[batch.length * K];
    for (int c = 0; c < K; c++) {
      for (int t = 0; t < batch.length; t++) {
        yb[c * batch.length + t] = y[c * N + batch[t]];
      }
    }
    SmoothBlock block = oneBlock(spec);
    double[] fb = SmoothStepper.advance(block, spec, x, N, null, batch, false).partial()
        .outputs();
    double[] residual = new double[fb.length];
    for (int i = 0; i < fb.length; i++) {
      residual[i] = fb[i] - yb[i];
    }
    SmoothBlock stepped = SmoothStepper.advance(block, spec, x, N,
        new SmoothStep(batch, residual, 0.1), null, false);
    SmoothReference want = SmoothReference.initial(spec).step(SmoothReference.rows(xb, 3),
        SmoothReference.rows(yb, 3), 0.1);
    assertTrue(Tolerance.maxRelativeError(want.parameters(), parameters(stepped))
        < Tolerance.EXACT);
  }

  @ParameterizedTest
  @EnumSource(SmoothActivation.class)
  void gramMatchesReferenceJacobianAndJacobianMatchesFiniteDifferences(SmoothActivation a) {
    SmoothSpec spec = spec(a);
    double[] x = randomMatrix(N, D0, 6);
    double[][] xr = SmoothReference.rows(x, N);
    // Two blocks, summed, as the engines do.
    SmoothPartial p0 = SmoothStepper.advance(SmoothBlock.initial(spec, 0, 0, 3), spec, x, N,
        null, null, true).partial();
    SmoothPartial p1 = SmoothStepper.advance(SmoothBlock.initial(spec, 1, 3, 4), spec, x, N,
        null, null, true).partial();
    double[] h = SmoothGram.assemble(N, K, PackedSymmetric.gramOfRows(N, D0, x), p0.plus(p1));
    SmoothReference ref = SmoothReference.initial(spec);
    double[][] want = ref.gram(xr);
    double[] got = PackedSymmetric.unpack(N * K, h);
    assertTrue(Tolerance.maxRelativeError(SmoothReference.colMajor(want), got)
        < Tolerance.EXACT);

    double[][] jac = ref.jacobian(xr);
    double[] theta = ref.parameters();
    double step = 1e-6;
    for (int q = 0; q < theta.length; q++) {
      double[][] up = outputsAt(ref, theta, q, step, xr);
      double[][] down = outputsAt(ref, theta, q, -step, xr);
      for (int i = 0; i < N; i++) {
        for (int c = 0; c < K; c++) {
          assertEquals((up[i][c] - down[i][c]) / (2 * step), jac[i + N * c][q],
              Tolerance.FINITE_DIFFERENCE, a + " dF/dtheta_" + q);
        }
      }
    }
  }

  private static double[][] outputsAt(SmoothReference ref, double[] theta, int q, double delta,
      double[][] x) {
    double[] t = theta.clone();
    t[q] += delta;
    double[][] w = new double[WIDTH][D0];
    double[][] v = new double[K][WIDTH];
    for (int r = 0; r < WIDTH; r++) {
      System.arraycopy(t, r * D0, w[r], 0, D0);
    }
    for (int c = 0; c < K; c++) {
      System.arraycopy(t, WIDTH * D0 + c * WIDTH, v[c], 0, WIDTH);
    }
    return new SmoothReference(ref.phi, w, v).outputs(x);
  }

  /** A one-block network's parameters in {@link SmoothReference#parameters()} layout. */
  static double[] parameters(SmoothBlock b) {
    int m = b.count();
    double[] p = new double[m * D0 + K * m];
    System.arraycopy(b.w(), 0, p, 0, m * D0);
    for (int c = 0; c < K; c++) {
      for (int r = 0; r < m; r++) {
        p[m * D0 + c * m + r] = b.v()[c + K * r];
      }
    }
    return p;
  }
}

package org.widenet.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.widenet.bench.BenchCase.Kind;
import org.widenet.bench.BenchCase.Net;
import org.widenet.testutil.Tolerance;

/** Flop counts against hand-computed values, and the BLAS calls that must add up to them. */
class BenchCaseTest {

  @Test
  void gradientStepIsTheModelsTwoProducts() {
    BenchCase gd = BenchCase.of("relu2-gd", Kind.GD, 2000, 784, 10_000);
    // X^T G (phi'(Z) from the kept ReLU mask), Z at the new weights: 2 x 2 x 2000 x 784 x 10^4.
    assertEquals(6.272e10, gd.flops(), 0.0);
    // Forward plus gradient, 4 n d m.
    assertEquals(6.272e10, gd.modelFlops(), 0.0);
  }

  @Test
  void spanFormStepIsOneProductOfTheRows() {
    BenchCase gd = BenchCase.of("relu2-gd", Kind.GD, 1000, 784, 10_000);
    assertTrue(gd.spanForm(), "n < 1.6 d");
    // Z = Z(0) - (X X^T) A: 2 x 1000^2 x 10^4; the model's count stays 4 n d m.
    assertEquals(2e10, gd.flops(), 0.0);
    assertEquals(3.136e10, gd.modelFlops(), 0.0);
    BenchCase gn = BenchCase.of("relu2-gn", Kind.GN, 1000, 784, 10_000);
    assertEquals(2e10 + 1000.0 * 1001 * 10_000, gn.flops(), 0.0);
    assertEquals(List.of(BlasProbe.Shape.gemm(BlasProbe.Op.GEMM_NN, 1000, 256, 1000)),
        gd.blasCalls(256).stream().map(BlasProbe.Call::shape).toList());
    // The peers step weights; the Gram case takes no step; exp2 has no span form.
    for (BenchCase c : new BenchCase[] {BenchCase.of("peer-numpy-gd", Kind.GD, 1000, 784,
        10_000), BenchCase.of("relu2-gram", Kind.GRAM, 1000, 784, 10_000),
        BenchCase.of(Net.EXP2, Kind.GD, 1000, 784, 10_000)}) {
      assertTrue(!c.spanForm(), c.name());
    }
    assertEquals(3.136e10, BenchCase.of("peer-numpy-gd", Kind.GD, 1000, 784, 10_000).flops(),
        0.0);
  }

  @Test
  void gramCountsTheForwardProductAndTheUpperTriangle() {
    BenchCase gram = BenchCase.of("relu2-gram", Kind.GRAM, 1000, 784, 10_000);
    // 2 n d m = 1.568e10; dsyrk: n (n + 1) m = 1000 x 1001 x 10^4 = 1.001e10.
    assertEquals(1.568e10 + 1.001e10, gram.flops(), 0.0);
    // The model's Gram is n^2 m = 1e10.
    assertEquals(1.568e10 + 1e10, gram.modelFlops(), 0.0);
  }

  @Test
  void gaussNewtonIsAStepAndAGram() {
    BenchCase gn = BenchCase.of("relu2-gn", Kind.GN, 100, 10, 1000);
    assertEquals(4.0 * 100 * 10 * 1000 + 100.0 * 101 * 1000, gn.flops(), 0.0);
    assertEquals(4.0 * 100 * 10 * 1000 + 100.0 * 100 * 1000, gn.modelFlops(), 0.0);
  }

  @Test
  void blasCallsAddUpToTheFlopCountWhateverTheChunk() {
    for (Kind kind : Kind.values()) {
      BenchCase c = BenchCase.of("x", kind, 300, 20, 5000);
      for (int chunk : new int[] {1, 64, 327}) {
        List<BlasProbe.Call> calls = c.blasCalls(chunk);
        double sum = calls.stream().mapToDouble(BlasProbe.Call::flops).sum();
        assertTrue(Tolerance.relativeError(c.flops(), sum) < Tolerance.EXACT,
            kind + " chunk " + chunk);
        for (BlasProbe.Call call : calls) {
          assertTrue(call.shape().rows() == 300 || call.shape().rows() == 20);
        }
      }
    }
  }

  @Test
  void oneCallShapesHaveTheirTextbookCounts() {
    assertEquals(2.0 * 7 * 5 * 3, BlasProbe.Shape.gemm(BlasProbe.Op.GEMM_NN, 7, 5, 3).flops());
    assertEquals(7.0 * 8 * 3, BlasProbe.Shape.syrk(7, 3).flops());
  }

  @Test
  void refusesEmptyShapes() {
    assertThrows(IllegalArgumentException.class, () -> BenchCase.of("x", Kind.GD, 0, 1, 1));
    assertThrows(IllegalArgumentException.class, () -> BenchCase.of(" ", Kind.GD, 1, 1, 1));
  }

  @Test
  void blocksStayWithinAGibibyteAsAMultipleOfTheSlots() {
    // 8 x 785 x 10^6 bytes = 5.85 GiB: 6 blocks, a multiple of 2 slots.
    assertEquals(6, BenchCase.of("relu2-gd", Kind.GD, 1000, 784, 1_000_000).blocks(2));
    assertEquals(8, BenchCase.of("relu2-gd", Kind.GD, 1000, 784, 1_000_000).blocks(4));
    assertEquals(2, BenchCase.of("relu2-gd", Kind.GD, 1000, 784, 10_000).blocks(2));
    assertEquals(3, BenchCase.of("tiny", Kind.GD, 10, 2, 3).blocks(8), "never more than m");
  }

  @Test
  void everyFamilyCountsItsDgemmShapedProducts() {
    int n = 300;
    int d = 20;
    long m = 5000;
    assertEquals(6.0 * n * d * m, BenchCase.of(Net.EXP2, Kind.GD, n, d, m).flops(), 0.0);
    // n > d/16: neither softmax2 nor smooth2 keeps Z, so the step computes it again.
    assertEquals(6.0 * n * d * m, BenchCase.of(Net.SOFTMAX2, Kind.GD, n, d, m).flops(), 0.0);
    assertEquals(6.0 * n * d * m + 6.0 * n * BenchCase.SMOOTH_K * m,
        BenchCase.of(Net.SMOOTH2, Kind.GD, n, d, m).flops(), 0.0);
    // n <= d/16: Z is kept from the forward pass.
    assertEquals(4.0 * 10 * 784 * m, BenchCase.of(Net.SOFTMAX2, Kind.GD, 10, 784, m).flops(),
        0.0);
    assertEquals(4.0 * 10 * 784 * m + 6.0 * 10 * BenchCase.SMOOTH_K * m,
        BenchCase.of(Net.SMOOTH2, Kind.GD, 10, 784, m).flops(), 0.0);
    assertEquals(2.0 * n * n * m + (double) n * (n + 1) * m,
        BenchCase.of(Net.DEEP_LAST, Kind.GN, n, d, m).flops(), 0.0);
    for (Net net : List.of(Net.EXP2, Net.SOFTMAX2, Net.SMOOTH2, Net.DEEP_LAST)) {
      BenchCase c = BenchCase.of(net, net == Net.DEEP_LAST ? Kind.GN : Kind.GD, n, d, m);
      assertEquals(net.cliName() + (net == Net.DEEP_LAST ? "-gn" : "-gd"), c.name());
      assertEquals(c.flops(), c.modelFlops(), 0.0);
      for (int chunk : new int[] {1, 64, 2500}) {
        double sum = c.blasCalls(chunk).stream().mapToDouble(BlasProbe.Call::flops).sum();
        assertTrue(Tolerance.relativeError(c.flops(), sum) < Tolerance.EXACT,
            net + " chunk " + chunk);
      }
    }
  }

  @Test
  void weightBytesAreTheCachedStateOfEachFamily() {
    assertEquals(8L * 785 * 10_000, BenchCase.of("relu2-gd", Kind.GD, 1000, 784, 10_000)
        .weightBytes());
    assertEquals(8L * 785 * 10_000, BenchCase.of(Net.EXP2, Kind.GD, 1000, 784, 10_000)
        .weightBytes());
    assertEquals(8L * (784 + 10) * 10_000, BenchCase.of(Net.SOFTMAX2, Kind.GD, 1000, 784,
        10_000).weightBytes());
    assertEquals(8L * (784 + 1) * 10_000, BenchCase.of(Net.SMOOTH2, Kind.GD, 1000, 784,
        10_000).weightBytes());
    // a, W_L(0) V, C and u: 1 + 3n numbers per row.
    assertEquals(8L * 4000 * (3 * 500 + 1), BenchCase.of(Net.DEEP_LAST, Kind.GN, 500, 784,
        4000).weightBytes());
    // Blocks stay under 1 GiB of state whatever the family.
    assertEquals(2, BenchCase.of(Net.DEEP_LAST, Kind.GN, 500, 784, 80_000).blocks(2));
    assertEquals(4, BenchCase.of(Net.DEEP_LAST, Kind.GN, 2000, 784, 80_000).blocks(2));
  }

  @Test
  void familiesRunOnlyTheKindsTheyHave() {
    assertThrows(IllegalArgumentException.class,
        () -> BenchCase.of(Net.SOFTMAX2, Kind.GRAM, 10, 2, 10));
    assertThrows(IllegalArgumentException.class,
        () -> BenchCase.of(Net.DEEP_LAST, Kind.GD, 10, 2, 10));
    assertEquals(Net.RELU2, BenchCase.of("relu2-gd", Kind.GD, 10, 2, 10).net());
    assertEquals(Net.SMOOTH2, BenchCase.of(Net.SMOOTH2, Kind.GD, 10, 2, 10).skippable().net());
  }
}

package org.widenet.math;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * LAPACK's machine parameters, asked by many threads at once (as parallel scaling runs and
 * Spark tasks do): every thread must see IEEE double's values. The pure-Java LAPACK caches them
 * on first use without synchronization; concurrent first calls cached wrong values (eps 2^-52,
 * a safe minimum of 2^-1024) and then hung dsyevd, until {@link Blas#lapack()} computed them once
 * before handing the instance out.
 */
class LapackMachineParametersTest {
  /** dlamch("E"): the relative machine precision of rounding arithmetic, 2^-53. */
  private static final double EPS = Math.ulp(1.0) / 2;

  @Test
  void everyThreadSeesIeeeDoublesParameters() throws Exception {
    int threads = 8;
    CyclicBarrier start = new CyclicBarrier(threads);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<double[]>> seen = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        seen.add(pool.submit(() -> {
          start.await();
          return new double[] {Blas.lapack().dlamch("E"), Blas.lapack().dlamch("S"),
              Blas.lapack().dlamch("B"), Blas.lapack().dlamch("P")};
        }));
      }
      for (Future<double[]> f : seen) {
        double[] p = f.get();
        assertEquals(EPS, p[0], "eps");
        assertEquals(Double.MIN_NORMAL, p[1], "safe minimum");
        assertEquals(2.0, p[2], "base");
        assertEquals(2 * EPS, p[3], "eps * base");
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void theWarmUpAsksEveryParameterDlamchKnows() {
    assertEquals("ESBPNRMULO", Blas.MACHINE_PARAMETERS);
    for (char c : Blas.MACHINE_PARAMETERS.toCharArray()) {
      double v = Blas.lapack().dlamch(String.valueOf(c));
      assertEquals(true, Double.isFinite(v) && v != 0, c + " = " + v);
    }
  }
}

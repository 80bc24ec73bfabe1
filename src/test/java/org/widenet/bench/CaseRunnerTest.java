package org.widenet.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.widenet.bench.BenchCase.Kind;
import org.widenet.bench.BenchCase.Net;

/**
 * Every family's case runs through {@link CaseRunner} on the local engine, at shapes small
 * enough for a unit test, and its row is finite and positive and carries the weights' bytes and
 * the peak heap.
 */
class CaseRunnerTest {

  @Test
  void everyFamilyRowIsFiniteAndPositiveWithWeightsAndPeakHeap() {
    PrintStream progress = new PrintStream(new ByteArrayOutputStream(), true,
        StandardCharsets.UTF_8);
    CaseRunner runner = new CaseRunner(BenchEngine.local(), new BlasProbe(0.01, 1), 1, 3, 2,
        progress);
    Machine machine = Machine.current();
    for (Net net : Net.values()) {
      BenchCase c = BenchCase.of(net, net == Net.DEEP_LAST ? Kind.GN : Kind.GD, 24, 12,
          net == Net.DEEP_LAST ? 256 : 64);
      BenchResult r = runner.run(c);
      assertEquals("ok", r.status(), c.label());
      assertEquals(3, r.timing().count(), c.label());
      Map<String, Object> row = BenchReport.row(r, machine);
      assertEquals(net.cliName(), row.get("family"));
      assertEquals(c.weightBytes(), row.get("weights_bytes"));
      for (String key : new String[] {"median_s", "min_s", "max_s", "gflops", "blas_gflops",
          "blas_ratio", "peak_over_weights", "live_over_weights", "setup_s"}) {
        Object v = row.get(key);
        assertTrue(v instanceof Double x && Double.isFinite(x) && x > 0,
            c.label() + ": " + key + " = " + v);
      }
      for (String key : new String[] {"peak_driver_bytes", "peak_live_bytes"}) {
        assertTrue(row.get(key) instanceof Long x && x > 0, c.label() + ": " + key);
      }
      // The iteration splits into engine and driver time; the driver part is never negative.
      assertTrue(r.timing().split().solve() >= 0, c.label());
    }
  }
}

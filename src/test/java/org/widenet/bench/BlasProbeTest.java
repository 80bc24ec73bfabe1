package org.widenet.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The probe returns a positive rate for every call, and combines rates by time, not average. */
class BlasProbeTest {

  @Test
  void everyCallHasAPositiveCachedRate() {
    BlasProbe probe = new BlasProbe(0.01, 1);
    for (BlasProbe.Call call : BenchCase.of("x", BenchCase.Kind.GN, 40, 8, 200).blasCalls(16)) {
      double rate = probe.rate(call.shape(), 2);
      assertTrue(rate > 0 && Double.isFinite(rate), call + ": " + rate);
      assertEquals(rate, probe.rate(call.shape(), 2));
    }
  }

  @Test
  void aMixOfCallsTakesTheTimeOfEach() {
    BlasProbe probe = new BlasProbe(0.01, 1);
    BlasProbe.Shape a = BlasProbe.Shape.gemm(BlasProbe.Op.GEMM_NN, 30, 16, 8);
    BlasProbe.Shape b = BlasProbe.Shape.syrk(30, 16);
    double ra = probe.rate(a, 1);
    double rb = probe.rate(b, 1);
    double mixed = probe.rate(List.of(new BlasProbe.Call(a, 1e6), new BlasProbe.Call(b, 3e6)),
        1);
    assertEquals(4e6 / (1e6 / ra + 3e6 / rb), mixed, 1e-9 * mixed);
  }
}

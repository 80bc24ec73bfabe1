package org.widenet.deep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.widenet.data.Dataset;
import org.widenet.testutil.Problems;

class DeepBenchTest {
  @Test
  void exponentIsTheLogLogSlope() {
    List<DeepBench.Point> pts = List.of(new DeepBench.Point("a", 100, 3e-4),
        new DeepBench.Point("a", 1000, 3e-2), new DeepBench.Point("a", 10000, 3.0),
        new DeepBench.Point("b", 100, 1.0));
    assertEquals(2.0, DeepBench.exponent(pts, "a"), 1e-12);
    assertTrue(Double.isNaN(DeepBench.exponent(pts, "b")));
  }

  @Test
  void smallRunMeasuresEveryVariant() {
    Dataset data = Problems.sphere(8, 4, "random", 2);
    List<String> log = new ArrayList<>();
    List<DeepBench.Point> pts = DeepBench.run(new DeepBench.Settings(2, 0.1,
        new int[] {256, 512}, 256, 64, 3, 2, 1), 8, 4, data.x(), data.y(), log::add);
    assertEquals(7, pts.size(), "exact, two sketches at both widths, dense at the first");
    assertEquals(7, log.size());
    for (DeepBench.Point p : pts) {
      assertTrue(p.secondsPerIteration() > 0, p.toString());
    }
  }
}

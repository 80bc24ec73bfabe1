package org.widenet.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

class EvaluationTest {

  @Test
  void binaryTargetsGetAllThreeMetrics() {
    Map<String, Object> m = Evaluation.metrics("test", new double[] {0.5, -2.0, 0.1, -0.1},
        new double[] {1, -1, -1, 1});
    assertEquals(4, m.get("test_n"));
    assertEquals((0.5 + 1.0 + 1.1 + 1.1) / 4, (double) m.get("test_l1_loss"), 1e-15);
    assertEquals((0.25 + 1.0 + 1.21 + 1.21) / 8, (double) m.get("test_squared_loss"), 1e-15);
    assertEquals(0.5, (double) m.get("test_error"), 0.0);
  }

  @Test
  void regressionTargetsHaveNoZeroOneError() {
    Map<String, Object> m = Evaluation.metrics("train", new double[] {0.5}, new double[] {0.2});
    assertFalse(m.containsKey("train_error"));
    assertEquals(0.3, (double) m.get("train_l1_loss"), 1e-15);
  }

  @Test
  void lengthsMustMatch() {
    assertThrows(IllegalArgumentException.class,
        () -> Evaluation.metrics("x", new double[2], new double[3]));
  }
}

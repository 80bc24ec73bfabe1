package org.widenet.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class LabelRangeTest {

  @Test
  void firstOutsideFindsTheFirstLabelBeyondOneInMagnitude() {
    assertEquals(-1, LabelRange.firstOutside(new double[] {1, -1, 0.5, 0}));
    assertEquals(2, LabelRange.firstOutside(new double[] {1, -1, -1.5, 2}));
    assertEquals(0, LabelRange.firstOutside(new double[] {Double.NaN}));
  }

  @Test
  void roundingAboveOneIsInside() {
    assertEquals(-1, LabelRange.firstOutside(new double[] {1 + 1e-12, -1 - 1e-12}));
    assertEquals(0, LabelRange.firstOutside(new double[] {1 + 1e-6}));
  }

  @Test
  void scaleFactorIsMaxAbsOrOneForAllZeroLabels() {
    assertEquals(4.0, LabelRange.scaleFactor(new double[] {1, -4, 2}));
    assertEquals(1.0, LabelRange.scaleFactor(new double[] {0, 0}));
    assertArrayEquals(new double[] {0.25, -1, 0.5},
        LabelRange.divided(new double[] {1, -4, 2}, 4.0), 0.0);
  }
}

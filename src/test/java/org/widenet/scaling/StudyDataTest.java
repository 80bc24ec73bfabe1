package org.widenet.scaling;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.widenet.data.Dataset;

/** The study's data sets: seeded, nested subsets of real data; synthetic data per seed. */
class StudyDataTest {
  private static ScalingSettings settings(int... ns) {
    return new ScalingSettings("relu2", ns, new long[] {4, 8}, 1, 0, 0.1, 10, ReachRule.ALL, 1,
        3, "random", 0, 1.0, Double.NaN, 1, 0.05, 2, "test");
  }

  private static Dataset full(int rows) {
    double[] x = new double[rows * 2];
    double[] y = new double[rows];
    for (int i = 0; i < rows; i++) {
      x[i] = i;
      x[i + rows] = -i;
      y[i] = i;
    }
    return new Dataset("full", rows, 2, x, y);
  }

  @Test
  void subsetsAreSeededAndNestedAcrossN() {
    StudyData data = StudyData.subsample(settings(10, 40), full(50));
    Dataset small = data.get(10, 0);
    Dataset large = data.get(40, 0);
    for (int i = 0; i < 10; i++) {
      assertEquals(small.y()[i], large.y()[i], 0.0);
      // Rows stay whole: feature 2 is minus feature 1 is minus the label.
      assertEquals(-small.y()[i], small.x()[i + 10], 0.0);
      assertEquals(small.y()[i], small.x()[i], 0.0);
    }
    assertSame(small, data.get(10, 0));
    assertArrayEquals(small.y(), StudyData.subsample(settings(10, 40), full(50)).get(10, 0)
        .y());
    assertNotEquals(java.util.Arrays.toString(small.y()),
        java.util.Arrays.toString(data.get(10, 1).y()));
    assertEquals(40, java.util.Arrays.stream(large.y()).distinct().count());
    assertThrows(IllegalArgumentException.class,
        () -> StudyData.subsample(settings(10, 60), full(50)));
  }

  @Test
  void syntheticDataDifferPerDataSeed() {
    StudyData data = StudyData.synthetic(settings(12));
    assertNotEquals(data.get(12, 0).x()[0], data.get(12, 1).x()[0]);
    assertEquals(12, data.get(12, 1).n());
  }
}

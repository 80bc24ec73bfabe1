package org.widenet.smooth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class InitPresetTest {
  @Test
  void presetsAreLecunAndHeFanIn() {
    assertArrayEquals(new double[] {Math.sqrt(1.0 / 784), Math.sqrt(1.0 / 1000)},
        InitPreset.LECUN.omegas(784, 1000, Double.NaN), 1e-15);
    assertArrayEquals(new double[] {Math.sqrt(2.0 / 784), Math.sqrt(2.0 / 1000)},
        InitPreset.HE.omegas(784, 1000, Double.NaN), 1e-15);
    // Section 6: the He product 2 / sqrt(784 * 1000) = 0.0022588.
    double[] he = InitPreset.HE.omegas(784, 1000, Double.NaN);
    assertEquals(0.0022588, he[0] * he[1], 1e-7);
  }

  @Test
  void ratioKeepsTheProduct() {
    for (double ratio : new double[] {0.01, 0.5, 1, 7.3}) {
      double[] o = InitPreset.HE.omegas(784, 1000, ratio);
      assertEquals(2 / Math.sqrt(784.0 * 1000), o[0] * o[1], 1e-15);
      assertEquals(ratio, o[1] / o[0], 1e-12 * ratio);
    }
    assertThrows(IllegalArgumentException.class, () -> InitPreset.HE.omegas(3, 4, -1));
  }

  @Test
  void neuronWeightsDependOnSeedAndNeuronOnly() {
    SmoothSpec spec = new SmoothSpec(SmoothActivation.GELU, 3, 10, 2, 0.5, 0.25, 4L);
    double[] w = new double[3 * 10];
    double[] v = new double[2 * 10];
    SmoothInitializer.fill(spec, 0, 10, w, v);
    double[] w7 = new double[3];
    double[] v7 = new double[2];
    SmoothInitializer.fill(spec, 7, 1, w7, v7);
    assertArrayEquals(java.util.Arrays.copyOfRange(w, 21, 24), w7, 0.0);
    assertArrayEquals(java.util.Arrays.copyOfRange(v, 14, 16), v7, 0.0);
    // omega scales the same standard normals.
    SmoothSpec doubled = new SmoothSpec(SmoothActivation.GELU, 3, 10, 2, 1.0, 0.5, 4L);
    SmoothInitializer.fill(doubled, 7, 1, w7, v7);
    assertEquals(2 * w[21], w7[0], 1e-15);
    assertEquals(2 * v[14], v7[0], 1e-15);
  }
}

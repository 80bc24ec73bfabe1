package org.widenet.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class DecimationTest {

  private static double[][] noisy(int n) {
    double[][] xy = new double[2][n];
    java.util.Random random = new java.util.Random(7);
    for (int i = 0; i < n; i++) {
      xy[0][i] = i;
      xy[1][i] = Math.exp(-i / 20000.0) * (1 + random.nextDouble());
    }
    xy[1][31337] = 50;
    xy[1][77777] = -3;
    return xy;
  }

  @Test
  void longMonotoneSeriesKeepsEnvelopeAndEnds() {
    double[][] xy = noisy(100_000);
    double[][] thin = Decimation.thin(xy, 100);
    assertTrue(thin[0].length <= 400 && thin[0].length >= 100, "length " + thin[0].length);
    assertEquals(0.0, thin[0][0]);
    assertEquals(99_999.0, thin[0][thin[0].length - 1]);
    assertEquals(50.0, Arrays.stream(thin[1]).max().getAsDouble());
    assertEquals(-3.0, Arrays.stream(thin[1]).min().getAsDouble());
    for (int i = 1; i < thin[0].length; i++) {
      assertTrue(thin[0][i] > thin[0][i - 1], "x stays increasing");
      int source = (int) thin[0][i];
      assertEquals(xy[1][source], thin[1][i], "kept points are original points");
    }
  }

  @Test
  void shortOrUnorderedSeriesAreLeftAlone() {
    double[][] shortOne = noisy(100_000);
    assertSame(shortOne, Decimation.thin(shortOne, 30_000));
    double[][] unordered = noisy(100_000);
    unordered[0][500] = -1;
    assertSame(unordered, Decimation.thin(unordered, 100));
  }

  @Test
  void constantXCollapsesToOneBucket() {
    double[][] xy = {new double[1000], Arrays.copyOf(noisy(100_000)[1], 1000)};
    double[][] thin = Decimation.thin(xy, 10);
    assertTrue(thin[0].length <= 4);
  }
}

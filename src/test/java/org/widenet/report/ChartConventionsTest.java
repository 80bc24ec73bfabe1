package org.widenet.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The plot conventions Charts applies: colour groups, dashed predictions, error bars, SVG. */
class ChartConventionsTest {
  private static final double[] X = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11};

  private static double[] decay(double scale) {
    double[] y = new double[X.length];
    for (int i = 0; i < y.length; i++) {
      y[i] = scale * Math.exp(-0.5 * X[i]);
    }
    return y;
  }

  private static Set<Integer> saturatedColors(BufferedImage image) {
    Set<Integer> colors = new HashSet<>();
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        int rgb = image.getRGB(x, y) & 0xffffff;
        int r = rgb >> 16 & 0xff;
        int g = rgb >> 8 & 0xff;
        int b = rgb & 0xff;
        if (Math.max(r, Math.max(g, b)) - Math.min(r, Math.min(g, b)) > 120) {
          colors.add(rgb);
        }
      }
    }
    return colors;
  }

  @Test
  void aPredictionSharesItsMeasuredCurvesColour() throws IOException {
    Series measured = new Series("measured", X, decay(1)).inColorGroup("run");
    Series predicted = new Series("predicted", X, decay(1.3)).inColorGroup("run")
        .withStyle(Series.Style.DASHED);
    LineChart grouped = new LineChart("g", "t", "r", true, List.of(measured, predicted));
    LineChart apart = new LineChart("a", "t", "r", true, List.of(
        new Series("measured", X, decay(1)), new Series("predicted", X, decay(1.3))));
    int groupedColors = saturatedColors(ChartsTest.decodePng(Charts.png(grouped, 600, 400),
        600, 400)).size();
    int apartColors = saturatedColors(ChartsTest.decodePng(Charts.png(apart, 600, 400),
        600, 400)).size();
    assertTrue(groupedColors < apartColors, groupedColors + " vs " + apartColors);
    String svg = Charts.svg(grouped, 600, 400);
    assertTrue(svg.contains("stroke-dasharray"), "the prediction is dashed");
  }

  @Test
  void svgIsAVectorDocument() {
    String svg = Charts.svg(new LineChart("t", "x", "y", false,
        List.of(new Series("a", X, decay(1)))), 500, 300);
    assertTrue(svg.contains("<svg") && svg.contains("</svg>"), svg.substring(0, 200));
  }

  @Test
  void meanWithErrorBarsOverSeeds() {
    Series s = Series.meanWithErrorBars("m", new double[] {0, 1}, List.of(
        new double[] {1, 2}, new double[] {3, Double.NaN}, new double[] {5, 4}));
    assertArrayEquals(new double[] {3, 3}, s.y(), 1e-12);
    assertArrayEquals(new double[] {2, Math.sqrt(2)}, s.yError(), 1e-12);
    assertThrows(IllegalArgumentException.class, () -> new Series("bad", X, X,
        new double[] {1}, null, Series.Style.SOLID));
  }

  @Test
  void errorBarsRenderOnLinearAndLogAxes() throws IOException {
    double[] y = decay(1);
    double[] err = new double[y.length];
    for (int i = 0; i < err.length; i++) {
      err[i] = 0.8 * y[i];
    }
    err[3] = Double.NaN;
    Series s = new Series("seeds", X, y, err, null, Series.Style.SOLID);
    for (boolean log : new boolean[] {false, true}) {
      byte[] png = Charts.png(new LineChart("e", "t", "y", log, List.of(s)), 500, 300);
      ChartsTest.decodePng(png, 500, 300);
    }
    double[][] kept = Charts.plottable(s, true);
    assertEquals(3, kept.length);
    assertTrue(Double.isNaN(kept[2][3]));
  }
}

package org.widenet.report;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScatterChartTest {
  @Test
  void rendersPointsAsAPngOfTheAskedSize() throws Exception {
    double[] x = {0, 1, 2, Double.NaN};
    double[] y = {1, 0, 2, 5};
    ScatterChart chart = new ScatterChart("points", "x1", "x2", List.of(new Series("s", x, y)),
        new double[] {-1, 3, -1, 3});
    BufferedImage image = ChartsTest.decodePng(chart.png(400, 300), 400, 300);
    // Some pixel is neither white nor grey: the markers are drawn in color.
    boolean colored = false;
    for (int i = 0; i < image.getWidth() && !colored; i++) {
      for (int j = 0; j < image.getHeight() && !colored; j++) {
        int rgb = image.getRGB(i, j);
        int r = (rgb >> 16) & 255;
        int g = (rgb >> 8) & 255;
        int b = rgb & 255;
        colored = Math.max(r, Math.max(g, b)) - Math.min(r, Math.min(g, b)) > 60;
      }
    }
    assertTrue(colored, "no colored marker found");
    String html = new HtmlReport("t").chart(chart, "caption").html();
    assertTrue(html.contains("data:image/png;base64,") && html.contains("alt=\"points\""));
  }

  @Test
  void refusesBadRangesAndEmptyCharts() {
    List<Series> one = List.of(new Series("s", new double[] {0}, new double[] {0}));
    assertThrows(IllegalArgumentException.class,
        () -> new ScatterChart("c", "x", "y", one, new double[] {1, 0, 0, 1}));
    assertThrows(IllegalArgumentException.class,
        () -> new ScatterChart("c", "x", "y", List.of(), null).png(100, 100));
    List<Series> nan = List.of(new Series("s", new double[] {Double.NaN},
        new double[] {0}));
    assertThrows(IllegalArgumentException.class,
        () -> new ScatterChart("c", "x", "y", nan, null).png(100, 100));
  }
}

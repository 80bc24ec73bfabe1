package org.widenet.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.style.Styler.LegendPosition;

class ChartsTest {
  private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

  /** Decodes PNG bytes, checking the signature and the size. */
  static BufferedImage decodePng(byte[] bytes, int width, int height) throws IOException {
    assertTrue(bytes.length > PNG_MAGIC.length, "too short for a PNG");
    for (int i = 0; i < PNG_MAGIC.length; i++) {
      assertEquals(PNG_MAGIC[i], bytes[i], "PNG signature byte " + i);
    }
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(bytes));
    assertTrue(image != null, "ImageIO cannot decode the PNG");
    assertEquals(width, image.getWidth());
    assertEquals(height, image.getHeight());
    return image;
  }

  private static int distinctColors(BufferedImage image) {
    Set<Integer> colors = new HashSet<>();
    for (int y = 0; y < image.getHeight(); y += 2) {
      for (int x = 0; x < image.getWidth(); x += 2) {
        colors.add(image.getRGB(x, y));
      }
    }
    return colors.size();
  }

  private static double[] range(int n) {
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = i;
    }
    return x;
  }

  private static double[] decay(int n) {
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      y[i] = Math.exp(-0.05 * i);
    }
    return y;
  }

  @Test
  void linearChartIsADecodablePngOfTheRequestedSize() throws IOException {
    LineChart chart = new LineChart("loss", "iteration", "loss", false, List.of(
        new Series("measured", range(20), decay(20)),
        Series.indexed("predicted", decay(20))));
    BufferedImage image = decodePng(Charts.png(chart, 800, 500), 800, 500);
    assertEquals(0xFFFFFFFF, image.getRGB(2, 2), "background is white");
    assertTrue(distinctColors(image) > 10, "the chart has content");
  }

  @Test
  void logChartWithLongThinnedSeriesRenders() throws IOException {
    LineChart chart = new LineChart("loss (log)", "iteration", "loss", true, List.of(
        new Series("measured", range(5000), decay(5000))));
    decodePng(Charts.png(chart, 640, 400), 640, 400); // 5000 > 4 * 640: drawn thinned
  }

  @Test
  void logChartDropsZeroNegativeAndNonFinitePoints() throws IOException {
    double[] y = {1, 0, -2, 0.1, Double.NaN, 0.01, Double.POSITIVE_INFINITY, 1e-3};
    Series series = new Series("spectrum", range(y.length), y);
    double[][] kept = Charts.plottable(series, true);
    assertArrayEquals(new double[] {0, 3, 5, 7}, kept[0]);
    assertArrayEquals(new double[] {1, 0.1, 0.01, 1e-3}, kept[1]);
    assertEquals(6, Charts.plottable(series, false)[0].length, "linear keeps 0 and -2");
    LineChart chart = new LineChart("eigenvalues", "rank", "lambda", true, List.of(series));
    decodePng(Charts.png(chart, 800, 500), 800, 500);
  }

  @Test
  void chartWithNoPlottablePointStillRenders() throws IOException {
    LineChart chart = new LineChart("all zero", "x", "y", true, List.of(
        new Series("zeros", range(3), new double[3]), new Series("empty", new double[0],
            new double[0])));
    decodePng(Charts.png(chart, 400, 300), 400, 300);
  }

  @Test
  void duplicateAndBlankNamesRender() throws IOException {
    LineChart chart = new LineChart("dups", "x", "y", false, List.of(
        new Series("a", range(5), decay(5)), new Series("a", range(5), range(5)),
        new Series("", range(5), range(5))));
    decodePng(Charts.png(chart, 400, 300), 400, 300);
  }

  @Test
  void emptyChartAndBadArgumentsAreRejected() {
    LineChart empty = new LineChart("empty", "x", "y", false, List.of());
    assertThrows(IllegalArgumentException.class, () -> Charts.png(empty, 800, 500));
    assertThrows(IllegalArgumentException.class, () -> Charts.png(new LineChart("bad", "x", "y",
        false, List.of(new Series("s", new double[3], new double[2]))), 800, 500));
    LineChart ok = new LineChart("ok", "x", "y", false, List.of(Series.indexed("s", decay(3))));
    assertThrows(IllegalArgumentException.class, () -> Charts.png(ok, 0, 500));
  }

  @Test
  void seriesCopiesItsArrays() {
    double[] y = {1, 2, 3};
    Series s = Series.indexed("s", y);
    y[0] = 99;
    assertEquals(1, s.y()[0]);
  }

  @Test
  void writePngCreatesParentDirectories(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("a/b/loss.png");
    LineChart chart = new LineChart("loss", "t", "loss", true,
        List.of(Series.indexed("loss", decay(30))));
    Charts.writePng(chart, file, 300, 200);
    decodePng(Files.readAllBytes(file), 300, 200);
  }

  @Test
  void legendGoesToAFreeCornerOrOutside() {
    List<String> one = List.of("measured");
    double[][] falling = {range(100), decay(100)};
    double[][] rising = {range(100), range(100)};
    assertEquals(LegendPosition.InsideNE,
        LegendPlacement.choose(List.<double[][]>of(falling), one, true, 900, 520));
    assertEquals(LegendPosition.InsideNW,
        LegendPlacement.choose(List.<double[][]>of(rising), one, false, 900, 520));
    double[][] fallingLine = {range(100), range(100)};
    for (int i = 0; i < 100; i++) {
      fallingLine[1][i] = 99 - i;
    }
    List<double[][]> cross = List.of(rising, fallingLine);
    assertEquals(LegendPosition.OutsideE,
        LegendPlacement.choose(cross, List.of("up", "down"), false, 900, 520));
    String longName = "measured loss, width 1000000, seed 17, random labels 40%";
    assertEquals(LegendPosition.OutsideS,
        LegendPlacement.choose(cross, List.of(longName, "down"), false, 900, 520));
  }
}

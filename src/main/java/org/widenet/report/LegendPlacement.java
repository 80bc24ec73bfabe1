package org.widenet.report;

import java.util.List;
import org.knowm.xchart.style.Styler.LegendPosition;

/**
 * Picks where a chart's legend goes: inside the plot in the first corner (NE, NW, SE, SW) that
 * no curve passes through, else outside (to the right for short names, below for long ones).
 * Curves are traced in plot coordinates normalized to [0, 1], log10 for log y, so the test
 * follows the drawn lines and not only their points.
 */
final class LegendPlacement {
  private static final LegendPosition[] CORNERS = {LegendPosition.InsideNE,
      LegendPosition.InsideNW, LegendPosition.InsideSE, LegendPosition.InsideSW};
  /** Sampling step along a curve, as a fraction of the plot size. */
  private static final double STEP = 0.005;
  /** Extra room kept between the legend box and the curves, as a fraction of the plot size. */
  private static final double MARGIN = 0.03;

  private LegendPlacement() {}

  /**
   * The legend position for the given curves.
   *
   * @param data the plotted points of each series, as {x, y}, none empty
   * @param names the legend entries
   * @param logY whether y is drawn on a log scale (all y are then positive)
   * @param width the image width in pixels
   * @param height the image height in pixels
   * @return the position
   */
  static LegendPosition choose(List<double[][]> data, List<String> names, boolean logY,
      int width, int height) {
    int longest = names.stream().mapToInt(String::length).max().orElse(0);
    double plotWidth = Math.max(1, width - 110);
    double plotHeight = Math.max(1, height - 100);
    double boxWidth = (longest * 7.0 + 45) / plotWidth + MARGIN;
    double boxHeight = (names.size() * 17.0 + 12) / plotHeight + MARGIN;
    if (boxWidth < 0.5 && boxHeight < 0.5) {
      double[] bounds = bounds(data, logY);
      for (LegendPosition corner : CORNERS) {
        if (isFree(corner, data, logY, bounds, boxWidth, boxHeight)) {
          return corner;
        }
      }
    }
    return longest <= 24 ? LegendPosition.OutsideE : LegendPosition.OutsideS;
  }

  private static double[] bounds(List<double[][]> data, boolean logY) {
    double[] b = {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY,
        Double.NEGATIVE_INFINITY};
    for (double[][] xy : data) {
      for (int i = 0; i < xy[0].length; i++) {
        double y = logY ? Math.log10(xy[1][i]) : xy[1][i];
        b[0] = Math.min(b[0], xy[0][i]);
        b[1] = Math.max(b[1], xy[0][i]);
        b[2] = Math.min(b[2], y);
        b[3] = Math.max(b[3], y);
      }
    }
    return b;
  }

  private static boolean isFree(LegendPosition corner, List<double[][]> data, boolean logY,
      double[] b, double boxWidth, double boxHeight) {
    boolean east = corner == LegendPosition.InsideNE || corner == LegendPosition.InsideSE;
    boolean north = corner == LegendPosition.InsideNE || corner == LegendPosition.InsideNW;
    double x0 = east ? 1 - boxWidth : 0;
    double x1 = east ? 1 : boxWidth;
    double y0 = north ? 1 - boxHeight : 0;
    double y1 = north ? 1 : boxHeight;
    double spanX = b[1] - b[0];
    double spanY = b[3] - b[2];
    for (double[][] xy : data) {
      double px = Double.NaN;
      double py = Double.NaN;
      for (int i = 0; i < xy[0].length; i++) {
        double nx = spanX > 0 ? (xy[0][i] - b[0]) / spanX : 0.5;
        double y = logY ? Math.log10(xy[1][i]) : xy[1][i];
        double ny = spanY > 0 ? (y - b[2]) / spanY : 0.5;
        int steps = i == 0 ? 1
            : Math.max(1, (int) Math.ceil(Math.hypot(nx - px, ny - py) / STEP));
        for (int k = 1; k <= steps; k++) {
          double t = i == 0 ? 1 : (double) k / steps;
          double sx = i == 0 ? nx : px + t * (nx - px);
          double sy = i == 0 ? ny : py + t * (ny - py);
          if (sx >= x0 && sx <= x1 && sy >= y0 && sy <= y1) {
            return false;
          }
        }
        px = nx;
        py = ny;
      }
    }
    return true;
  }
}

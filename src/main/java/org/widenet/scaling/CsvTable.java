package org.widenet.scaling;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes equally long numeric columns as CSV with a header: whole numbers (n, widths, seeds,
 * counts) without a decimal point, other values as Java's shortest round-trip form, NaN as an
 * empty cell.
 */
public final class CsvTable {
  private CsvTable() {}

  /** Creates or replaces the file. */
  public static void write(Path file, List<String> header, List<double[]> columns) {
    if (header.size() != columns.size() || columns.isEmpty()) {
      throw new IllegalArgumentException("need one header name per column");
    }
    int rows = columns.get(0).length;
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      out.write(String.join(",", header));
      out.newLine();
      for (int r = 0; r < rows; r++) {
        StringBuilder line = new StringBuilder();
        for (int c = 0; c < columns.size(); c++) {
          if (c > 0) {
            line.append(',');
          }
          line.append(cell(columns.get(c)[r]));
        }
        out.write(line.toString());
        out.newLine();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  static String cell(double v) {
    if (Double.isNaN(v)) {
      return "";
    }
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    return Double.toString(v);
  }
}

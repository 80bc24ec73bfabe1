package org.widenet.report;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Writes equally long numeric columns as a CSV file with a header (spectrum.csv,
 * predicted.csv). A column named "index", "iteration" or ending in "_index" is written as an
 * integer; NaN becomes an empty cell; doubles round-trip exactly.
 */
public final class CsvColumns {
  private CsvColumns() {}

  /** Creates the file (it must not exist yet) and writes every row. */
  public static void write(Path file, List<String> header, List<double[]> columns) {
    if (header.size() != columns.size() || columns.isEmpty()) {
      throw new IllegalArgumentException("need one header name per column");
    }
    int rows = columns.get(0).length;
    for (double[] column : columns) {
      if (column.length != rows) {
        throw new IllegalArgumentException("columns differ in length");
      }
    }
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8,
        StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      out.write(String.join(",", header));
      out.newLine();
      StringBuilder line = new StringBuilder();
      for (int r = 0; r < rows; r++) {
        line.setLength(0);
        for (int c = 0; c < columns.size(); c++) {
          if (c > 0) {
            line.append(',');
          }
          double v = columns.get(c)[r];
          String name = header.get(c);
          if (name.equals("index") || name.equals("iteration") || name.endsWith("_index")) {
            line.append((long) v);
          } else {
            line.append(MetricsCsvWriter.cell(v));
          }
        }
        out.write(line.toString());
        out.newLine();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}

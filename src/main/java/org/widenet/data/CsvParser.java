package org.widenet.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Parses CSV text with a header line into a {@link Dataset}; see {@link DataLoader#load}. */
final class CsvParser {
  private CsvParser() {}

  static Dataset parse(BufferedReader in, String path, String labelColumn) throws IOException {
    int lineNo = 0;
    String line;
    String[] header = null;
    int headerLine = 0;
    while ((line = in.readLine()) != null) {
      lineNo++;
      if (lineNo == 1) {
        line = DataLoader.stripBom(line);
      }
      if (!line.isBlank()) {
        header = split(line);
        headerLine = lineNo;
        break;
      }
    }
    if (header == null) {
      throw new DataException(path + ": no data rows");
    }
    int labelIndex = checkHeader(path, headerLine, header, labelColumn);
    int cols = header.length;

    List<double[]> rows = new ArrayList<>();
    while ((line = in.readLine()) != null) {
      lineNo++;
      if (line.isBlank()) {
        continue;
      }
      String[] fields = split(line);
      if (fields.length != cols) {
        throw new DataException(path + " line " + lineNo + ": expected " + cols
            + " fields, found " + fields.length);
      }
      double[] row = new double[cols];
      for (int c = 0; c < cols; c++) {
        double v = Fields.finiteOrNaN(fields[c]);
        if (Double.isNaN(v)) {
          throw new DataException(path + " line " + lineNo + ", column \"" + header[c]
              + "\": not a finite number: " + Fields.quote(fields[c]));
        }
        row[c] = v;
      }
      rows.add(row);
    }
    int n = rows.size();
    if (n == 0) {
      throw new DataException(path + ": no data rows");
    }
    int d = cols - 1;
    DataLoader.checkSize(path, n, d);
    double[] x = new double[n * d];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      double[] row = rows.get(i);
      y[i] = row[labelIndex];
      int j = 0;
      for (int c = 0; c < cols; c++) {
        if (c != labelIndex) {
          x[i + j * n] = row[c];
          j++;
        }
      }
    }
    return new Dataset(path, n, d, x, y);
  }

  /** Validates the header and returns the index of the label column. */
  private static int checkHeader(String path, int lineNo, String[] header, String labelColumn) {
    Set<String> seen = new HashSet<>();
    int labelIndex = -1;
    for (int c = 0; c < header.length; c++) {
      String name = header[c];
      if (name.isEmpty()) {
        throw new DataException(path + " line " + lineNo + ": header column " + (c + 1)
            + " has an empty name");
      }
      if (!seen.add(name)) {
        throw new DataException(path + " line " + lineNo + ", column \"" + name
            + "\": duplicate column name in header");
      }
      if (name.equals(labelColumn)) {
        labelIndex = c;
      }
    }
    if (labelIndex < 0) {
      throw new DataException(path + " line " + lineNo + ": label column \"" + labelColumn
          + "\" not found in header [" + String.join(", ", header) + "]");
    }
    if (header.length < 2) {
      throw new DataException(path + " line " + lineNo + ": no feature columns besides label"
          + " column \"" + labelColumn + "\"");
    }
    return labelIndex;
  }

  /** Splits on commas, keeping empty fields, trimming each and removing one pair of quotes. */
  private static String[] split(String line) {
    String[] parts = line.split(",", -1);
    for (int k = 0; k < parts.length; k++) {
      String t = parts[k].trim();
      if (t.length() >= 2 && t.charAt(0) == '"' && t.charAt(t.length() - 1) == '"') {
        t = t.substring(1, t.length() - 1).trim();
      }
      parts[k] = t;
    }
    return parts;
  }
}

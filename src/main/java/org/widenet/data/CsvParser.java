package org.widenet.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses CSV text with a header line into a {@link Dataset}; see {@link DataLoader#load}. Lines
 * are split by {@link CsvLines} (quoted fields, {@code ""} escapes, LF or CRLF line ends).
 */
final class CsvParser {
  private CsvParser() {}

  static LoadResult parse(BufferedReader in, String path, LoadOptions options)
      throws IOException {
    int lineNo = 0;
    String line;
    String[] header = null;
    int headerLine = 0;
    CsvLines csv = new CsvLines();
    while ((line = in.readLine()) != null) {
      lineNo++;
      if (lineNo == 1) {
        line = DataLoader.stripBom(line);
      }
      if (!line.isBlank()) {
        header = csv.split(path, lineNo, line);
        headerLine = lineNo;
        break;
      }
    }
    if (header == null) {
      throw new DataException(path + ": no data rows");
    }
    // used[0] is the label's header index, used[1..d] the features' in feature order.
    int[] used = checkHeader(path, headerLine, header, options);
    int cols = header.length;
    int d = used.length - 1;
    // The used columns in header order, so the first bad cell reported is the leftmost one.
    int[] order = used.clone();
    Arrays.sort(order);
    int[] slot = new int[cols];
    for (int k = 0; k < used.length; k++) {
      slot[used[k]] = k;
    }

    BadRows bad = new BadRows(options.skipBadRows());
    List<double[]> rows = new ArrayList<>();
    while ((line = in.readLine()) != null) {
      lineNo++;
      if (line.isBlank()) {
        continue;
      }
      try {
        rows.add(parseRow(csv, path, lineNo, line, header, order, slot));
      } catch (DataException e) {
        bad.reject(e);
      }
    }
    int n = rows.size();
    if (n == 0) {
      throw bad.noRows(path);
    }
    DataLoader.checkSize(path, n, d);
    double[] x = new double[n * d];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      double[] row = rows.get(i);
      y[i] = row[0];
      for (int j = 0; j < d; j++) {
        x[i + j * n] = row[j + 1];
      }
    }
    return bad.result(new Dataset(path, n, d, x, y));
  }

  /** The label then the features of one data line, or a DataException naming line and column. */
  private static double[] parseRow(CsvLines csv, String path, int lineNo, String line,
      String[] header, int[] order, int[] slot) {
    String[] fields = csv.split(path, lineNo, line);
    if (fields.length != header.length) {
      throw new DataException(path + " line " + lineNo + ": expected " + header.length
          + " fields, found " + fields.length);
    }
    double[] row = new double[order.length];
    for (int c : order) {
      double v = Fields.finiteOrNaN(fields[c]);
      if (Double.isNaN(v)) {
        throw new DataException(path + " line " + lineNo + ", column \"" + header[c]
            + "\": not a finite number: " + Fields.quote(fields[c]));
      }
      row[slot[c]] = v;
    }
    return row;
  }

  /**
   * Validates the header and returns the header indices of the label (first) and of the
   * features, in feature order.
   */
  private static int[] checkHeader(String path, int lineNo, String[] header,
      LoadOptions options) {
    String labelColumn = options.labelColumn();
    Map<String, Integer> index = new HashMap<>();
    for (int c = 0; c < header.length; c++) {
      String name = header[c];
      if (name.isEmpty()) {
        throw new DataException(path + " line " + lineNo + ": header column " + (c + 1)
            + " has an empty name");
      }
      if (index.putIfAbsent(name, c) != null) {
        throw new DataException(path + " line " + lineNo + ", column \"" + name
            + "\": duplicate column name in header");
      }
    }
    Integer labelIndex = index.get(labelColumn);
    if (labelIndex == null) {
      throw new DataException(path + " line " + lineNo + ": label column \"" + labelColumn
          + "\" not found in header [" + String.join(", ", header) + "]");
    }
    List<String> features = options.featureColumns();
    if (features == null) {
      if (header.length < 2) {
        throw new DataException(path + " line " + lineNo + ": no feature columns besides label"
            + " column \"" + labelColumn + "\"");
      }
      int[] used = new int[header.length];
      used[0] = labelIndex;
      int k = 1;
      for (int c = 0; c < header.length; c++) {
        if (c != labelIndex) {
          used[k++] = c;
        }
      }
      return used;
    }
    int[] used = new int[features.size() + 1];
    used[0] = labelIndex;
    for (int j = 0; j < features.size(); j++) {
      Integer c = index.get(features.get(j));
      if (c == null) {
        throw new DataException(path + " line " + lineNo + ": feature column \""
            + features.get(j) + "\" not found in header [" + String.join(", ", header) + "]");
      }
      used[j + 1] = c;
    }
    return used;
  }

}

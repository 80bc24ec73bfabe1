package org.widenet.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads training sets with k labels per row for softmax2, on the driver: a CSV file whose label
 * columns are named (the other columns, or the named feature columns, are the features), or a
 * Parquet file whose label column holds a vector (Spark ML vector or array of numbers) next to
 * the features vector column. A Parquet label column of plain numbers gives k = 1. Messages
 * name the file, the line or row and the column, like {@link DataLoader}'s; bad rows always
 * stop the load.
 */
public final class MultiLabelLoader {
  private MultiLabelLoader() {}

  /**
   * Loads a CSV file with a header.
   *
   * @param labelColumns the k label columns, in output order
   * @param featureColumns the feature columns in order, or null for every other column
   * @throws DataException on a missing file or column, a malformed line or a non-finite value
   */
  public static MultiLabelData csv(String path, List<String> labelColumns,
      List<String> featureColumns) {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(
        DataLoader.openStream(path), StandardCharsets.UTF_8), 1 << 16)) {
      return parseCsv(in, path, labelColumns, featureColumns);
    } catch (IOException e) {
      throw new DataException(path + ": cannot read: " + DataLoader.oneLine(e));
    }
  }

  private static MultiLabelData parseCsv(BufferedReader in, String path, List<String> labels,
      List<String> features) throws IOException {
    String line;
    int lineNo = 0;
    String[] header = null;
    CsvLines csv = new CsvLines();
    while ((line = in.readLine()) != null) {
      lineNo++;
      if (lineNo == 1) {
        line = DataLoader.stripBom(line);
      }
      if (!line.isBlank()) {
        header = csv.split(path, lineNo, line);
        break;
      }
    }
    if (header == null) {
      throw new DataException(path + ": no data rows");
    }
    int headerLine = lineNo;
    Map<String, Integer> index = new HashMap<>();
    for (int c = 0; c < header.length; c++) {
      if (index.putIfAbsent(header[c], c) != null) {
        throw new DataException(path + " line " + headerLine + ", column \"" + header[c]
            + "\": duplicate column name in header");
      }
    }
    int[] labelIdx = columns(path, headerLine, header, index, labels, "label");
    List<String> featureNames = new ArrayList<>();
    if (features == null) {
      for (String name : header) {
        if (!labels.contains(name)) {
          featureNames.add(name);
        }
      }
      if (featureNames.isEmpty()) {
        throw new DataException(path + " line " + headerLine + ": no feature columns besides "
            + "the label columns " + labels);
      }
    } else {
      for (String name : features) {
        if (labels.contains(name)) {
          throw new DataException("\"" + name + "\" is both a label and a feature column");
        }
      }
      featureNames.addAll(features);
    }
    int[] featureIdx = columns(path, headerLine, header, index, featureNames, "feature");
    List<double[]> rows = new ArrayList<>();
    int k = labelIdx.length;
    int d = featureIdx.length;
    while ((line = in.readLine()) != null) {
      lineNo++;
      if (line.isBlank()) {
        continue;
      }
      String[] fields = csv.split(path, lineNo, line);
      if (fields.length != header.length) {
        throw new DataException(path + " line " + lineNo + ": expected " + header.length
            + " fields, found " + fields.length);
      }
      double[] row = new double[k + d];
      for (int j = 0; j < k + d; j++) {
        int c = j < k ? labelIdx[j] : featureIdx[j - k];
        double v = Fields.finiteOrNaN(fields[c]);
        if (Double.isNaN(v)) {
          throw new DataException(path + " line " + lineNo + ", column \"" + header[c]
              + "\": not a finite number: " + Fields.quote(fields[c]));
        }
        row[j] = v;
      }
      rows.add(row);
    }
    int n = rows.size();
    if (n == 0) {
      throw new DataException(path + ": no data rows");
    }
    DataLoader.checkSize(path, n, Math.max(d, k));
    double[] x = new double[n * d];
    double[] y = new double[n * k];
    for (int i = 0; i < n; i++) {
      double[] row = rows.get(i);
      for (int l = 0; l < k; l++) {
        y[l * n + i] = row[l];
      }
      for (int j = 0; j < d; j++) {
        x[j * n + i] = row[k + j];
      }
    }
    return new MultiLabelData(path, n, d, k, x, y, labels);
  }

  private static int[] columns(String path, int line, String[] header,
      Map<String, Integer> index, List<String> names, String kind) {
    int[] idx = new int[names.size()];
    for (int j = 0; j < idx.length; j++) {
      Integer c = index.get(names.get(j));
      if (c == null) {
        throw new DataException(path + " line " + line + ": " + kind + " column \""
            + names.get(j) + "\" not found in header [" + String.join(", ", header) + "]");
      }
      idx[j] = c;
    }
    return idx;
  }

  /**
   * Loads Parquet (a file or a directory of part files): features from the vector column
   * {@code featuresColumn}, labels from {@code labelColumn}, a vector column (k = its size) or a
   * column of numbers (k = 1).
   *
   * @throws DataException on a missing file or column, a malformed row or a non-finite value
   */
  public static MultiLabelData parquet(String path, String labelColumn, String featuresColumn) {
    Dataset x = ParquetParser.parseVectorColumn(path, featuresColumn).data();
    Dataset y;
    try {
      y = ParquetParser.parseVectorColumn(path, labelColumn).data();
    } catch (DataException e) {
      if (!e.getMessage().contains("is neither a Spark ML vector")) {
        throw e;
      }
      // A column of plain numbers: one label per row.
      Dataset single = DataLoader.load(path, DataFormat.PARQUET, new LoadOptions(labelColumn,
          null, featuresColumn, false)).data();
      return new MultiLabelData(path, single.n(), single.d(), 1, single.x(), single.y(),
          List.of(labelColumn));
    }
    if (y.n() != x.n()) {
      throw new DataException(path + ": column \"" + labelColumn + "\" has " + y.n()
          + " rows, column \"" + featuresColumn + "\" " + x.n());
    }
    List<String> names = new ArrayList<>();
    for (int l = 0; l < y.d(); l++) {
      names.add(labelColumn + "[" + l + "]");
    }
    return new MultiLabelData(path, x.n(), x.d(), y.d(), x.x(), y.x(), names);
  }

}

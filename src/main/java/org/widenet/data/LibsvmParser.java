package org.widenet.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Parses LIBSVM text into a {@link Dataset}; see {@link DataLoader#load}. */
final class LibsvmParser {
  private LibsvmParser() {}

  /** One parsed line: the label and the 1-based ascending indices with their values. */
  private record Line(double label, int[] idx, double[] val) {}

  static LoadResult parse(BufferedReader in, String path, boolean skipBadRows)
      throws IOException {
    BadRows bad = new BadRows(skipBadRows);
    List<Line> lines = new ArrayList<>();
    int maxIndex = 0;
    int lineNo = 0;
    String line;
    while ((line = in.readLine()) != null) {
      lineNo++;
      if (lineNo == 1) {
        line = DataLoader.stripBom(line);
      }
      int hash = line.indexOf('#');
      String body = (hash >= 0 ? line.substring(0, hash) : line).trim();
      if (body.isEmpty()) {
        continue;
      }
      try {
        Line parsed = parseLine(path, lineNo, body);
        lines.add(parsed);
        if (parsed.idx().length > 0) {
          maxIndex = Math.max(maxIndex, parsed.idx()[parsed.idx().length - 1]);
        }
      } catch (DataException e) {
        bad.reject(e);
      }
    }
    int n = lines.size();
    if (n == 0) {
      throw bad.noRows(path);
    }
    if (maxIndex == 0) {
      throw new DataException(path + ": no features (every row has only a label)");
    }
    int d = maxIndex;
    DataLoader.checkSize(path, n, d);
    double[] x = new double[n * d];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      Line l = lines.get(i);
      y[i] = l.label();
      int[] idx = l.idx();
      double[] val = l.val();
      for (int k = 0; k < idx.length; k++) {
        x[i + (idx[k] - 1) * n] = val[k];
      }
    }
    return bad.result(new Dataset(path, n, d, x, y));
  }

  /** Parses one non-blank line without its comment, or throws naming the line and index. */
  private static Line parseLine(String path, int lineNo, String body) {
    String[] tokens = body.split("\\s+");
    double label = Fields.finiteOrNaN(tokens[0]);
    if (Double.isNaN(label)) {
      throw new DataException(path + " line " + lineNo + ", label: not a finite number: "
          + Fields.quote(tokens[0]));
    }
    int[] idx = new int[tokens.length - 1];
    double[] val = new double[tokens.length - 1];
    int prev = 0;
    for (int k = 1; k < tokens.length; k++) {
      String tok = tokens[k];
      int colon = tok.indexOf(':');
      if (colon <= 0 || colon == tok.length() - 1) {
        throw new DataException(path + " line " + lineNo + ": bad token " + Fields.quote(tok)
            + " (expected index:value)");
      }
      String idxText = tok.substring(0, colon);
      if (!Fields.isInteger(idxText)) {
        throw new DataException(path + " line " + lineNo + ": bad token " + Fields.quote(tok)
            + " (index must be an integer)");
      }
      int index = parseIndex(path, lineNo, idxText);
      if (index <= prev) {
        throw new DataException(path + " line " + lineNo + ", index " + index
            + ": indices must be strictly ascending (previous index " + prev + ")");
      }
      String valText = tok.substring(colon + 1);
      double v = Fields.finiteOrNaN(valText);
      if (Double.isNaN(v)) {
        throw new DataException(path + " line " + lineNo + ", index " + index
            + ": not a finite number: " + Fields.quote(valText));
      }
      idx[k - 1] = index;
      val[k - 1] = v;
      prev = index;
    }
    return new Line(label, idx, val);
  }

  /** Parses a validated integer index, requiring 1 <= index <= the largest array size. */
  private static int parseIndex(String path, int lineNo, String text) {
    String digits = text.replaceFirst("^[+-]", "").replaceFirst("^0+(?=\\d)", "");
    boolean negative = text.startsWith("-") && !digits.equals("0");
    if (negative || digits.equals("0")) {
      throw new DataException(path + " line " + lineNo + ", index " + text
          + ": index must be >= 1");
    }
    long index = digits.length() > 12 ? Long.MAX_VALUE : Long.parseLong(digits);
    if (index > DataLoader.MAX_ENTRIES) {
      throw new DataException(path + " line " + lineNo + ", index " + text
          + ": index is too large");
    }
    return (int) index;
  }
}

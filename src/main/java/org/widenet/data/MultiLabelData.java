package org.widenet.data;

import java.util.List;

/**
 * A training set with k labels per row (softmax2, Gu et al.): x is n x d and y is n x k, both
 * column-major (label l of row i at {@code l * n + i}). The arrays are handed over, not copied.
 *
 * @param source where the data came from
 * @param labelNames the k label names (CSV columns, or "NAME[l]" of a Parquet vector column)
 */
public record MultiLabelData(String source, int n, int d, int k, double[] x, double[] y,
    List<String> labelNames) {

  /**
   * Validates the shapes and that every value is finite.
   *
   * @throws DataException naming the source and row otherwise
   */
  public MultiLabelData {
    labelNames = List.copyOf(labelNames);
    if (n < 1 || d < 1 || k < 1) {
      throw new DataException(source + ": need at least one row, feature and label (n = " + n
          + ", d = " + d + ", k = " + k + ")");
    }
    if (x.length != (long) n * d || y.length != (long) n * k || labelNames.size() != k) {
      throw new DataException(source + ": arrays of lengths " + x.length + " and " + y.length
          + " do not hold " + n + " rows of " + d + " features and " + k + " labels");
    }
    for (int p = 0; p < y.length; p++) {
      if (!Double.isFinite(y[p])) {
        throw new DataException(source + " row " + (p % n + 1) + ", label \""
            + labelNames.get(p / n) + "\": not a finite number: " + y[p]);
      }
    }
    new Dataset(source, n, d, x, new double[n]);
  }

  /** The features as a single-label dataset (labels 0), for the shared row tools. */
  public Dataset features() {
    return new Dataset(source, n, d, x, new double[n]);
  }

  /** ||y_i||_2. */
  public double labelNorm(int i) {
    double s = 0.0;
    for (int l = 0; l < k; l++) {
      s += y[l * n + i] * y[l * n + i];
    }
    return Math.sqrt(s);
  }

  /** max_i ||y_i||, or 1 when every label is 0: what --scale-labels divides by. */
  public double labelScale() {
    double max = 0.0;
    for (int i = 0; i < n; i++) {
      max = Math.max(max, labelNorm(i));
    }
    return max > 0 ? max : 1.0;
  }

  /**
   * Refuses label rows outside the unit ball, which softmax2 assumes (Gu et al. Assumption
   * 6.1: ||y_i|| &lt;= 1), naming the source, the row (counted from 1 among the rows read), the
   * norm and the setting that scales them.
   *
   * @throws DataException for the first row with ||y_i|| &gt; 1
   */
  public void requireInsideUnitBall(String fix) {
    for (int i = 0; i < n; i++) {
      double norm = labelNorm(i);
      if (!(norm <= 1 + LabelRange.TOLERANCE)) {
        throw new DataException(source + " row " + (i + 1) + ": label vector " + labelNames
            + " has norm " + norm + " > 1, outside the unit ball that softmax2 assumes "
            + "(Gu et al. Assumption 6.1; max ||y_i|| = " + labelScale() + "): add " + fix
            + " to divide the labels by max ||y_i||");
      }
    }
  }

  /** A copy with the labels divided by factor. */
  public MultiLabelData labelsDividedBy(double factor) {
    return new MultiLabelData(source, n, d, k, x, LabelRange.divided(y, factor), labelNames);
  }

  /** A copy with every input row scaled to unit norm. */
  public MultiLabelData normalized() {
    return new MultiLabelData(source, n, d, k, features().normalized().x(), y, labelNames);
  }

  /** A single-label dataset with y's first column (k = 1), e.g. for metrics. */
  public static MultiLabelData of(Dataset data) {
    return new MultiLabelData(data.source(), data.n(), data.d(), 1, data.x(), data.y(),
        List.of("label"));
  }
}

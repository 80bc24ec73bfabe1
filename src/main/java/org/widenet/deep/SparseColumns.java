package org.widenet.deep;

import java.util.Arrays;
import java.util.List;

/**
 * A rows x cols matrix stored by columns, only its nonzero entries (compressed sparse columns,
 * row indices ascending within a column). Column i holds h_{i,l}, the outputs of one layer for
 * training point i; the threshold activation leaves about m^(1-alpha) of m entries nonzero.
 */
public final class SparseColumns implements java.io.Serializable {
  private static final long serialVersionUID = 1L;
  private final int rows;
  private final int cols;
  private final int[] start;
  private final int[] index;
  private final double[] value;

  /**
   * @param start cols + 1 offsets into index and value
   * @param index row indices, ascending within each column
   */
  public SparseColumns(int rows, int cols, int[] start, int[] index, double[] value) {
    if (start.length != cols + 1 || index.length != value.length
        || start[cols] != index.length) {
      throw new IllegalArgumentException("inconsistent sparse column arrays");
    }
    this.rows = rows;
    this.cols = cols;
    this.start = start;
    this.index = index;
    this.value = value;
  }

  /** The nonzero entries of a dense rows x cols column-major matrix. */
  public static SparseColumns ofDense(int rows, int cols, double[] dense) {
    int[] start = new int[cols + 1];
    int nnz = 0;
    for (int i = 0; i < cols; i++) {
      for (int r = 0; r < rows; r++) {
        if (dense[r + i * rows] != 0) {
          nnz++;
        }
      }
      start[i + 1] = nnz;
    }
    int[] index = new int[nnz];
    double[] value = new double[nnz];
    int k = 0;
    for (int i = 0; i < cols; i++) {
      for (int r = 0; r < rows; r++) {
        double v = dense[r + i * rows];
        if (v != 0) {
          index[k] = r;
          value[k++] = v;
        }
      }
    }
    return new SparseColumns(rows, cols, start, index, value);
  }

  /**
   * Stacks row blocks: every part has the same rows and cols and holds nonzeros only in its own
   * row range; parts are given in ascending row order, so each column's indices stay sorted.
   */
  public static SparseColumns concatRows(List<SparseColumns> parts) {
    SparseColumns first = parts.get(0);
    int rows = first.rows;
    int cols = first.cols;
    int nnz = 0;
    for (SparseColumns p : parts) {
      if (p.rows != rows || p.cols != cols) {
        throw new IllegalArgumentException("row blocks of different shapes");
      }
      nnz += p.nnz();
    }
    int[] start = new int[cols + 1];
    int[] index = new int[nnz];
    double[] value = new double[nnz];
    int k = 0;
    for (int i = 0; i < cols; i++) {
      for (SparseColumns p : parts) {
        int len = p.start[i + 1] - p.start[i];
        System.arraycopy(p.index, p.start[i], index, k, len);
        System.arraycopy(p.value, p.start[i], value, k, len);
        k += len;
      }
      start[i + 1] = k;
    }
    return new SparseColumns(rows, cols, start, index, value);
  }

  public int rows() {
    return rows;
  }

  public int cols() {
    return cols;
  }

  public int nnz() {
    return index.length;
  }

  /** Nonzeros of column i. */
  public int nnz(int i) {
    return start[i + 1] - start[i];
  }

  /** Offset of column i's first nonzero in {@link #index()} and {@link #value()}. */
  public int start(int i) {
    return start[i];
  }

  /** Row indices of all nonzeros (read only). */
  public int[] index() {
    return index;
  }

  /** Values of all nonzeros (read only). */
  public double[] value() {
    return value;
  }

  /** The dense rows x cols column-major matrix, freshly allocated. */
  public double[] dense() {
    double[] d = new double[Math.multiplyExact(rows, cols)];
    for (int i = 0; i < cols; i++) {
      for (int k = start[i]; k < start[i + 1]; k++) {
        d[index[k] + i * rows] = value[k];
      }
    }
    return d;
  }

  /** Euclidean norm of column i. */
  public double columnNorm(int i) {
    double s = 0;
    for (int k = start[i]; k < start[i + 1]; k++) {
      s += value[k] * value[k];
    }
    return Math.sqrt(s);
  }

  /** The cols x cols Gram H^T H, full and column-major, by merging sorted index lists. */
  public double[] gram() {
    double[] g = new double[cols * cols];
    for (int i = 0; i < cols; i++) {
      for (int j = i; j < cols; j++) {
        double s = 0;
        int p = start[i];
        int q = start[j];
        while (p < start[i + 1] && q < start[j + 1]) {
          if (index[p] == index[q]) {
            s += value[p++] * value[q++];
          } else if (index[p] < index[q]) {
            p++;
          } else {
            q++;
          }
        }
        g[i + j * cols] = s;
        g[j + i * cols] = s;
      }
    }
    return g;
  }

  /**
   * H^T K for another matrix K with the same rows: cols x k.cols, column-major, by merging
   * sorted index lists in ascending row order, as {@link #gram} does (so {@code
   * h.crossGram(h)} equals {@code h.gram()} bit for bit).
   */
  public double[] crossGram(SparseColumns k) {
    if (k.rows != rows) {
      throw new IllegalArgumentException("H^T K needs equally many rows, got " + rows + " and "
          + k.rows);
    }
    double[] g = new double[Math.multiplyExact(cols, k.cols)];
    for (int j = 0; j < k.cols; j++) {
      for (int i = 0; i < cols; i++) {
        double s = 0;
        int p = start[i];
        int q = k.start[j];
        while (p < start[i + 1] && q < k.start[j + 1]) {
          if (index[p] == k.index[q]) {
            s += value[p++] * k.value[q++];
          } else if (index[p] < k.index[q]) {
            p++;
          } else {
            q++;
          }
        }
        g[i + j * cols] = s;
      }
    }
    return g;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SparseColumns s && rows == s.rows && cols == s.cols
        && Arrays.equals(start, s.start) && Arrays.equals(index, s.index)
        && Arrays.equals(value, s.value);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(value);
  }
}

package org.widenet.data;

import java.util.Objects;

/**
 * Immutable training set: n rows, d features, targets y, and where it came from.
 *
 * <p>The features are held as one column-major array: feature {@code j} (0-based) of row
 * {@code i} (0-based) is {@code x()[i + j * n()]}. The arrays are not copied on the way in or
 * out; whoever constructs a dataset hands the arrays over and must not change them afterwards,
 * and callers of {@link #x()} and {@link #y()} must not modify the returned arrays.
 */
public final class Dataset {
  private final String source;
  private final int n;
  private final int d;
  private final double[] x;
  private final double[] y;

  /**
   * Creates a dataset after validating it.
   *
   * @param source where the data came from, e.g. the path or the synthetic spec string
   * @param n number of rows, at least 1
   * @param d number of features, at least 1
   * @param xColMajor n*d features, column-major; taken over, not copied
   * @param y n targets; taken over, not copied
   * @throws DataException if n or d is below 1, an array has the wrong length, or a value is not
   *     finite
   * @throws NullPointerException if an argument is null
   */
  public Dataset(String source, int n, int d, double[] xColMajor, double[] y) {
    this.source = Objects.requireNonNull(source, "source");
    Objects.requireNonNull(xColMajor, "xColMajor");
    Objects.requireNonNull(y, "y");
    if (n < 1) {
      throw new DataException(source + ": no data rows (n = " + n + ")");
    }
    if (d < 1) {
      throw new DataException(source + ": no features (d = " + d + ")");
    }
    if (xColMajor.length != (long) n * d) {
      throw new DataException(source + ": feature array has length " + xColMajor.length
          + ", expected n*d = " + n + "*" + d + " = " + (long) n * d);
    }
    if (y.length != n) {
      throw new DataException(
          source + ": target array has length " + y.length + ", expected n = " + n);
    }
    for (int i = 0; i < n; i++) {
      if (!Double.isFinite(y[i])) {
        throw new DataException(source + " row " + (i + 1) + ": target is not finite: " + y[i]);
      }
    }
    for (int j = 0; j < d; j++) {
      for (int i = 0; i < n; i++) {
        double v = xColMajor[i + j * n];
        if (!Double.isFinite(v)) {
          throw new DataException(source + " row " + (i + 1) + ", feature " + (j + 1)
              + ": not a finite number: " + v);
        }
      }
    }
    this.n = n;
    this.d = d;
    this.x = xColMajor;
    this.y = y;
  }

  /** @return where the data came from, e.g. the path or the synthetic spec string */
  public String source() {
    return source;
  }

  /** @return the number of rows */
  public int n() {
    return n;
  }

  /** @return the number of features */
  public int d() {
    return d;
  }

  /**
   * The feature matrix, column-major: feature {@code j} of row {@code i} is at {@code i + j*n}.
   * The internal array is returned without copying; callers must not modify it.
   *
   * @return the n*d column-major feature array
   */
  public double[] x() {
    return x;
  }

  /**
   * The targets. The internal array is returned without copying; callers must not modify it.
   *
   * @return the n targets
   */
  public double[] y() {
    return y;
  }

  /**
   * Copies one row out of the feature matrix.
   *
   * @param i 0-based row index
   * @return a new array of length d holding the features of row {@code i}
   * @throws IndexOutOfBoundsException if {@code i} is not in {@code [0, n)}
   */
  public double[] row(int i) {
    Objects.checkIndex(i, n);
    double[] r = new double[d];
    for (int j = 0; j < d; j++) {
      r[j] = x[i + j * n];
    }
    return r;
  }

  /**
   * New dataset with every row scaled to unit Euclidean norm; the targets and the source are
   * kept. A zero row cannot be normalized.
   *
   * @return the normalized dataset
   * @throws DataException naming the 1-based row if a row is all zeros
   */
  public Dataset normalized() {
    double[] nx = new double[x.length];
    for (int i = 0; i < n; i++) {
      double scale = maxAbs(i);
      double norm = scaledNorm(i, scale);
      if (norm == 0.0) {
        throw new DataException(
            source + " row " + (i + 1) + ": all features are zero; cannot scale to unit norm");
      }
      for (int j = 0; j < d; j++) {
        nx[i + j * n] = x[i + j * n] / scale / norm;
      }
    }
    return new Dataset(source, n, d, nx, y.clone());
  }

  /** @return the largest Euclidean norm of a row */
  public double maxRowNorm() {
    double best = 0.0;
    for (int i = 0; i < n; i++) {
      double scale = maxAbs(i);
      if (scale > 0.0) {
        best = Math.max(best, scale * scaledNorm(i, scale));
      }
    }
    return best;
  }

  /** @return a short description: source, n and d */
  @Override
  public String toString() {
    return "Dataset[" + source + ", n=" + n + ", d=" + d + "]";
  }

  private double maxAbs(int i) {
    double m = 0.0;
    for (int j = 0; j < d; j++) {
      m = Math.max(m, Math.abs(x[i + j * n]));
    }
    return m;
  }

  /** Norm of row i divided by scale (its largest magnitude), which avoids overflow; 0 if zero. */
  private double scaledNorm(int i, double scale) {
    if (scale == 0.0) {
      return 0.0;
    }
    double s = 0.0;
    for (int j = 0; j < d; j++) {
      double v = x[i + j * n] / scale;
      s += v * v;
    }
    return Math.sqrt(s);
  }
}

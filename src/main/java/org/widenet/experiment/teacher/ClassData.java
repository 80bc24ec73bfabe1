package org.widenet.experiment.teacher;

/**
 * Labelled inputs for a k-class problem.
 *
 * @param source where the rows came from, for reports
 * @param n rows
 * @param d inputs per row
 * @param x n x d, column-major
 * @param labels n classes in 0..k-1
 * @param k number of classes
 */
public record ClassData(String source, int n, int d, double[] x, int[] labels, int k) {
  public ClassData {
    if (x.length != (long) n * d || labels.length != n) {
      throw new IllegalArgumentException("expected " + n + " x " + d + " inputs and " + n
          + " labels, got " + x.length + " values and " + labels.length + " labels");
    }
    for (int i = 0; i < n; i++) {
      if (labels[i] < 0 || labels[i] >= k) {
        throw new IllegalArgumentException("row " + i + ": label " + labels[i]
            + " is outside 0.." + (k - 1));
      }
    }
  }

  /** The same inputs with other labels (e.g. the teacher's). */
  public ClassData relabeled(int[] newLabels, String newSource) {
    return new ClassData(newSource, n, d, x, newLabels, k);
  }

  /** The one-hot targets, n x k column-major. */
  public double[] oneHot() {
    double[] y = new double[n * k];
    for (int i = 0; i < n; i++) {
      y[i + labels[i] * n] = 1.0;
    }
    return y;
  }
}

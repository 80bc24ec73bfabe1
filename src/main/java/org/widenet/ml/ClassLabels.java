package org.widenet.ml;

import org.apache.spark.ml.attribute.Attribute;
import org.apache.spark.ml.attribute.BinaryAttribute;
import org.apache.spark.ml.attribute.NominalAttribute;
import org.apache.spark.sql.types.StructField;

/**
 * The classes of a multi-class label column: k from the column's metadata (StringIndexer and
 * OneVsRest write it) or else from its values (max label + 1), every label an integer in
 * 0..k-1; and the targets the k outputs are trained on (one-hot for softmax2, one-vs-all +-1
 * for smooth2).
 */
final class ClassLabels {
  private ClassLabels() {}

  /** k, checking every label; IllegalArgumentException naming the row and column. */
  static int numClasses(StructField field, double[] labels) {
    int fromMetadata = fromMetadata(field);
    int k = fromMetadata;
    for (int i = 0; i < labels.length; i++) {
      double y = labels[i];
      if (y < 0 || y != Math.rint(y) || (fromMetadata > 0 && y >= fromMetadata)) {
        throw new IllegalArgumentException("row " + (i + 1) + ", column \"" + field.name()
            + "\": label " + y + " is not a class index 0.." + (fromMetadata > 0
            ? String.valueOf(fromMetadata - 1) + " (from the column's metadata)" : "k-1")
            + " (index string labels with StringIndexer)");
      }
      if (fromMetadata <= 0) {
        k = Math.max(k, (int) y + 1);
      }
    }
    if (k < 2) {
      throw new IllegalArgumentException("column \"" + field.name() + "\" holds one class; "
          + "a classifier needs at least 2");
    }
    return k;
  }

  /**
   * Whether a label column holds more than two classes, the test of a classifier's default
   * model: its metadata says so, or (without class metadata) its labels are class indices
   * 0, 1, 2, ... with one at least 2. Binary labels (0/1, -1/+1) and labels that are not class
   * indices answer false (the binary fit then names what is wrong with them).
   */
  static boolean moreThanTwo(StructField field, double[] labels) {
    int fromMetadata = fromMetadata(field);
    if (fromMetadata > 0) {
      return fromMetadata > 2;
    }
    double max = 0;
    for (double y : labels) {
      if (y < 0 || y != Math.rint(y)) {
        return false;
      }
      max = Math.max(max, y);
    }
    return max >= 2;
  }

  private static int fromMetadata(StructField field) {
    Attribute attribute = Attribute.fromStructField(field);
    if (attribute instanceof BinaryAttribute) {
      return 2;
    }
    if (attribute instanceof NominalAttribute nominal && nominal.getNumValues().isDefined()) {
      return (Integer) nominal.getNumValues().get();
    }
    return -1;
  }

  /**
   * k for a fit: from the training labels, and at least the classes of the rows held out by
   * validationIndicatorCol (they must be classes of the k outputs trained).
   */
  static int numClasses(StructField field, FrameData data) {
    int k = numClasses(field, data.labels);
    return data.validation == null ? k
        : Math.max(k, numClasses(field, data.validation.labels));
  }

  /** n x k one-hot targets, column-major (class l of row i at l n + i). */
  static double[] oneHot(double[] labels, int k) {
    return indicators(labels, k, 0.0);
  }

  /**
   * n x k one-vs-all targets, column-major: +1 for row i's class l (at l n + i), -1 for the
   * other classes (the +-1 targets of a binary fit, once per class).
   */
  static double[] oneVsAll(double[] labels, int k) {
    return indicators(labels, k, -1.0);
  }

  private static double[] indicators(double[] labels, int k, double off) {
    int n = labels.length;
    double[] y = new double[n * k];
    java.util.Arrays.fill(y, off);
    for (int i = 0; i < n; i++) {
      y[(int) labels[i] * n + i] = 1.0;
    }
    return y;
  }
}

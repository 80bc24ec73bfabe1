package org.widenet.ml;

import java.util.List;
import org.apache.spark.ml.attribute.AttributeGroup;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.widenet.data.LabelRange;

/**
 * Schema checks and the driver-side copy of a training DataFrame (training sets are small
 * next to the width: n rows of d features). Every error names the column, and the row where
 * one is at fault.
 */
final class FrameData {
  final int n;
  final int d;
  final double[] x;
  final double[] labels;
  /** The rows held out by validationIndicatorCol, or null. */
  final FrameData validation;
  /** Row i's number (from 1) among the collected rows, for messages. */
  private final int[] rowNumbers;

  private FrameData(int n, int d, double[] x, double[] labels, FrameData validation,
      int[] rowNumbers) {
    this.n = n;
    this.d = d;
    this.x = x;
    this.labels = labels;
    this.validation = validation;
    this.rowNumbers = rowNumbers;
  }

  /** Row i's number (from 1, in collect order, counting held-out rows too). */
  int rowNumber(int i) {
    return rowNumbers[i];
  }

  /** Requires a Vector column named features. */
  static void requireVector(StructType schema, String features) {
    DataType type = field(schema, features, "featuresCol").dataType();
    if (!type.equals(SQLDataTypes.VectorType())) {
      throw new IllegalArgumentException("featuresCol \"" + features + "\" must be a Vector "
          + "column (e.g. VectorAssembler output), found " + type.simpleString());
    }
  }

  /** Requires a numeric column named label. */
  static void requireNumeric(StructType schema, String label) {
    DataType type = field(schema, label, "labelCol").dataType();
    if (!(type instanceof NumericType)) {
      throw new IllegalArgumentException("labelCol \"" + label + "\" must be numeric, found "
          + type.simpleString() + (type.equals(SQLDataTypes.VectorType()) ? " (multi-output "
          + "regression is not supported: fit one regressor per output)" : ""));
    }
  }

  static StructField field(StructType schema, String name, String param) {
    for (StructField f : schema.fields()) {
      if (f.name().equals(name)) {
        return f;
      }
    }
    throw new IllegalArgumentException(param + " \"" + name + "\" is not a column; columns: "
        + String.join(", ", schema.fieldNames()));
  }

  /**
   * Requires the features column to hold vectors of size d where its metadata (e.g. from
   * VectorAssembler) says their size; a column without that metadata is checked row by row.
   */
  static void requireSize(StructType schema, String features, int d) {
    int size = AttributeGroup.fromStructField(field(schema, features, "featuresCol")).size();
    if (size >= 0 && size != d) {
      throw new IllegalArgumentException("column \"" + features + "\" holds vectors of size "
          + size + " (from its metadata), the model was trained on " + d);
    }
  }

  /**
   * Requires every training label in [-1, 1], the range the models assume, naming the first
   * row (from 1, in collect order) that is outside and the scaleLabels param that fixes it.
   */
  void requireUnitLabels(String column) {
    int i = LabelRange.firstOutside(labels);
    if (i >= 0) {
      throw new IllegalArgumentException("row " + rowNumber(i) + ", column \"" + column
          + "\": "
          + LabelRange.outsideMessage(labels[i], LabelRange.maxAbs(labels),
              "setScaleLabels(true)"));
    }
  }

  /**
   * Refuses, before anything is collected, a training set of more than {@code limit} feature
   * values (n x d): fit copies it to the driver. d comes from the column's metadata, else from
   * the first row.
   */
  static void requireCollectable(Dataset<?> df, String features, long limit) {
    int d = AttributeGroup.fromStructField(field(df.schema(), features, "featuresCol")).size();
    long n = df.count();
    if (d < 0 && n > 0) {
      Row first = df.select(features).first();
      d = first.isNullAt(0) ? 0 : ((Vector) first.get(0)).size();
    }
    if (n * Math.max(d, 0) > limit) {
      throw new IllegalArgumentException("the training DataFrame holds " + n + " rows of " + d
          + " features (column \"" + features + "\"), " + n * d + " values: fit copies them "
          + "to the driver, and driverCollectLimit is " + limit + " (raise it with "
          + "setDriverCollectLimit, or train on a sample)");
    }
  }

  /** Collects features and labels, checking every value. */
  static FrameData collect(Dataset<?> df, String features, String label) {
    return collect(df, features, label, "");
  }

  /**
   * Collects features and labels, checking every value; with a validation indicator column
   * (boolean, not null), the rows where it is true go to {@link #validation} instead of the
   * training rows (both keep the DataFrame's order).
   *
   * @param indicator the indicator column, or "" for none
   */
  static FrameData collect(Dataset<?> df, String features, String label, String indicator) {
    requireVector(df.schema(), features);
    requireNumeric(df.schema(), label);
    boolean split = !indicator.isEmpty();
    if (split) {
      DataType type = field(df.schema(), indicator, "validationIndicatorCol").dataType();
      if (!type.equals(DataTypes.BooleanType)) {
        throw new IllegalArgumentException("validationIndicatorCol \"" + indicator + "\" must "
            + "be a boolean column, found " + type.simpleString());
      }
    }
    List<Row> rows = split ? df.select(features, label, indicator).collectAsList()
        : df.select(features, label).collectAsList();
    if (rows.isEmpty()) {
      throw new IllegalArgumentException("the training DataFrame has no rows (columns \""
          + features + "\" and \"" + label + "\")");
    }
    int total = rows.size();
    int d = -1;
    double[][] vectors = new double[total][];
    double[] y = new double[total];
    boolean[] heldOut = new boolean[total];
    int nHeld = 0;
    for (int i = 0; i < total; i++) {
      Row row = rows.get(i);
      String at = "row " + (i + 1) + ", column \"";
      if (row.isNullAt(0) || row.isNullAt(1) || (split && row.isNullAt(2))) {
        throw new IllegalArgumentException(at + (row.isNullAt(0) ? features
            : row.isNullAt(1) ? label : indicator) + "\": null");
      }
      double[] v = ((Vector) row.get(0)).toArray();
      if (d < 0) {
        d = v.length;
        if (d == 0) {
          throw new IllegalArgumentException(at + features + "\": the vector is empty");
        }
      } else if (v.length != d) {
        throw new IllegalArgumentException(at + features + "\": the vector has " + v.length
            + " entries, row 1's has " + d);
      }
      for (int k = 0; k < d; k++) {
        if (!Double.isFinite(v[k])) {
          throw new IllegalArgumentException(at + features + "\", feature " + (k + 1)
              + ": not a finite number: " + v[k]);
        }
      }
      vectors[i] = v;
      y[i] = ((Number) row.get(1)).doubleValue();
      if (!Double.isFinite(y[i])) {
        throw new IllegalArgumentException(at + label + "\": not a finite label: " + y[i]);
      }
      heldOut[i] = split && row.getBoolean(2);
      nHeld += heldOut[i] ? 1 : 0;
    }
    if (nHeld == total) {
      throw new IllegalArgumentException("every row has validationIndicatorCol \"" + indicator
          + "\" true: no rows are left to train on");
    }
    FrameData validation = nHeld == 0 ? null
        : of(vectors, y, heldOut, true, nHeld, d, null);
    return of(vectors, y, heldOut, false, total - nHeld, d, validation);
  }

  /** The n rows whose heldOut flag is {@code which}, x column-major. */
  private static FrameData of(double[][] vectors, double[] labels, boolean[] heldOut,
      boolean which, int n, int d, FrameData validation) {
    double[] x = new double[n * d];
    double[] y = new double[n];
    int[] numbers = new int[n];
    int i = 0;
    for (int r = 0; r < vectors.length; r++) {
      if (heldOut[r] != which) {
        continue;
      }
      for (int k = 0; k < d; k++) {
        x[i + k * n] = vectors[r][k];
      }
      numbers[i] = r + 1;
      y[i++] = labels[r];
    }
    return new FrameData(n, d, x, y, validation, numbers);
  }
}

package org.widenet.math;

/** Argument checks shared by the kernels; every failure is an {@link IllegalArgumentException}. */
final class Checks {

  private Checks() {}

  /** Requires {@code value >= 0}. */
  static void nonNegative(String name, int value) {
    if (value < 0) {
      throw new IllegalArgumentException(name + " must be >= 0, got " + value);
    }
  }

  /** Returns {@code rows * cols}, requiring both non-negative and the product to fit an array. */
  static int size(String rowsName, int rows, String colsName, int cols) {
    nonNegative(rowsName, rows);
    nonNegative(colsName, cols);
    long product = (long) rows * cols;
    if (product > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          rowsName + "*" + colsName + " = " + product + " does not fit in a Java array");
    }
    return (int) product;
  }

  /** Requires the array to be non-null and at least {@code required} long. */
  static void length(String name, double[] array, int required) {
    if (array == null) {
      throw new IllegalArgumentException(name + " must not be null");
    }
    if (array.length < required) {
      throw new IllegalArgumentException(
          name + " has length " + array.length + ", needs at least " + required);
    }
  }

  /** Requires the array to be non-null and exactly {@code required} long. */
  static void exactLength(String name, double[] array, int required) {
    if (array == null) {
      throw new IllegalArgumentException(name + " must not be null");
    }
    if (array.length != required) {
      throw new IllegalArgumentException(
          name + " has length " + array.length + ", expected " + required);
    }
  }

  /** Requires every one of the first {@code count} entries to be finite. */
  static void finite(String name, double[] array, int count) {
    for (int i = 0; i < count; i++) {
      if (!Double.isFinite(array[i])) {
        throw new IllegalArgumentException(name + "[" + i + "] is not finite: " + array[i]);
      }
    }
  }
}

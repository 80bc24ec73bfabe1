package org.widenet.data;

import java.util.Locale;

/** The file formats {@link DataLoader} can read. */
public enum DataFormat {
  /** Sparse {@code label index:value ...} lines with 1-based ascending indices. */
  LIBSVM,
  /** Comma-separated values with a header line naming the columns. */
  CSV,
  /**
   * Apache Parquet, one file or a directory of part files as Spark writes them, with a numeric
   * label column and a features column holding a Spark ML vector or an array of numbers.
   */
  PARQUET;

  /**
   * Parses a format name, ignoring case and surrounding whitespace.
   *
   * @param s {@code "libsvm"}, {@code "csv"} or {@code "parquet"} in any case
   * @return the format
   * @throws IllegalArgumentException if {@code s} is null or names no format; the message lists
   *     the choices
   */
  public static DataFormat parse(String s) {
    if (s != null) {
      String t = s.trim().toUpperCase(Locale.ROOT);
      for (DataFormat f : values()) {
        if (f.name().equals(t)) {
          return f;
        }
      }
    }
    throw new IllegalArgumentException(
        "unknown data format " + (s == null ? "null" : "\"" + s + "\"")
            + "; expected one of: libsvm, csv, parquet");
  }
}

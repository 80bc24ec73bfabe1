package org.widenet.data;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * How {@link DataLoader#load(String, DataFormat, LoadOptions)} reads a file: which columns hold
 * the target and the features, and whether bad rows stop the load or are skipped.
 *
 * @param labelColumn the target column (CSV and Parquet); null means {@code "label"}. LIBSVM
 *     files have no column names and ignore it.
 * @param featureColumns CSV only: the feature columns, in the order they become features; the
 *     header's other columns are then ignored and not parsed. Null means every column but the
 *     label (CSV), or the vector column {@code featuresColumn} (Parquet).
 * @param featuresColumn Parquet only: the column holding each row's features, a Spark ML
 *     vector or an array of numbers; null means {@code "features"}
 * @param skipBadRows whether a row that cannot be read is skipped and counted instead of
 *     stopping the load; problems with the file itself still stop it
 */
public record LoadOptions(String labelColumn, List<String> featureColumns, String featuresColumn,
    boolean skipBadRows) {

  /** The default target column. */
  public static final String DEFAULT_LABEL = "label";
  /** The default Parquet features column. */
  public static final String DEFAULT_FEATURES = "features";

  /**
   * Validates and normalizes the options.
   *
   * @throws IllegalArgumentException if featureColumns is empty, holds a null, blank or
   *     repeated name, or holds the label column
   */
  public LoadOptions {
    labelColumn = labelColumn == null ? DEFAULT_LABEL : labelColumn;
    featuresColumn = featuresColumn == null ? DEFAULT_FEATURES : featuresColumn;
    if (featureColumns != null) {
      if (featureColumns.isEmpty()) {
        throw new IllegalArgumentException("the list of feature columns is empty");
      }
      Set<String> seen = new HashSet<>();
      for (String name : featureColumns) {
        if (name == null || name.isBlank()) {
          throw new IllegalArgumentException("a feature column name is empty");
        }
        if (!seen.add(name)) {
          throw new IllegalArgumentException("feature column \"" + name + "\" is listed twice");
        }
        if (name.equals(labelColumn)) {
          throw new IllegalArgumentException("the label column \"" + name
              + "\" cannot also be a feature column");
        }
      }
      featureColumns = List.copyOf(featureColumns);
    }
  }

  /**
   * Options with every default: target {@code label}, all other CSV columns or the Parquet
   * column {@code features} as features, and bad rows stop the load.
   *
   * @return the default options
   */
  public static LoadOptions defaults() {
    return new LoadOptions(null, null, null, false);
  }

  /**
   * The default options with another target column.
   *
   * @param labelColumn the target column; null means {@code "label"}
   * @return the options
   */
  public static LoadOptions label(String labelColumn) {
    return new LoadOptions(labelColumn, null, null, false);
  }
}

package org.widenet.data;

import java.util.List;
import java.util.Objects;

/**
 * What {@link DataLoader#load(String, DataFormat, LoadOptions)} read: the dataset and the rows
 * it skipped because they could not be read (only when {@link LoadOptions#skipBadRows()}).
 *
 * @param data the rows that were read, in file order
 * @param skippedRows how many rows were skipped
 * @param skippedExamples the error messages of the first skipped rows, at most
 *     {@link #MAX_EXAMPLES}, each naming the file, line or row and column as the error would
 */
public record LoadResult(Dataset data, long skippedRows, List<String> skippedExamples) {
  /** How many skipped rows are described in {@link #skippedExamples()}. */
  public static final int MAX_EXAMPLES = 5;

  /**
   * Checks and copies the fields.
   *
   * @throws IllegalArgumentException if skippedRows is negative
   */
  public LoadResult {
    Objects.requireNonNull(data, "data");
    skippedExamples = List.copyOf(skippedExamples);
    if (skippedRows < 0) {
      throw new IllegalArgumentException("skippedRows must be >= 0, got " + skippedRows);
    }
  }
}

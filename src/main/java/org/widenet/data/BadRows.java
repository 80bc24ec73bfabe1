package org.widenet.data;

import java.util.ArrayList;
import java.util.List;

/** Decides what a row-level error does: stop the load, or count the row and go on. */
final class BadRows {
  private final boolean skip;
  private final List<String> examples = new ArrayList<>();
  private long count;

  BadRows(boolean skip) {
    this.skip = skip;
  }

  /**
   * Handles the error of one row: rethrows it unless bad rows are skipped, else counts it.
   *
   * @throws DataException e itself when bad rows are not skipped
   */
  void reject(DataException e) {
    if (!skip) {
      throw e;
    }
    count++;
    if (examples.size() < LoadResult.MAX_EXAMPLES) {
      examples.add(e.getMessage());
    }
  }

  long count() {
    return count;
  }

  /** The error for a file left without rows, saying why when rows were skipped. */
  DataException noRows(String path) {
    if (count == 0) {
      return new DataException(path + ": no data rows");
    }
    return new DataException(path + ": no data rows; all " + count + " rows were bad and "
        + "skipped (first: " + examples.get(0) + ")");
  }

  LoadResult result(Dataset data) {
    return new LoadResult(data, count, examples);
  }
}

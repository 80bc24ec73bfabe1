package org.widenet.data;

/**
 * Problem with training data: a file that cannot be read or parsed, or values that are not
 * valid. The message is a single line that names the source and, where it applies, the line and
 * the column or feature index.
 */
public final class DataException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message one-line description naming the file, line and column where known
   */
  public DataException(String message) {
    super(message);
  }
}

package org.widenet.cli;

/** A bad option or option value: reported as one line, exit code 2, before Spark starts. */
public final class UsageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public UsageException(String message) {
    super(message);
  }
}

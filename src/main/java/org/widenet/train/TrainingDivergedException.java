package org.widenet.train;

/** Thrown when the loss becomes NaN or infinite; the message says which setting to lower. */
public final class TrainingDivergedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public TrainingDivergedException(String message) {
    super(message);
  }
}

package org.widenet.train;

/**
 * Thrown when the loss becomes NaN or infinite, grows past the divergence factor, or a block's
 * outputs overflow during training; the message says which setting to lower.
 */
public final class TrainingDivergedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public TrainingDivergedException(String message) {
    super(message);
  }

  /** @param cause what stopped the run, e.g. a block's numerical fault */
  public TrainingDivergedException(String message, Throwable cause) {
    super(message, cause);
  }
}

package org.widenet.model;

/**
 * Thrown when a neuron block's forward pass produces an output or Gram share that is not
 * finite. The message is one line naming the neuron block, the neuron (global index), the data
 * row (counting from 0), the value of w_r . x_i there, and the setting to change.
 *
 * <p>exp2's output is a sum of unshifted exponentials, sum_r a_r exp(w_r . x_i), so an overflow
 * cannot be shifted away (softmax can: its blocks return max-shifted sums); it is reported
 * instead. On Spark the exception is thrown in a task and rethrown on the driver with the same
 * message.
 */
public final class NumericalFaultException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public NumericalFaultException(String message) {
    super(message);
  }

  /**
   * @param cause the failure that carried the message to the driver (a failed Spark job)
   */
  public NumericalFaultException(String message, Throwable cause) {
    super(message, cause);
  }
}

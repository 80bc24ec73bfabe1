package org.widenet.spark;

import java.util.function.Supplier;
import org.widenet.model.NumericalFaultException;

/**
 * Turns a Spark job that failed because a task threw {@link NumericalFaultException} back into
 * that exception on the driver, with the task's message, so the caller sees the same error as on
 * the local engine. Spark reports a task's exception as a {@code SparkException} ("Job aborted
 * due to stage failure: ... org.widenet.model.NumericalFaultException: message" followed by the
 * task's stack trace), usually with the deserialized exception as its cause. Spark retries a
 * failed task up to {@code spark.task.maxFailures} times first (1 in local mode): a numerical
 * fault repeats on every try, since a block's computation is deterministic.
 */
final class TaskFailures {
  private static final String MARKER = NumericalFaultException.class.getName() + ": ";

  private TaskFailures() {}

  /**
   * Runs {@code job}; a failure caused by a numerical fault in a task is rethrown as a
   * {@link NumericalFaultException} with the task's message (the Spark failure as its cause),
   * any other failure as it was.
   */
  static <T> T surfacingNumericalFaults(Supplier<T> job) {
    try {
      return job.get();
    } catch (Exception e) {
      // Exception, not RuntimeException: Spark throws the checked SparkException undeclared.
      NumericalFaultException fault = numericalFault(e);
      if (fault != null) {
        throw fault;
      }
      throw e;
    }
  }

  /**
   * The numerical fault behind a failed job, or null when it was something else: the first
   * {@link NumericalFaultException} in the cause chain, else the one named in a message of the
   * chain (up to the end of its line).
   */
  static NumericalFaultException numericalFault(Throwable failure) {
    int depth = 0;
    for (Throwable t = failure; t != null && depth < 32; t = t.getCause(), depth++) {
      if (t instanceof NumericalFaultException) {
        return new NumericalFaultException(t.getMessage(), failure);
      }
    }
    depth = 0;
    for (Throwable t = failure; t != null && depth < 32; t = t.getCause(), depth++) {
      String message = t.getMessage();
      int at = message == null ? -1 : message.indexOf(MARKER);
      if (at >= 0) {
        int start = at + MARKER.length();
        int end = message.indexOf('\n', start);
        return new NumericalFaultException(
            (end < 0 ? message.substring(start) : message.substring(start, end)).strip(),
            failure);
      }
    }
    return null;
  }

  /**
   * Whether a failed job failed because a task found its block behind the driver: a
   * {@link StaleBlockException} in the cause chain, or named in a message of it.
   */
  static boolean isStaleBlock(Throwable failure) {
    return causedBy(failure, StaleBlockException.class);
  }

  /**
   * Whether a failed job failed because a task was handed a copy of a block it had to update:
   * a {@link MisplacedBlockException} in the cause chain, or named in a message of it.
   */
  static boolean isMisplacedBlock(Throwable failure) {
    return causedBy(failure, MisplacedBlockException.class);
  }

  private static boolean causedBy(Throwable failure, Class<? extends RuntimeException> type) {
    String name = type.getName();
    int depth = 0;
    for (Throwable t = failure; t != null && depth < 32; t = t.getCause(), depth++) {
      if (type.isInstance(t) || (t.getMessage() != null && t.getMessage().contains(name))) {
        return true;
      }
    }
    return false;
  }
}

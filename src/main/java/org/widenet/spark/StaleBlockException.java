package org.widenet.spark;

/**
 * Thrown by a task that finds its cached block behind the driver (Spark rebuilt it from its
 * lineage after an executor was lost or the cache evicted it) or left half-updated by a failed
 * task. The driver catches it, brings every block up to date by replaying its step log, and runs
 * the job again.
 */
final class StaleBlockException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  StaleBlockException(int block, int version, boolean dirty, int expected) {
    super("neuron block " + block + (dirty ? " was left half-updated by a failed task"
        : " holds " + version + " steps, the driver " + expected));
  }
}

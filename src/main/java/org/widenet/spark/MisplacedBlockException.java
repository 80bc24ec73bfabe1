package org.widenet.spark;

/**
 * Thrown by a task that was handed a copy of its block (it ran on another executor than the one
 * caching the block, or Spark read the block back from disk) when it needs to update the block:
 * the update would be lost with the copy. The driver runs the job again; Spark places the task
 * where the block lives (widenet's sessions wait for that executor: spark.locality.wait.process).
 */
final class MisplacedBlockException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  MisplacedBlockException(int block) {
    super("neuron block " + block + " was handed to a task as a copy (from another executor, "
        + "or read back from disk), not the cached original it must update");
  }
}

package org.widenet.ml;

import org.apache.spark.ml.util.MLWritable;

/**
 * What both fitted widenet models offer beyond Spark's model bases: the training summary
 * (saved with the model), persistence in the CLI's model layout, and releasing cached blocks.
 */
public interface WideNetModel extends WideNetParams, MLWritable, AutoCloseable {

  /** Whether a training summary is available (only after a fit in this session). */
  boolean hasSummary();

  /** The training summary; IllegalStateException for a loaded model. */
  TrainingSummary summary();

  /** The number of input features the model was trained on. */
  int numFeatures();

  /**
   * Releases the blocks this model keeps cached on the executors (a CrossValidator or a
   * width sweep otherwise accumulates them). The model, and every copy of it, is closed
   * afterwards: transform, predict and save refuse. Idempotent.
   */
  void unpersist();

  /** {@link #unpersist()}, for try-with-resources. */
  @Override
  default void close() {
    unpersist();
  }
}

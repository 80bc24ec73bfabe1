package org.widenet.ml;

import org.apache.spark.ml.util.MLWritable;

/**
 * What both fitted widenet models offer beyond Spark's model bases: the training summary and
 * persistence in the CLI's model layout.
 */
public interface WideNetModel extends WideNetParams, MLWritable {

  /** Whether a training summary is available (only after a fit in this session). */
  boolean hasSummary();

  /** The training summary; IllegalStateException for a loaded model. */
  TrainingSummary summary();

  /** The number of input features the model was trained on. */
  int numFeatures();
}

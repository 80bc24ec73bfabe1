package org.widenet.ml;

import java.util.Map;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.util.MLWriter;

/** Saves an unfitted estimator: its params, in Spark's stage-metadata layout. */
final class EstimatorWriter extends MLWriter {
  private final Params stage;

  EstimatorWriter(Params stage) {
    this.stage = stage;
  }

  @Override
  public void saveImpl(String path) {
    StageMetadata.write(sparkSession(), stage, path, Map.of());
  }
}

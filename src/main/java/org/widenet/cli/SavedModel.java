package org.widenet.cli;

import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.widenet.model.ModelMetadata;
import org.widenet.model.NeuronBlock;
import org.widenet.smooth.SmoothModelStore;
import org.widenet.spark.BlockPredictions;
import org.widenet.spark.DeepModelStore;
import org.widenet.spark.MetadataFile;
import org.widenet.spark.ModelStore;
import org.widenet.train.OrderedSum;

/**
 * A saved relu2, exp2, smooth2 or deep-last model as {@code widenet predict} uses it: its
 * blocks loaded onto the executors by the family's store, its outputs computed where they
 * live. softmax2 models go through {@link SoftmaxPredictCommand} (multi-label data, kernel
 * regression).
 */
final class SavedModel implements AutoCloseable {
  @FunctionalInterface
  private interface Outputs {
    double[] on(double[] x, int rows);
  }

  private final int outputs;
  private final double labelScale;
  private final String description;
  private final Outputs predict;
  private final Runnable release;

  private SavedModel(int outputs, double labelScale, String description, Outputs predict,
      Runnable release) {
    this.outputs = outputs;
    this.labelScale = labelScale;
    this.description = description;
    this.predict = predict;
    this.release = release;
  }

  /**
   * The number of features a saved model takes, from its metadata.json alone (every family
   * writes input_dim), so a wrong data set fails before Spark starts.
   *
   * @throws IllegalArgumentException naming the directory when it holds no readable model
   */
  static int inputDim(String dir) {
    Map<String, Object> meta;
    try {
      meta = MetadataFile.read(new Configuration(), dir);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("--model " + dir + ": no saved model there (cannot "
          + "read its " + MetadataFile.NAME + ")", e);
    }
    if (!(meta.get("input_dim") instanceof Number d)) {
      throw new IllegalArgumentException("model " + dir + " is damaged: " + MetadataFile.NAME
          + " has no number \"input_dim\"");
    }
    return d.intValue();
  }

  /** Loads the model under dir with its family's store; {@link #close} releases its blocks. */
  static SavedModel open(SparkSession spark, String dir) {
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    if (DeepModelStore.isDeepModel(conf, dir)) {
      DeepModelStore.Loaded m = DeepModelStore.load(spark, dir);
      return new SavedModel(1, m.labelScale(), String.format(Locale.ROOT, "deep-last L=%d m=%d",
          m.spec().depth(), m.spec().width()), (x, rows) -> m.predict(jsc, x, rows), m::close);
    }
    if (SmoothModelStore.isSmoothModel(conf, dir)) {
      SmoothModelStore.Distributed m = SmoothModelStore.loadDistributed(spark, dir);
      Object scale = m.metadata().get(ModelMetadata.LABEL_SCALE);
      return new SavedModel(m.spec().k(), scale instanceof Number s ? s.doubleValue() : 1.0,
          String.format(Locale.ROOT, "smooth2 d1=%d k=%d", m.spec().width(), m.spec().k()),
          (x, rows) -> m.predict(spark, x, rows), () -> m.blocks().unpersist(false));
    }
    ModelMetadata meta = ModelStore.loadMetadata(spark, dir);
    JavaRDD<NeuronBlock> blocks = ModelStore.loadBlocksDistributed(spark, dir, meta);
    return new SavedModel(1, meta.labelScale(), meta.network().family().cliName() + " m="
        + meta.network().width(), (x, rows) -> BlockPredictions.outputs(jsc, blocks,
        meta.network(), x, rows, OrderedSum.DEFAULT_FAN_IN), () -> blocks.unpersist(false));
  }

  /** The outputs per row (k). */
  int outputs() {
    return outputs;
  }

  /** The factor the model's labels were divided by in training (1 when they were not). */
  double labelScale() {
    return labelScale;
  }

  /** The family and size, for the log line. */
  String description() {
    return description;
  }

  /**
   * The outputs on rows x d inputs (column-major), rows x k column-major, in the labels'
   * units (multiplied back by the label scale).
   */
  double[] predict(double[] x, int rows) {
    double[] f = predict.on(x, rows);
    if (labelScale != 1.0) {
      for (int i = 0; i < f.length; i++) {
        f[i] *= labelScale;
      }
    }
    return f;
  }

  @Override
  public void close() {
    release.run();
  }
}

package org.widenet.cli;

import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.widenet.deep.DeepFamily;
import org.widenet.model.ModelMetadata;
import org.widenet.model.NeuronBlock;
import org.widenet.smooth.SmoothModelStore;
import org.widenet.softmax.SoftmaxModelStore;
import org.widenet.spark.BlockPredictions;
import org.widenet.spark.DeepModelStore;
import org.widenet.spark.ModelStore;
import org.widenet.spark.SavedMetadata;
import org.widenet.train.OrderedSum;

/**
 * A saved model of any family as {@code widenet predict} uses it: its blocks loaded onto the
 * executors by the store of the family its metadata.json names, its outputs computed where
 * they live, in the labels' units.
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
   * A saved model's metadata.json, its family read or inferred (see {@link SavedMetadata}),
   * so a wrong directory or data set fails before Spark starts.
   *
   * @throws IllegalArgumentException naming the directory when it holds no readable model or
   *     one of an unknown family
   */
  static SavedMetadata metadata(String dir) {
    return SavedMetadata.read(new Configuration(), dir);
  }

  /**
   * Loads the model under dir with its family's store, by the family its metadata.json
   * names; {@link #close} releases its blocks.
   */
  static SavedModel open(SparkSession spark, String dir) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    switch (SavedMetadata.read(spark.sparkContext().hadoopConfiguration(), dir).family()) {
      case DeepFamily.NAME: {
        DeepModelStore.Loaded m = DeepModelStore.load(spark, dir);
        return new SavedModel(1, m.labelScale(), String.format(Locale.ROOT,
            "deep-last L=%d m=%d", m.spec().depth(), m.spec().width()),
            (x, rows) -> m.predict(jsc, x, rows), m::close);
      }
      case SmoothModelStore.FAMILY: {
        SmoothModelStore.Distributed m = SmoothModelStore.loadDistributed(spark, dir);
        return new SavedModel(m.spec().k(), labelScale(m.metadata()), String.format(Locale.ROOT,
            "smooth2 d1=%d k=%d", m.spec().width(), m.spec().k()),
            (x, rows) -> m.predict(spark, x, rows), () -> m.blocks().unpersist(false));
      }
      case SoftmaxModelStore.FAMILY: {
        SoftmaxModelStore.Distributed m = SoftmaxModelStore.loadDistributed(spark, dir);
        return new SavedModel(m.spec().outputs(), labelScale(m.metadata()),
            String.format(Locale.ROOT, "the network (softmax2 m=%d, k=%d)", m.spec().width(),
            m.spec().outputs()), (x, rows) -> m.predict(spark, x, rows),
            () -> m.blocks().unpersist(false));
      }
      default: {
        ModelMetadata meta = ModelStore.loadMetadata(spark, dir);
        JavaRDD<NeuronBlock> blocks = ModelStore.loadBlocksDistributed(spark, dir, meta);
        return new SavedModel(1, meta.labelScale(), meta.network().family().cliName() + " m="
            + meta.network().width(), (x, rows) -> BlockPredictions.outputs(jsc, blocks,
            meta.network(), x, rows, OrderedSum.DEFAULT_FAN_IN), () -> blocks.unpersist(false));
      }
    }
  }

  /** The top-level label_scale of a softmax2 or smooth2 model's metadata (1 without one). */
  static double labelScale(Map<String, Object> metadata) {
    return metadata.get(ModelMetadata.LABEL_SCALE) instanceof Number s ? s.doubleValue() : 1.0;
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

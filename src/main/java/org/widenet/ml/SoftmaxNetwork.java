package org.widenet.ml;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.widenet.softmax.SoftmaxBlock;
import org.widenet.softmax.SoftmaxModelStore;
import org.widenet.softmax.SoftmaxSpec;

/**
 * A fitted softmax2 network with k outputs, the native multi-class model: its blocks held on
 * the driver (m (d + k) doubles). transform broadcasts them and evaluates F(x) row by row;
 * rawPrediction is the k outputs and prediction their argmax.
 */
final class SoftmaxNetwork implements Serializable {
  private static final long serialVersionUID = 1L;
  final SoftmaxSpec spec;
  final int inputDim;
  final transient List<SoftmaxBlock> blocks;
  private transient SoftmaxModelStore.Loaded evaluator;

  SoftmaxNetwork(SoftmaxSpec spec, int inputDim, List<SoftmaxBlock> blocks) {
    this.spec = spec;
    this.inputDim = inputDim;
    List<SoftmaxBlock> sorted = new ArrayList<>(blocks);
    sorted.sort(Comparator.comparingInt(SoftmaxBlock::blockId));
    this.blocks = List.copyOf(sorted);
  }

  int outputs() {
    return spec.outputs();
  }

  /** F(x): the k outputs for one row. */
  Vector outputs(Vector features) {
    double[] x = features.toArray();
    if (x.length != inputDim) {
      throw new IllegalArgumentException("features has " + x.length + " entries, the model "
          + "was trained on " + inputDim);
    }
    if (evaluator == null) {
      evaluator = new SoftmaxModelStore.Loaded(spec, inputDim, blocks, Map.of());
    }
    return Vectors.dense(evaluator.predict(x, 1));
  }

  /** The index of the largest output (the first of equals). */
  static double argmax(Vector raw) {
    return raw.argmax();
  }

  /** Appends rawPrediction (the k outputs) and prediction (their argmax); "" leaves one out. */
  Dataset<Row> transform(Dataset<?> df, String featuresCol, String rawCol, String predictionCol) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(df.sparkSession().sparkContext());
    Broadcast<ArrayList<SoftmaxBlock>> bc = jsc.broadcast(new ArrayList<>(blocks));
    UserDefinedFunction raw = functions.udf(new OutputsUdf(spec, inputDim, bc),
        SQLDataTypes.VectorType());
    UserDefinedFunction label = functions.udf((UDF1<Vector, Double>) v -> v == null ? null
        : argmax(v), DataTypes.DoubleType);
    String f = "__widenet_raw_" + java.util.UUID.randomUUID().toString().replace("-", "");
    Column outputs = raw.apply(functions.col(featuresCol));
    Dataset<Row> out = df.withColumn(f, outputs);
    if (!rawCol.isEmpty()) {
      out = out.withColumn(rawCol, functions.col(f));
    }
    if (!predictionCol.isEmpty()) {
      out = out.withColumn(predictionCol, label.apply(functions.col(f)));
    }
    return out.drop(f);
  }

  /** Evaluates the broadcast network, building it once per task. */
  private static final class OutputsUdf implements UDF1<Vector, Vector> {
    private static final long serialVersionUID = 1L;
    private final SoftmaxSpec spec;
    private final int d;
    private final Broadcast<ArrayList<SoftmaxBlock>> blocks;
    private transient SoftmaxNetwork network;

    OutputsUdf(SoftmaxSpec spec, int d, Broadcast<ArrayList<SoftmaxBlock>> blocks) {
      this.spec = spec;
      this.d = d;
      this.blocks = blocks;
    }

    @Override
    public Vector call(Vector v) {
      if (v == null) {
        return null;
      }
      if (network == null) {
        network = new SoftmaxNetwork(spec, d, blocks.value());
      }
      return network.outputs(v);
    }
  }
}

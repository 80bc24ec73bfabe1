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
import org.widenet.model.Block;
import org.widenet.smooth.SmoothBlock;
import org.widenet.smooth.SmoothModelStore;
import org.widenet.smooth.SmoothSpec;
import org.widenet.softmax.SoftmaxBlock;
import org.widenet.softmax.SoftmaxModelStore;
import org.widenet.softmax.SoftmaxSpec;

/**
 * A fitted network whose blocks are held on the driver (m (d + k) doubles): softmax2 (the
 * native multi-class classifier, k outputs) or smooth2 (a regressor, one output, or a
 * classifier, one one-vs-all output per class). transform
 * broadcasts the blocks and evaluates the outputs row by row; a classifier's rawPrediction is
 * the k outputs and its prediction their argmax, a regressor's prediction its output.
 */
final class HeldNetwork implements Serializable {
  private static final long serialVersionUID = 1L;
  /** A {@link SoftmaxSpec} or a {@link SmoothSpec}. */
  final Serializable spec;
  final int inputDim;
  final transient List<Block> blocks;
  private transient Evaluator evaluator;

  /** Outputs of one row. */
  private interface Evaluator {
    double[] outputs(double[] x);
  }

  HeldNetwork(Serializable spec, int inputDim, List<? extends Block> blocks) {
    if (!(spec instanceof SoftmaxSpec) && !(spec instanceof SmoothSpec)) {
      throw new IllegalArgumentException("not a softmax2 or smooth2 network: " + spec);
    }
    this.spec = spec;
    this.inputDim = inputDim;
    List<Block> sorted = new ArrayList<>(blocks);
    sorted.sort(Comparator.comparingInt(Block::blockId));
    this.blocks = List.copyOf(sorted);
  }

  int outputs() {
    return spec instanceof SoftmaxSpec s ? s.outputs() : ((SmoothSpec) spec).k();
  }

  /** The model param value of this network's family. */
  String family() {
    return spec instanceof SoftmaxSpec ? "softmax2" : SmoothSpec.NAME;
  }

  @SuppressWarnings("unchecked")
  private Evaluator evaluator() {
    if (evaluator == null) {
      List<?> held = blocks;
      evaluator = spec instanceof SoftmaxSpec s
          ? x -> new SoftmaxModelStore.Loaded(s, inputDim, (List<SoftmaxBlock>) held, Map.of())
              .predict(x, 1)
          : x -> new SmoothModelStore.Loaded((SmoothSpec) spec, (List<SmoothBlock>) held,
              Map.of()).predict(x, 1);
    }
    return evaluator;
  }

  /** F(x): the k outputs for one row. */
  Vector outputs(Vector features) {
    double[] x = features.toArray();
    if (x.length != inputDim) {
      throw new IllegalArgumentException("features has " + x.length + " entries, the model "
          + "was trained on " + inputDim);
    }
    return Vectors.dense(evaluator().outputs(x));
  }

  /** The index of the largest output (the first of equals). */
  static double argmax(Vector raw) {
    return raw.argmax();
  }

  /**
   * Appends a classifier's rawPrediction (the k outputs) and prediction (their argmax), or
   * (rawCol null) a regressor's prediction, its output times labelScale; a column named ""
   * is left out. The broadcast blocks are kept in {@code broadcasts}.
   */
  Dataset<Row> transform(Dataset<?> df, String featuresCol, String rawCol, String predictionCol,
      double labelScale, ModelBroadcasts broadcasts) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(df.sparkSession().sparkContext());
    Broadcast<ArrayList<Block>> bc = broadcasts.keep(jsc.broadcast(new ArrayList<>(blocks)));
    UserDefinedFunction raw = functions.udf(new OutputsUdf(spec, inputDim, bc),
        SQLDataTypes.VectorType());
    UserDefinedFunction label = rawCol == null
        ? functions.udf((UDF1<Vector, Double>) v -> v == null ? null : v.apply(0) * labelScale,
            DataTypes.DoubleType)
        : functions.udf((UDF1<Vector, Double>) v -> v == null ? null : argmax(v),
            DataTypes.DoubleType);
    String f = "__widenet_raw_" + java.util.UUID.randomUUID().toString().replace("-", "");
    Column outputs = raw.apply(functions.col(featuresCol));
    Dataset<Row> out = df.withColumn(f, outputs);
    if (rawCol != null && !rawCol.isEmpty()) {
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
    private final Serializable spec;
    private final int d;
    private final Broadcast<ArrayList<Block>> blocks;
    private transient HeldNetwork network;

    OutputsUdf(Serializable spec, int d, Broadcast<ArrayList<Block>> blocks) {
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
        network = new HeldNetwork(spec, d, blocks.value());
      }
      return network.outputs(v);
    }
  }
}

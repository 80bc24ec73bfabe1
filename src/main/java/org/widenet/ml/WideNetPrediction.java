package org.widenet.ml;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.widenet.model.NetworkSpec;
import org.widenet.model.NeuronBlock;
import org.widenet.spark.BlockPredictions;
import scala.Tuple2;

/**
 * How a fitted model computes f(x) for every row of a DataFrame. Two ways, chosen by size:
 * <ul>
 *   <li>Small models (m (d + 1) <= broadcastThreshold doubles): the weights are gathered once and
 *       broadcast to the rows; a UDF evaluates each row where it lies. Lazy, like any
 *       Spark transformer.</li>
 *   <li>Large models: the weights stay in their blocks. The rows are numbered, streamed to
 *       the driver in batches of features, each batch is broadcast to the blocks (one job per
 *       batch, partials summed in block order), and the outputs are joined back to the rows
 *       by number. Eager: transform runs these jobs before it returns.</li>
 * </ul>
 * Both keep every input column and append the output columns (a classifier's rawPrediction
 * is the Vector [-f, f], so Spark's argmax convention and OneVsRest read it).
 */
final class WideNetPrediction {
  /** Doubles of features per batch on the large path. */
  private static final int BATCH_DOUBLES = 1 << 22;

  private WideNetPrediction() {}

  /**
   * The fitted state transform needs.
   *
   * @param labelScale what a regressor's outputs are multiplied by (its scaleLabels factor; 1
   *     for classifiers)
   * @param broadcasts where the broadcasts a transform makes are kept, for the model's close
   */
  record State(JavaRDD<NeuronBlock> blocks, NetworkSpec spec, int inputDim, int fanIn,
      LabelEncoding encoding, double labelScale, ModelBroadcasts broadcasts) {}

  /** The outputs f of a network on a batch of rows x d inputs (column-major), on the driver. */
  @FunctionalInterface
  interface BatchOutputs {
    double[] on(JavaSparkContext jsc, double[] x, int rows);
  }

  /**
   * How outputs become the appended columns.
   *
   * @param inputDim d, the features every row must have
   * @param labelScale what a regressor's outputs are multiplied by (1 for classifiers)
   * @param broadcasts where the broadcast outputs are kept, for the model's close
   */
  record Labels(int inputDim, LabelEncoding encoding, double labelScale,
      ModelBroadcasts broadcasts) {}

  static boolean broadcastsWeights(State s, long threshold) {
    return s.spec().width() * (long) (s.inputDim() + 1) <= threshold;
  }

  /**
   * Appends the outputs: a regressor's prediction (rawCol null), or a classifier's
   * rawPrediction [-f, f] (a Vector) and prediction; a column named "" is left out.
   */
  static Dataset<Row> transform(Dataset<?> df, State s, WideNetParams p, String rawCol,
      StructType outSchema) {
    String features = p.getFeaturesCol();
    FrameData.requireVector(df.schema(), features);
    if (broadcastsWeights(s, p.getBroadcastThreshold())) {
      return small(df, s, p, rawCol);
    }
    return large(df, s, p, rawCol, outSchema);
  }

  /** The blocks gathered to the driver, in block order. */
  static List<NeuronBlock> blocksInOrder(JavaRDD<NeuronBlock> rdd) {
    List<NeuronBlock> blocks = new ArrayList<>(rdd.collect());
    blocks.sort(Comparator.comparingInt(NeuronBlock::blockId));
    return blocks;
  }

  private static Dataset<Row> small(Dataset<?> df, State s, WideNetParams p, String rawCol) {
    List<NeuronBlock> blocks = blocksInOrder(s.blocks());
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(df.sparkSession().sparkContext());
    Broadcast<double[]> bc = s.broadcasts().keep(jsc.broadcast(SmallNetwork.pack(s.spec(),
        s.inputDim(), blocks)));
    org.widenet.math.Activation activation = s.spec().family().activation();
    double scale = s.spec().outputScale();
    int d = s.inputDim();
    UserDefinedFunction raw = functions.udf(new NetworkUdf(activation, scale, d, bc),
        DataTypes.DoubleType);
    Column output = raw.apply(functions.col(p.getFeaturesCol()));
    String predictionCol = p.getPredictionCol();
    if (rawCol == null) {
      return predictionCol.isEmpty() ? df.toDF() : df.withColumn(predictionCol,
          s.labelScale() == 1.0 ? output : output.multiply(s.labelScale()));
    }
    LabelEncoding encoding = s.encoding();
    UserDefinedFunction label = functions.udf((UDF1<Double, Double>) f -> f == null ? null
        : encoding.label(f), DataTypes.DoubleType);
    UserDefinedFunction vector = functions.udf((UDF1<Double, Vector>) f -> f == null ? null
        : rawVector(f), SQLDataTypes.VectorType());
    String f = "__widenet_f_" + java.util.UUID.randomUUID().toString().replace("-", "");
    Dataset<Row> out = df.withColumn(f, output);
    if (!rawCol.isEmpty()) {
      out = out.withColumn(rawCol, vector.apply(functions.col(f)));
    }
    if (!predictionCol.isEmpty()) {
      out = out.withColumn(predictionCol, label.apply(functions.col(f)));
    }
    return out.drop(f);
  }

  /** A classifier's rawPrediction for the network output f: [-f, f]. */
  static Vector rawVector(double f) {
    return Vectors.dense(-f, f);
  }

  private static Dataset<Row> large(Dataset<?> df, State s, WideNetParams p, String rawCol,
      StructType outSchema) {
    return streamed(df, (jsc, x, rows) -> BlockPredictions.outputs(jsc, s.blocks(), s.spec(),
        x, rows, s.fanIn()), new Labels(s.inputDim(), s.encoding(), s.labelScale(),
        s.broadcasts()), p, rawCol, outSchema);
  }

  /**
   * The streaming path for any network whose outputs are computed batch by batch on the
   * driver's side (the large relu2/exp2 path, deep-last always): the rows are numbered,
   * streamed to the driver in batches of features, {@code outputs} computes each batch, and
   * the outputs are joined back to the rows by number. Eager.
   */
  static Dataset<Row> streamed(Dataset<?> df, BatchOutputs outputsOf, Labels s,
      WideNetParams p, String rawCol, StructType outSchema) {
    boolean classifier = rawCol != null;
    boolean withRaw = classifier && !rawCol.isEmpty();
    boolean withPrediction = !p.getPredictionCol().isEmpty();
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(df.sparkSession().sparkContext());
    int featureIndex = df.schema().fieldIndex(p.getFeaturesCol());
    int d = s.inputDim();
    JavaPairRDD<Row, Long> indexed = df.toDF().javaRDD().zipWithIndex()
        .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      long count = indexed.count();
      if (count > Integer.MAX_VALUE) {
        throw new IllegalArgumentException("transform of more than 2^31 rows on the "
            + "streaming path: raise broadcastThreshold or split the DataFrame");
      }
      int batch = Math.max(1, BATCH_DOUBLES / d);
      double[] outputs = new double[(int) count];
      Iterator<Tuple2<Long, double[]>> rows = indexed.map(t -> new Tuple2<>(t._2(),
          vectorAt(t._1(), featureIndex, d, t._2()))).toLocalIterator();
      double[] x = new double[batch * d];
      long[] ids = new long[batch];
      int filled = 0;
      while (rows.hasNext() || filled > 0) {
        if (rows.hasNext()) {
          Tuple2<Long, double[]> next = rows.next();
          double[] v = next._2();
          ids[filled] = next._1();
          for (int k = 0; k < d; k++) {
            x[filled + k * batch] = v[k];
          }
          filled++;
          if (filled < batch && rows.hasNext()) {
            continue;
          }
        }
        double[] packed = repack(x, batch, filled, d);
        double[] f = outputsOf.on(jsc, packed, filled);
        for (int i = 0; i < filled; i++) {
          outputs[(int) ids[i]] = f[i];
        }
        filled = 0;
      }
      Broadcast<double[]> bc = s.broadcasts().keep(jsc.broadcast(outputs));
      LabelEncoding encoding = s.encoding();
      double labelScale = s.labelScale();
      JavaRDD<Row> out = indexed.map(t -> {
        Row row = t._1();
        int width = row.length();
        Object[] values = new Object[width + (withRaw ? 1 : 0) + (withPrediction ? 1 : 0)];
        for (int i = 0; i < width; i++) {
          values[i] = row.get(i);
        }
        double f = bc.value()[(int) (long) t._2()];
        int at = width;
        if (withRaw) {
          values[at++] = rawVector(f);
        }
        if (withPrediction) {
          values[at] = classifier ? encoding.label(f) : labelScale == 1.0 ? f : f * labelScale;
        }
        return RowFactory.create(values);
      });
      Dataset<Row> result = df.sparkSession().createDataFrame(out, outSchema);
      result.persist(StorageLevel.MEMORY_AND_DISK()).count();
      return result;
    } finally {
      indexed.unpersist(false);
    }
  }

  /** Evaluates a broadcast small network, building it once per executor JVM and task. */
  private static final class NetworkUdf implements UDF1<Vector, Double> {
    private static final long serialVersionUID = 1L;
    private final org.widenet.math.Activation activation;
    private final double scale;
    private final int d;
    private final Broadcast<double[]> weights;
    private transient SmallNetwork network;

    NetworkUdf(org.widenet.math.Activation activation, double scale, int d,
        Broadcast<double[]> weights) {
      this.activation = activation;
      this.scale = scale;
      this.d = d;
      this.weights = weights;
    }

    @Override
    public Double call(Vector v) {
      if (v == null) {
        return null;
      }
      if (network == null) {
        network = new SmallNetwork(activation, scale, d, weights.value());
      }
      return network.output(v.toArray());
    }
  }

  private static double[] vectorAt(Row row, int index, int d, long rowNumber) {
    if (row.isNullAt(index)) {
      throw new IllegalArgumentException("row " + (rowNumber + 1) + ": null features");
    }
    double[] v = ((Vector) row.get(index)).toArray();
    if (v.length != d) {
      throw new IllegalArgumentException("row " + (rowNumber + 1) + ": features has "
          + v.length + " entries, the model was trained on " + d);
    }
    return v;
  }

  /** The first {@code rows} rows of a batch x batchSize buffer as a rows x d array. */
  private static double[] repack(double[] x, int batchSize, int rows, int d) {
    double[] out = new double[rows * d];
    for (int k = 0; k < d; k++) {
      System.arraycopy(x, k * batchSize, out, k * rows, rows);
    }
    return out;
  }

}

package org.widenet.softmax;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.widenet.model.BlockJob;
import org.widenet.model.DenseInputs;
import org.widenet.spark.MetadataFile;
import org.widenet.spark.ModelRows;
import org.widenet.spark.SavedMetadata;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Saves and loads a softmax2 network like {@link org.widenet.spark.ModelStore} does the scalar
 * families: {@code DIR/metadata.json} (format {@value #FORMAT}, version {@value #VERSION}: the
 * network, the block count and the caller's extra keys) plus {@code DIR/weights/}, Parquet with
 * one row per neuron (block, neuron, a: the k output signs, w: the d input weights), written by
 * the executors that hold the blocks. metadata.json names the family ("softmax2") under
 * {@value SavedMetadata#FAMILY}; models saved before that key load as {@link SavedMetadata}
 * infers. Never Java serialization.
 */
public final class SoftmaxModelStore {
  public static final String FORMAT = "widenet-softmax2";
  public static final String FAMILY = "softmax2";
  public static final int VERSION = 1;
  public static final String METADATA_FILE = MetadataFile.NAME;
  public static final String WEIGHTS_DIR = "weights";

  private static final StructType SCHEMA = new StructType()
      .add("block", DataTypes.IntegerType, false)
      .add("neuron", DataTypes.LongType, false)
      .add("a", SQLDataTypes.VectorType(), false)
      .add("w", SQLDataTypes.VectorType(), false);

  /** A loaded model: the network, its input dimension, its blocks and its metadata. */
  public record Loaded(SoftmaxSpec spec, int inputDim, List<SoftmaxBlock> blocks,
      Map<String, Object> metadata) {
    /** F(W, x) on rows x d inputs, rows x k output-major. */
    public double[] predict(double[] x, int rows) {
      return SoftmaxFit.predict(spec, blocks, x, rows);
    }
  }

  private SoftmaxModelStore() {}

  /**
   * Writes the blocks and the metadata under dir, which must not exist yet.
   *
   * @param extra more metadata keys (provenance, label scale, training options)
   */
  public static void save(SparkSession spark, JavaRDD<SoftmaxBlock> blocks, SoftmaxSpec spec,
      int d, int numBlocks, Map<String, Object> extra, String dir) {
    ModelRows.write(spark, blocks, SCHEMA, dir, WEIGHTS_DIR, (block, j) -> RowFactory.create(
        block.blockId(), block.firstNeuron() + j,
        ModelRows.slice(block.signs(), j, block.outputs()),
        ModelRows.slice(block.weights(), j, block.inputDim())));
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put("format", FORMAT);
    meta.put("format_version", VERSION);
    meta.put(SavedMetadata.FAMILY, FAMILY);
    meta.put("model", FAMILY);
    meta.put("width", spec.width());
    meta.put("outputs", spec.outputs());
    meta.put("input_dim", d);
    meta.put("init_scale", spec.sigma());
    meta.put("seed", spec.seed());
    meta.put("symmetric_init", spec.symmetric());
    meta.put("num_blocks", numBlocks);
    meta.putAll(extra);
    SavedMetadata.write(spark.sparkContext().hadoopConfiguration(), dir, meta);
  }

  /**
   * Reads a saved model onto the driver, with the checks of {@link #loadDistributed}.
   *
   * @throws IllegalArgumentException naming the directory when it is not a softmax2 model of
   *     a known format version, or is damaged
   */
  public static Loaded load(SparkSession spark, String dir) {
    Distributed model = loadDistributed(spark, dir);
    return new Loaded(model.spec(), model.inputDim(), ModelRows.collect(model.blocks()),
        model.metadata());
  }

  /** A saved model whose blocks stay on the executors (see {@link #loadDistributed}). */
  public record Distributed(SoftmaxSpec spec, int inputDim, JavaRDD<SoftmaxBlock> blocks,
      Map<String, Object> metadata) {
    /** F(W, x) on rows x d inputs, rows x k output-major, computed where the blocks live. */
    public double[] predict(SparkSession spark, double[] x, int rows) {
      if (x.length != (long) rows * inputDim) {
        throw new IllegalArgumentException("predict needs rows x d = " + rows + " x "
            + inputDim + " inputs, got " + x.length + " numbers");
      }
      BlockJob evaluate = (block, inputs, payload) -> {
        DenseInputs other = (DenseInputs) payload;
        return BlockSteps.evaluate((SoftmaxBlock) block, other.x(), other.rows());
      };
      SoftmaxPartial merged = (SoftmaxPartial) ModelRows.run(spark, blocks, evaluate,
          new DenseInputs(x, rows, inputDim));
      return Normalizers.of(merged, spec.width()).outputs();
    }
  }

  /**
   * Reads a saved model's weights into blocks on the executors, never collecting them to the
   * driver; the caller unpersists {@code blocks()}. The same checks as {@link #load}.
   */
  public static Distributed loadDistributed(SparkSession spark, String dir) {
    SavedMetadata saved = SavedMetadata.read(spark.sparkContext().hadoopConfiguration(), dir)
        .expect(VERSION, FAMILY);
    Map<String, Object> meta = saved.map();
    SoftmaxSpec spec = spec(meta);
    int d = saved.number("input_dim").intValue();
    int k = spec.outputs();
    int numBlocks = saved.number("num_blocks").intValue();
    JavaRDD<SoftmaxBlock> blocks = ModelRows.blocks(spark, dir, WEIGHTS_DIR, numBlocks,
        spec.width(), (id, first, neurons) -> {
          double[] w = new double[d * neurons.size()];
          double[] a = new double[k * neurons.size()];
          for (int j = 0; j < neurons.size(); j++) {
            double[] row = neurons.get(j);
            if (row.length != k + d) {
              throw new IllegalArgumentException("neuron " + (first + j) + " has "
                  + row.length + " signs and weights, expected " + k + " and " + d);
            }
            System.arraycopy(row, 0, a, j * k, k);
            System.arraycopy(row, k, w, j * d, d);
          }
          return SoftmaxBlock.restore(id, first, d, k, w, a);
        });
    return new Distributed(spec, d, blocks, meta);
  }

  /** The network a saved model's metadata describes. */
  public static SoftmaxSpec spec(Map<String, Object> meta) {
    return new SoftmaxSpec(((Number) meta.get("width")).intValue(),
        ((Number) meta.get("outputs")).intValue(), ((Number) meta.get("init_scale"))
        .doubleValue(), ((Number) meta.get("seed")).longValue(),
        (Boolean) meta.get("symmetric_init"));
  }
}

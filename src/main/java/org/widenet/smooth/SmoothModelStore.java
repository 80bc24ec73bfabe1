package org.widenet.smooth;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.widenet.model.DenseInputs;
import org.widenet.spark.MetadataFile;
import org.widenet.spark.ModelRows;
import org.widenet.spark.SavedMetadata;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Saves and loads a smooth2 network like {@link org.widenet.spark.ModelStore}: {@code
 * DIR/metadata.json} (family "smooth2", format version, the {@link SmoothSpec}, block count,
 * steps and provenance) plus {@code DIR/weights/}, Parquet with one row per neuron
 * (block, neuron, w = w_r, v = v_r) written by the executors that hold the blocks. Hadoop
 * paths; never Java serialization.
 */
public final class SmoothModelStore {
  public static final String FAMILY = "smooth2";
  public static final int FORMAT_VERSION = 1;
  public static final String METADATA_FILE = MetadataFile.NAME;
  public static final String WEIGHTS_DIR = "weights";

  private static final StructType SCHEMA = new StructType()
      .add("block", DataTypes.IntegerType, false)
      .add("neuron", DataTypes.LongType, false)
      .add("w", SQLDataTypes.VectorType(), false)
      .add("v", SQLDataTypes.VectorType(), false);

  private SmoothModelStore() {}

  /** A loaded model: its network and blocks (in block order), and its metadata. */
  public record Loaded(SmoothSpec spec, List<SmoothBlock> blocks, Map<String, Object> metadata) {
    /** Outputs on rows x d0 inputs: rows x k column-major. */
    public double[] predict(double[] x, int rows) {
      return new SmoothFit(spec, null, blocks).predict(x, rows);
    }
  }

  /**
   * Writes the blocks and metadata under dir (which must not exist yet).
   *
   * @param extra more metadata (provenance, label scale), written under its own keys
   */
  public static void save(SparkSession spark, JavaRDD<SmoothBlock> blocks, SmoothSpec spec,
      int numBlocks, int steps, Map<String, Object> extra, String dir) {
    int d0 = spec.d0();
    int k = spec.k();
    ModelRows.write(spark, blocks, SCHEMA, dir, WEIGHTS_DIR, (block, j) -> RowFactory.create(
        block.blockId(), block.firstNeuron() + j, ModelRows.slice(block.w(), j, d0),
        ModelRows.slice(block.v(), j, k)));
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put(SavedMetadata.FAMILY, FAMILY);
    meta.put("format_version", FORMAT_VERSION);
    meta.put("activation", spec.activation().cliName());
    meta.put("input_dim", d0);
    meta.put("width", spec.width());
    meta.put("outputs", k);
    meta.put("omega1", spec.omega1());
    meta.put("omega2", spec.omega2());
    meta.put("seed", spec.seed());
    meta.put("num_blocks", numBlocks);
    meta.put("steps", steps);
    meta.putAll(extra);
    SavedMetadata.write(spark.sparkContext().hadoopConfiguration(), dir, meta);
  }

  /** Reads a saved model to the driver, with the checks of {@link #loadDistributed}. */
  public static Loaded load(SparkSession spark, String dir) {
    Distributed model = loadDistributed(spark, dir);
    return new Loaded(model.spec(), ModelRows.collect(model.blocks()), model.metadata());
  }

  /** A saved model whose blocks stay on the executors (see {@link #loadDistributed}). */
  public record Distributed(SmoothSpec spec, JavaRDD<SmoothBlock> blocks,
      Map<String, Object> metadata) {
    /** Outputs on rows x d0 inputs, rows x k column-major, computed where the blocks live. */
    public double[] predict(SparkSession spark, double[] x, int rows) {
      if (x.length != (long) rows * spec.d0()) {
        throw new IllegalArgumentException("predict needs rows x d0 = " + rows + " x "
            + spec.d0() + " inputs, got " + x.length + " numbers");
      }
      return ((SmoothPartial) ModelRows.run(spark, blocks, new SmoothOutputs(spec),
          new DenseInputs(x, rows, spec.d0()))).outputs();
    }
  }

  /**
   * Reads a saved model's weights into blocks on the executors, never collecting them to the
   * driver; the caller unpersists {@code blocks()}. The same checks as {@link #load}.
   */
  public static Distributed loadDistributed(SparkSession spark, String dir) {
    SavedMetadata saved = SavedMetadata.read(spark.sparkContext().hadoopConfiguration(), dir)
        .expect(FORMAT_VERSION, FAMILY);
    Map<String, Object> meta = saved.map();
    SmoothSpec spec = spec(saved);
    int steps = saved.number("steps").intValue();
    int numBlocks = saved.number("num_blocks").intValue();
    int d0 = spec.d0();
    int k = spec.k();
    JavaRDD<SmoothBlock> blocks = ModelRows.blocks(spark, dir, WEIGHTS_DIR, numBlocks,
        spec.width(), (id, first, neurons) -> {
          double[] w = new double[d0 * neurons.size()];
          double[] v = new double[k * neurons.size()];
          for (int j = 0; j < neurons.size(); j++) {
            double[] row = neurons.get(j);
            if (row.length != d0 + k) {
              throw new IllegalArgumentException("neuron " + (first + j) + " has " + row.length
                  + " weights, expected " + d0 + " + " + k);
            }
            System.arraycopy(row, 0, w, j * d0, d0);
            System.arraycopy(row, d0, v, j * k, k);
          }
          return SmoothBlock.restore(spec, id, first, steps, w, v);
        });
    return new Distributed(spec, blocks, meta);
  }

  private static SmoothSpec spec(SavedMetadata meta) {
    return new SmoothSpec(SmoothActivation.parse(String.valueOf(meta.map().get("activation"))),
        meta.number("input_dim").intValue(), meta.number("width").longValue(),
        meta.number("outputs").intValue(), meta.number("omega1").doubleValue(),
        meta.number("omega2").doubleValue(), meta.number("seed").longValue());
  }
}

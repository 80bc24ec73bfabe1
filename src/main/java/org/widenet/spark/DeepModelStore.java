package org.widenet.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.widenet.deep.DeepActivation;
import org.widenet.deep.DeepBlock;
import org.widenet.deep.DeepFamily;
import org.widenet.deep.DeepSavedBlock;
import org.widenet.deep.DeepSpec;
import org.widenet.deep.LayerPass;
import org.widenet.deep.SparseColumns;

/**
 * Saves and loads a trained deep-last network (docs/models/deep-last.md, Predicting). The
 * trained last layer is W_L(t) = W_L(0) + C V^T with V the frozen layers' outputs on the
 * training points, so a model is
 * <ul>
 *   <li>{@code DIR/metadata.json}: format, family, every {@link DeepSpec} field (the seed
 *       regenerates W_1..W_L(0) and a), n, d, block count, iterations, label scale;
 *   <li>{@code DIR/coefficients/}: Parquet, one row per neuron r (block, neuron, a = a_r,
 *       c = row r of C, a vector of length n), written by the executors holding the blocks;
 *   <li>{@code DIR/inputs/}: Parquet, one row per training point (row, x), from which V is
 *       recomputed (deterministically) with the seed.
 * </ul>
 * Hadoop FileSystem paths; never Java serialization. An existing directory is never
 * overwritten. Loading keeps the blocks on the executors and checks them against the metadata:
 * a damaged model fails with a message naming its directory.
 */
public final class DeepModelStore {
  public static final String FORMAT = "widenet-deep-last-model";
  public static final int FORMAT_VERSION = 1;
  public static final String COEFFICIENTS_DIR = "coefficients";
  public static final String INPUTS_DIR = "inputs";

  static final StructType COEFFICIENTS = new StructType()
      .add("block", DataTypes.IntegerType, false)
      .add("neuron", DataTypes.LongType, false)
      .add("a", DataTypes.DoubleType, false)
      .add("c", SQLDataTypes.VectorType(), false);

  static final StructType INPUTS = new StructType()
      .add("row", DataTypes.IntegerType, false)
      .add("x", SQLDataTypes.VectorType(), false);

  private DeepModelStore() {}

  /**
   * A loaded model: the network, its metadata, the frozen layers' outputs V on the training
   * points (recomputed from the saved inputs) and the blocks, persisted on the executors until
   * {@link #close}.
   */
  public record Loaded(DeepSpec spec, Map<String, Object> metadata, int numBlocks,
      double labelScale, SparseColumns v, JavaRDD<DeepSavedBlock> blocks)
      implements AutoCloseable {
    /** Outputs on rows x d inputs (column-major), in the units the model was trained in. */
    public double[] predict(JavaSparkContext jsc, double[] x, int rows) {
      return DeepPredictions.outputs(jsc, spec, numBlocks, blocks, v, x, rows);
    }

    @Override
    public void close() {
      blocks.unpersist(false);
    }
  }

  /**
   * Writes the blocks, the training inputs and the metadata under dir, which must not exist.
   *
   * @param x the training inputs, n x d column-major
   * @param extra more metadata (provenance, settings), under its own keys
   */
  public static void save(SparkSession spark, JavaRDD<DeepBlock> blocks, DeepSpec spec,
      int numBlocks, int iterations, double[] x, int n, double labelScale,
      Map<String, Object> extra, String dir) {
    saveBlocks(spark, blocks.map(DeepSavedBlock::of), spec, numBlocks, iterations, x, n,
        labelScale, extra, dir);
  }

  /**
   * {@link #save} from the saved part of the blocks (a loaded model's, or a trained one's
   * through {@link DeepSavedBlock#of}), so a model can be saved again after it was loaded.
   */
  public static void saveBlocks(SparkSession spark, JavaRDD<DeepSavedBlock> blocks,
      DeepSpec spec, int numBlocks, int iterations, double[] x, int n, double labelScale,
      Map<String, Object> extra, String dir) {
    Path root = new Path(dir);
    try {
      FileSystem fs = root.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (fs.exists(root)) {
        throw new IllegalArgumentException("model directory " + dir + " exists; widenet "
            + "never overwrites a saved model");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot check " + dir, e);
    }
    int d = spec.inputDim();
    if (x.length != (long) n * d) {
      throw new IllegalArgumentException("the training inputs must be " + n + " x " + d
          + ", got " + x.length + " numbers");
    }
    ModelRows.write(spark, blocks, COEFFICIENTS, dir, COEFFICIENTS_DIR, (block, r) -> {
      int count = block.count();
      double[] c = block.coefficients();
      double[] row = new double[block.points()];
      for (int i = 0; i < row.length; i++) {
        row[i] = c[r + i * count];
      }
      return RowFactory.create(block.blockId(), block.firstNeuron() + r, block.signs()[r],
          new DenseVector(row));
    });
    List<Row> points = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      double[] xi = new double[d];
      for (int k = 0; k < d; k++) {
        xi[k] = x[i + k * n];
      }
      points.add(RowFactory.create(i, new DenseVector(xi)));
    }
    spark.createDataFrame(points, INPUTS).write().parquet(new Path(root, INPUTS_DIR).toString());
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put("format", FORMAT);
    meta.put("format_version", FORMAT_VERSION);
    meta.put(SavedMetadata.FAMILY, DeepFamily.NAME);
    meta.put("input_dim", d);
    meta.put("width", spec.width());
    meta.put("depth", spec.depth());
    meta.put("threshold", spec.threshold());
    meta.put("alpha", spec.alpha());
    meta.put("activation", spec.activation().cliName());
    meta.put("seed", spec.seed());
    meta.put("n", n);
    meta.put("num_blocks", numBlocks);
    meta.put("iterations", iterations);
    meta.put("label_scale", labelScale);
    meta.putAll(extra);
    SavedMetadata.write(spark.sparkContext().hadoopConfiguration(), dir, meta);
  }

  /**
   * The network a saved model holds, from its metadata alone (no Spark needed).
   *
   * @throws IllegalArgumentException for a directory without a readable deep-last metadata.json
   */
  public static DeepSpec readSpec(Configuration conf, String dir) {
    return spec(metadata(conf, dir), dir);
  }

  /** metadata.json, checked to be a deep-last model's of a format version this code reads. */
  static SavedMetadata metadata(Configuration conf, String dir) {
    return SavedMetadata.read(conf, dir).expect(FORMAT_VERSION, DeepFamily.NAME);
  }

  /** The network a metadata map describes. */
  static DeepSpec spec(SavedMetadata meta, String dir) {
    int d = meta.number("input_dim").intValue();
    int width = meta.number("width").intValue();
    int depth = meta.number("depth").intValue();
    double threshold = meta.number("threshold").doubleValue();
    long seed = meta.number("seed").longValue();
    try {
      return new DeepSpec(d, width, depth, threshold, seed,
          DeepActivation.parse(String.valueOf(meta.map().get("activation"))));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("model " + dir + " is damaged: metadata.json: "
          + e.getMessage(), e);
    }
  }

  /**
   * Loads a model with its blocks in one partition each (as they were trained).
   *
   * @throws IllegalArgumentException for a directory that holds no deep-last model or a
   *     damaged one, naming the directory
   */
  public static Loaded load(SparkSession spark, String dir) {
    return load(spark, dir, 0);
  }

  /**
   * @param partitions partitions to group the blocks into; 0 for one per block
   */
  public static Loaded load(SparkSession spark, String dir, int partitions) {
    SavedMetadata meta = metadata(spark.sparkContext().hadoopConfiguration(), dir);
    DeepSpec spec = spec(meta, dir);
    int n = meta.number("n").intValue();
    int numBlocks = meta.number("num_blocks").intValue();
    int iterations = meta.number("iterations").intValue();
    double labelScale = meta.map().containsKey("label_scale")
        ? meta.number("label_scale").doubleValue() : 1.0;
    if (n < 1 || numBlocks < 1 || numBlocks > spec.width()) {
      throw new IllegalArgumentException("model " + dir + " is damaged: metadata.json says n = "
          + n + " and " + numBlocks + " blocks for width " + spec.width());
    }
    double[] x = loadInputs(spark, dir, n, spec.inputDim());
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    SparseColumns v = SparkLayerJobs.run(jsc, spec, numBlocks,
        LayerPass.inputs(n, spec.inputDim(), x)).v();
    JavaRDD<DeepSavedBlock> blocks = loadBlocks(spark, dir, spec, n, numBlocks, iterations,
        partitions > 0 ? partitions : numBlocks);
    return new Loaded(spec, meta.map(), numBlocks, labelScale, v, blocks);
  }

  /**
   * The training inputs a saved model holds (n x d column-major, checked row by row), which a
   * caller needs to save the loaded model again.
   */
  public static double[] inputs(SparkSession spark, String dir) {
    SavedMetadata meta = metadata(spark.sparkContext().hadoopConfiguration(), dir);
    return loadInputs(spark, dir, meta.number("n").intValue(),
        meta.number("input_dim").intValue());
  }

  /** The saved training inputs, n x d column-major, checked row by row. */
  private static double[] loadInputs(SparkSession spark, String dir, int n, int d) {
    List<Row> rows = read(spark, dir, INPUTS_DIR).collectAsList();
    double[] x = new double[Math.multiplyExact(n, d)];
    boolean[] seen = new boolean[n];
    for (Row row : rows) {
      int i = row.getInt(0);
      double[] xi = ((Vector) row.get(1)).toArray();
      if (i < 0 || i >= n || seen[i]) {
        throw new IllegalArgumentException("model " + dir + " is damaged: inputs/ holds row "
            + i + " twice or out of range (n = " + n + ")");
      }
      if (xi.length != d) {
        throw new IllegalArgumentException("model " + dir + " is damaged: input row " + i
            + " has " + xi.length + " features, input_dim is " + d);
      }
      seen[i] = true;
      for (int k = 0; k < d; k++) {
        x[i + k * n] = xi[k];
      }
    }
    if (rows.size() != n) {
      throw new IllegalArgumentException("model " + dir + " is damaged: inputs/ holds "
          + rows.size() + " rows, metadata.json says n = " + n);
    }
    return x;
  }

  /**
   * The blocks on the executors, grouped by block id, each checked (neurons contiguous, every
   * c of length n), then all checked together against the metadata ({@link ModelRows}).
   */
  private static JavaRDD<DeepSavedBlock> loadBlocks(SparkSession spark, String dir,
      DeepSpec spec, int n, int numBlocks, int iterations, int partitions) {
    return ModelRows.blocks(spark, dir, COEFFICIENTS_DIR, numBlocks, spec.width(), partitions,
        (id, first, neurons) -> {
          int count = neurons.size();
          double[] a = new double[count];
          double[] c = new double[Math.multiplyExact(count, n)];
          for (int r = 0; r < count; r++) {
            double[] row = neurons.get(r);
            if (row.length != n + 1) {
              throw new IllegalArgumentException("neuron " + (first + r) + " has "
                  + (row.length - 1) + " coefficients, n is " + n);
            }
            a[r] = row[0];
            for (int i = 0; i < n; i++) {
              c[r + i * count] = row[1 + i];
            }
          }
          return new DeepSavedBlock(id, first, count, n, iterations, a, c);
        });
  }

  private static Dataset<Row> read(SparkSession spark, String dir, String part) {
    try {
      return spark.read().parquet(new Path(dir, part).toString());
    } catch (Exception e) { // AnalysisException (e.g. PATH_NOT_FOUND) is a checked Exception
      throw new IllegalArgumentException("model " + dir + " is damaged: cannot read " + part
          + "/: " + e.getMessage().lines().findFirst().orElse(""), e);
    }
  }
}

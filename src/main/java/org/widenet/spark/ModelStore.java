package org.widenet.spark;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.widenet.model.ModelMetadata;
import org.widenet.model.NeuronBlock;

/**
 * Saves and loads a trained network as {@code DIR/metadata.json} plus {@code DIR/weights/}:
 * Parquet with one row per neuron (block, neuron, a, w) and one file per neuron block, written
 * by the executors that hold the blocks. Paths go through Hadoop's FileSystem, so local, HDFS
 * and object-store paths all work. Never Java serialization.
 */
public final class ModelStore {
  public static final String METADATA_FILE = "metadata.json";
  public static final String WEIGHTS_DIR = "weights";

  private static final StructType SCHEMA = new StructType()
      .add("block", DataTypes.IntegerType, false)
      .add("neuron", DataTypes.LongType, false)
      .add("a", DataTypes.DoubleType, false)
      .add("w", SQLDataTypes.VectorType(), false);

  private ModelStore() {}

  /** Writes the blocks and their metadata under dir, which must not exist yet. */
  public static void save(SparkSession spark, JavaRDD<NeuronBlock> blocks,
      ModelMetadata metadata, String dir) {
    JavaRDD<Row> rows = blocks.flatMap(block -> {
      List<Row> out = new ArrayList<>(block.count());
      int d = block.inputDim();
      double[] w = block.weights();
      for (int j = 0; j < block.count(); j++) {
        double[] column = new double[d];
        System.arraycopy(w, j * d, column, 0, d);
        out.add(RowFactory.create(block.blockId(), block.firstNeuron() + j,
            block.outputWeights()[j], new DenseVector(column)));
      }
      return out.iterator();
    });
    spark.createDataFrame(rows, SCHEMA).write().parquet(new Path(dir, WEIGHTS_DIR).toString());
    writeJson(spark, new Path(dir, METADATA_FILE), metadata.toMap());
  }

  /** Reads a saved model's metadata. */
  public static ModelMetadata loadMetadata(SparkSession spark, String dir) {
    return ModelMetadata.fromMap(readJson(spark.sparkContext().hadoopConfiguration(),
        new Path(dir, METADATA_FILE)));
  }

  /** A model's metadata.json (or any JSON object file) as a map, through Hadoop's FileSystem. */
  static Map<String, Object> readJson(Configuration conf, Path path) {
    try {
      FileSystem fs = path.getFileSystem(conf);
      try (InputStream in = fs.open(path)) {
        @SuppressWarnings("unchecked")
        Map<String, Object> map = new ObjectMapper().readValue(in, Map.class);
        return map;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read model metadata " + path, e);
    }
  }

  /** Reads a saved model's weights back into blocks, collected to the driver, in block order. */
  public static List<NeuronBlock> loadBlocks(SparkSession spark, String dir) {
    ModelMetadata meta = loadMetadata(spark, dir);
    Dataset<Row> rows = spark.read().parquet(new Path(dir, WEIGHTS_DIR).toString())
        .orderBy("neuron");
    int d = meta.inputDim();
    List<NeuronBlock> blocks = new ArrayList<>();
    List<double[]> columns = new ArrayList<>();
    List<Double> signs = new ArrayList<>();
    int currentBlock = -1;
    long first = 0;
    for (Row row : rows.collectAsList()) {
      int block = row.getInt(0);
      if (block != currentBlock && currentBlock >= 0) {
        blocks.add(toBlock(currentBlock, first, d, meta.iterations(), columns, signs));
        columns.clear();
        signs.clear();
      }
      if (block != currentBlock) {
        currentBlock = block;
        first = row.getLong(1);
      }
      signs.add(row.getDouble(2));
      columns.add(((Vector) row.get(3)).toArray());
    }
    if (currentBlock >= 0) {
      blocks.add(toBlock(currentBlock, first, d, meta.iterations(), columns, signs));
    }
    return blocks;
  }

  /**
   * Reads a saved model's weights into an RDD of blocks on the executors (no driver
   * collect), one partition per block, and checks them against the metadata: every block
   * present, every neuron once, every weight vector of length input_dim. A damaged model
   * fails here with a message naming the directory, never loads as a wrong model.
   */
  public static JavaRDD<NeuronBlock> loadBlocksDistributed(SparkSession spark, String dir,
      ModelMetadata meta) {
    int d = meta.inputDim();
    int steps = meta.iterations();
    return ModelRows.blocks(spark, dir, new Path(dir, WEIGHTS_DIR).toString(), meta.numBlocks(),
        meta.network().width(), (id, first, neurons) -> {
          double[] w = new double[neurons.size() * d];
          double[] a = new double[neurons.size()];
          for (int j = 0; j < neurons.size(); j++) {
            double[] row = neurons.get(j);
            if (row.length != d + 1) {
              throw new IllegalArgumentException("neuron " + (first + j) + " has "
                  + (row.length - 1) + " weights, input_dim is " + d);
            }
            a[j] = row[0];
            System.arraycopy(row, 1, w, j * d, d);
          }
          return NeuronBlock.restore(id, first, d, steps, w, a);
        });
  }

  private static NeuronBlock toBlock(int id, long first, int d, int steps, List<double[]> columns,
      List<Double> signs) {
    double[] w = new double[d * columns.size()];
    double[] a = new double[columns.size()];
    for (int j = 0; j < columns.size(); j++) {
      System.arraycopy(columns.get(j), 0, w, j * d, d);
      a[j] = signs.get(j);
    }
    return NeuronBlock.restore(id, first, d, steps, w, a);
  }

  /** Writes map as indented JSON to path, which must not exist yet. */
  static void writeJson(SparkSession spark, Path path, Map<String, Object> map) {
    try {
      FileSystem fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
      try (OutputStream out = fs.create(path, false)) {
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out, map);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + path, e);
    }
  }
}

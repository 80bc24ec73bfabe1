package org.widenet.spark;

import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.widenet.model.ModelMetadata;
import org.widenet.model.NeuronBlock;

/**
 * Saves and loads a trained relu2 or exp2 network as {@code DIR/metadata.json} (naming its
 * family, see {@link SavedMetadata}) plus {@code DIR/weights/}:
 * Parquet with one row per neuron (block, neuron, a, w) and one file per neuron block, written
 * by the executors that hold the blocks. Paths go through Hadoop's FileSystem, so local, HDFS
 * and object-store paths all work. Never Java serialization.
 */
public final class ModelStore {
  public static final String METADATA_FILE = MetadataFile.NAME;
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
    ModelRows.write(spark, blocks, SCHEMA, dir, WEIGHTS_DIR, (block, j) -> RowFactory.create(
        block.blockId(), block.firstNeuron() + j, block.outputWeights()[j],
        ModelRows.slice(block.weights(), j, block.inputDim())));
    SavedMetadata.write(spark.sparkContext().hadoopConfiguration(), dir, metadata.toMap());
  }

  /**
   * Reads a saved relu2 or exp2 model's metadata.
   *
   * @throws IllegalArgumentException naming the directory when it holds no such model of a
   *     format version this widenet reads, or its metadata is damaged
   */
  public static ModelMetadata loadMetadata(SparkSession spark, String dir) {
    SavedMetadata meta = SavedMetadata.read(spark.sparkContext().hadoopConfiguration(), dir)
        .expect(ModelMetadata.FORMAT_VERSION, "relu2", "exp2");
    try {
      return ModelMetadata.fromMap(meta.map());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("model " + dir + " is damaged: " + e.getMessage(), e);
    }
  }

  /**
   * Reads a saved model's weights back into blocks, collected to the driver, in block order,
   * with the checks of {@link #loadBlocksDistributed}.
   */
  public static List<NeuronBlock> loadBlocks(SparkSession spark, String dir) {
    return ModelRows.collect(loadBlocksDistributed(spark, dir, loadMetadata(spark, dir)));
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
    return ModelRows.blocks(spark, dir, WEIGHTS_DIR, meta.numBlocks(),
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
}

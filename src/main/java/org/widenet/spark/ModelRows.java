package org.widenet.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.apache.hadoop.fs.Path;
import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.widenet.model.Block;
import org.widenet.model.BlockJob;
import org.widenet.model.Share;
import org.widenet.train.OrderedSum;
import scala.Tuple2;

/**
 * A saved model's weights read into blocks on the executors, never collected to the driver,
 * and read-only jobs run on them there. The Parquet rows are (block, neuron, value, ...), each
 * value a number or a vector: each neuron's values, concatenated, go to the family's {@link
 * Codec}, grouped by block, in neuron
 * order. A damaged model (a neuron missing or out of place, a block missing, a row of the wrong
 * length) fails naming the model's directory.
 */
public final class ModelRows {

  /** How a family builds one block from its neurons' concatenated row vectors. */
  @FunctionalInterface
  public interface Codec<B extends Block> extends Serializable {
    /**
     * @param neurons each neuron's vectors concatenated, in neuron order from {@code first}
     * @throws IllegalArgumentException when a neuron's row has the wrong length
     */
    B build(int blockId, long first, List<double[]> neurons);
  }

  /** How a family writes one neuron of a block as a Parquet row (block, neuron, values...). */
  @FunctionalInterface
  public interface Encoder<B extends Block> extends Serializable {
    /** @param j the neuron's index inside the block, 0..count-1 */
    Row row(B block, int j);
  }

  private ModelRows() {}

  /**
   * Writes one row per neuron of every block to {@code dir/part}, as Parquet, by the executors
   * that hold the blocks (nothing is collected to the driver). Fails if the directory exists:
   * a saved model is never overwritten.
   */
  public static <B extends Block> void write(SparkSession spark, JavaRDD<B> blocks,
      StructType schema, String dir, String part, Encoder<B> encoder) {
    JavaRDD<Row> rows = blocks.flatMap(block -> {
      List<Row> out = new ArrayList<>(block.count());
      for (int j = 0; j < block.count(); j++) {
        out.add(encoder.row(block, j));
      }
      return out.iterator();
    });
    spark.createDataFrame(rows, schema).write().parquet(new Path(dir, part).toString());
  }

  /**
   * Collects a loaded model's blocks (from {@link #blocks}) to the driver, in block order, and
   * unpersists them on the executors.
   */
  public static <B extends Block> List<B> collect(JavaRDD<B> blocks) {
    try {
      List<B> out = new ArrayList<>(blocks.collect());
      out.sort(Comparator.comparingInt(Block::blockId));
      return out;
    } finally {
      blocks.unpersist(false);
    }
  }

  /** Neuron j's {@code length} values of a neuron-major array, as a Parquet vector. */
  public static DenseVector slice(double[] values, int j, int length) {
    return new DenseVector(Arrays.copyOfRange(values, j * length, (j + 1) * length));
  }

  /**
   * The blocks of the model under {@code dir}, one partition each, persisted (the caller
   * unpersists), checked against the metadata's block count and width.
   *
   * @param part the Parquet directory of the rows, under dir
   */
  public static <B extends Block> JavaRDD<B> blocks(SparkSession spark, String dir, String part,
      int numBlocks, long width, Codec<B> codec) {
    return blocks(spark, dir, part, numBlocks, width, numBlocks, codec);
  }

  /**
   * The blocks of the model under {@code dir} grouped into {@code partitions} partitions,
   * persisted (the caller unpersists), each checked by the codec, then all checked together
   * against the metadata: block ids 0..P-1 covering neurons 0..width-1 in order.
   *
   * @param part the Parquet directory of the rows, under dir
   * @throws IllegalArgumentException "model DIR is damaged: ..." for a damaged model
   */
  public static <B extends Block> JavaRDD<B> blocks(SparkSession spark, String dir, String part,
      int numBlocks, long width, int partitions, Codec<B> codec) {
    Dataset<Row> rows;
    try {
      rows = spark.read().parquet(new Path(dir, part).toString());
    } catch (Exception e) { // AnalysisException (e.g. PATH_NOT_FOUND) is a checked Exception
      throw new IllegalArgumentException("model " + dir + " is damaged: cannot read " + part
          + "/: " + e.getMessage().lines().findFirst().orElse(""), e);
    }
    JavaRDD<B> blocks = rows.javaRDD()
        .mapToPair(r -> new Tuple2<>(r.getInt(0), new Tuple2<>(r.getLong(1), concat(r))))
        .groupByKey(new HashPartitioner(Math.max(1, partitions)))
        .map(group -> {
          List<Tuple2<Long, double[]>> neurons = new ArrayList<>();
          group._2().forEach(neurons::add);
          neurons.sort(Comparator.comparing(Tuple2::_1));
          long first = neurons.get(0)._1();
          List<double[]> values = new ArrayList<>(neurons.size());
          for (int j = 0; j < neurons.size(); j++) {
            if (neurons.get(j)._1() != first + j) {
              throw new IllegalArgumentException("model " + dir + " is damaged: block "
                  + group._1() + " misses neuron " + (first + j));
            }
            values.add(neurons.get(j)._2());
          }
          try {
            return codec.build(group._1(), first, values);
          } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("model " + dir + " is damaged: " + e.getMessage(),
                e);
          }
        });
    blocks.persist(StorageLevel.MEMORY_AND_DISK());
    List<long[]> extents;
    try {
      extents = new ArrayList<>(blocks.map(b -> new long[] {b.blockId(), b.firstNeuron(),
          b.count()}).collect());
    } catch (Exception e) { // a damaged row fails its task (SparkException, thrown undeclared)
      blocks.unpersist(false);
      throw damage(e, dir);
    }
    extents.sort(Comparator.comparingLong(e -> e[0]));
    long next = 0;
    for (int b = 0; b < extents.size(); b++) {
      long[] e = extents.get(b);
      if (e[0] != b || e[1] != next) {
        blocks.unpersist(false);
        throw new IllegalArgumentException("model " + dir + " is damaged: " + part
            + "/ misses block " + Math.min(b, e[0]) + " (or neurons before " + e[1] + ")");
      }
      next += e[2];
    }
    if (extents.size() != numBlocks || next != width) {
      blocks.unpersist(false);
      throw new IllegalArgumentException("model " + dir + " is damaged: " + part + "/ holds "
          + extents.size() + " blocks and " + next + " neurons, metadata.json says "
          + numBlocks + " and " + width);
    }
    return blocks.setName(part + "@" + dir);
  }

  /**
   * The damaged-model error a task threw, found in a failed job's cause chain or message (up
   * to the end of its line), as an exception on the driver; any other failure as it was.
   */
  static RuntimeException damage(Exception failure, String dir) {
    String marker = "model " + dir + " is damaged";
    int depth = 0;
    for (Throwable t = failure; t != null && depth < 32; t = t.getCause(), depth++) {
      String message = t.getMessage();
      int at = message == null ? -1 : message.indexOf(marker);
      if (at >= 0) {
        int end = message.indexOf('\n', at);
        return new IllegalArgumentException(end < 0 ? message.substring(at)
            : message.substring(at, end), failure);
      }
    }
    return failure instanceof RuntimeException r ? r
        : new IllegalStateException(failure.getMessage(), failure);
  }

  /**
   * A read-only job run where the blocks live, its shares merged in block order as the
   * engines merge them.
   *
   * @param payload broadcast once
   */
  public static Share run(SparkSession spark, JavaRDD<? extends Block> blocks, BlockJob job,
      Object payload) {
    Broadcast<Object> shared = new org.apache.spark.api.java.JavaSparkContext(
        spark.sparkContext()).broadcast(payload);
    try {
      List<Share> shares = new ArrayList<>(blocks.map(b -> job.run(b, null, shared.value()))
          .collect());
      shares.sort(Comparator.comparingInt(Share::firstBlock));
      return OrderedSum.grouped(shares, OrderedSum.DEFAULT_FAN_IN);
    } finally {
      shared.destroy();
    }
  }

  /** The row's columns from the third on, numbers and vectors, one after another. */
  private static double[] concat(Row r) {
    int length = 0;
    for (int c = 2; c < r.size(); c++) {
      length += r.get(c) instanceof Vector v ? v.size() : 1;
    }
    double[] out = new double[length];
    int at = 0;
    for (int c = 2; c < r.size(); c++) {
      if (r.get(c) instanceof Vector vector) {
        double[] v = vector.toArray();
        System.arraycopy(v, 0, out, at, v.length);
        at += v.length;
      } else {
        out[at++] = r.getDouble(c);
      }
    }
    return out;
  }
}

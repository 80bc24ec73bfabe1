package org.widenet.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
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

  private ModelRows() {}

  /**
   * The blocks of the model under {@code dir}, one partition each, persisted (the caller
   * unpersists), checked against the metadata's block count and width.
   *
   * @param weights the Parquet directory of the rows
   */
  public static <B extends Block> JavaRDD<B> blocks(SparkSession spark, String dir,
      String weights, int numBlocks, long width, Codec<B> codec) {
    Dataset<Row> rows;
    try {
      rows = spark.read().parquet(weights);
    } catch (Exception e) { // AnalysisException (e.g. PATH_NOT_FOUND) is a checked Exception
      throw new IllegalArgumentException("model " + dir + ": cannot read its weights: "
          + e.getMessage(), e);
    }
    JavaRDD<B> blocks = rows.javaRDD()
        .mapToPair(r -> new Tuple2<>(r.getInt(0), new Tuple2<>(r.getLong(1), concat(r))))
        .groupByKey(new HashPartitioner(Math.max(1, numBlocks)))
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
      extents = blocks.map(b -> new long[] {b.blockId(), b.count()}).collect();
    } catch (RuntimeException e) { // a damaged row fails its task: cache nothing
      blocks.unpersist(false);
      throw e;
    }
    long neurons = 0;
    for (long[] e : extents) {
      neurons += e[1];
    }
    if (extents.size() != numBlocks || neurons != width) {
      blocks.unpersist(false);
      throw new IllegalArgumentException("model " + dir + " is damaged: its weights hold "
          + extents.size() + " blocks and " + neurons + " neurons, metadata.json says "
          + numBlocks + " and " + width);
    }
    return blocks.setName("neuronBlocks@" + dir);
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

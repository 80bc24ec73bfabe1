package org.widenet.deep;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * The row blocks on Spark, following spark/SparkEngine's pattern: block b lives in partition b
 * of a persisted RDD named {@code deepBlocks@it<k>}; each frozen layer is one job whose tasks
 * return their rows of h sparse (the driver stacks them in block order and broadcasts the next
 * layer's input); each {@link #advance} is one job whose partials the driver sums in block-id
 * order. V^T V is broadcast once. Lineage is cut by a local checkpoint every
 * {@code checkpointEvery} iterations; the previous iteration's RDD is unpersisted.
 */
public final class DeepSparkEngine implements DeepEngine {
  private final JavaSparkContext jsc;
  private final DeepSpec spec;
  private final int numBlocks;
  private final int checkpointEvery;
  private final LayerPass.Result frozen;
  private final double[] kv;
  private final Broadcast<double[]> kvBroadcast;
  private final Broadcast<SparseColumns> vBroadcast;
  private JavaRDD<DeepBlock> current;
  private int iteration;

  /**
   * @param x the inputs, d x n (column i = x_i)
   * @param checkpointEvery cut lineage every this many iterations (&gt;= 1)
   */
  public DeepSparkEngine(JavaSparkContext jsc, DeepSpec spec, int numBlocks, SparseColumns x,
      int checkpointEvery) {
    if (numBlocks < 1 || numBlocks > spec.width()) {
      throw new IllegalArgumentException("block count must be in [1, m], got " + numBlocks);
    }
    this.jsc = jsc;
    this.spec = spec;
    this.numBlocks = numBlocks;
    this.checkpointEvery = checkpointEvery;
    List<Integer> ids = IntStream.range(0, numBlocks).boxed().toList();
    DeepSpec network = spec;
    int blocks = numBlocks;
    this.frozen = LayerPass.run(spec, x, (layer, input) -> {
      Broadcast<SparseColumns> in = jsc.broadcast(input);
      try {
        List<Tuple2<Integer, SparseColumns>> parts = new ArrayList<>(jsc.parallelize(ids, blocks)
            .map(b -> new Tuple2<>(b, LayerPass.blockLayer(network, layer,
                LayerPass.firstRow(network.width(), blocks, b),
                LayerPass.rowCount(network.width(), blocks, b), in.value())))
            .collect());
        parts.sort(Comparator.comparing(Tuple2::_1));
        List<SparseColumns> inOrder = new ArrayList<>();
        parts.forEach(t -> inOrder.add(t._2()));
        return inOrder;
      } finally {
        in.destroy();
      }
    });
    this.kv = frozen.v().gram();
    this.kvBroadcast = jsc.broadcast(kv);
    // The blocks' lineage reads V until it is checkpointed: kept until close().
    this.vBroadcast = jsc.broadcast(frozen.v());
    Broadcast<SparseColumns> vb = vBroadcast;
    this.current = jsc.parallelize(ids, numBlocks)
        .map(b -> DeepBlock.initial(network, blocks, b, vb.value()))
        .setName("deepBlocks@init");
    current.persist(StorageLevel.MEMORY_AND_DISK());
    current.count();
  }

  @Override
  public int numBlocks() {
    return numBlocks;
  }

  @Override
  public LayerPass.Result frozen() {
    return frozen;
  }

  @Override
  public double[] kv() {
    return kv.clone();
  }

  @Override
  public DeepPartial advance(double[] step, boolean gram, SketchRequest sketch) {
    DeepSpec network = spec;
    Broadcast<double[]> kvb = kvBroadcast;
    JavaRDD<DeepBlock> next = current
        .map(block -> block.advance(network, step, kvb.value(), gram, sketch))
        .setName("deepBlocks@it" + iteration);
    next.persist(StorageLevel.MEMORY_AND_DISK());
    iteration++;
    if (iteration % checkpointEvery == 0) {
      next.rdd().localCheckpoint();
    }
    List<DeepPartial> partials = next.map(block -> {
      DeepPartial p = block.partial();
      // A block read back from disk has lost its transient partial: recompute it at the same
      // weights (the same arithmetic, so the same bits).
      return p != null ? p : block.recompute(network, kvb.value(), gram, sketch);
    }).collect();
    DeepPartial sum = DeepPartial.sumInOrder(partials);
    current.unpersist(false);
    current = next;
    return sum;
  }

  @Override
  public double[] gramTimes(double[] x) {
    Broadcast<double[]> kvb = kvBroadcast;
    List<DeepPartial> partials = current.map(block -> new DeepPartial(block.blockId(),
        block.gramTimes(kvb.value(), x), null, 0, 0, null)).collect();
    return DeepPartial.sumInOrder(partials).f();
  }

  @Override
  public void close() {
    if (current != null) {
      current.unpersist(false);
      current = null;
    }
    kvBroadcast.destroy();
    vBroadcast.destroy();
  }
}

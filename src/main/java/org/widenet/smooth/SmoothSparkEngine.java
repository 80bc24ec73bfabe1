package org.widenet.smooth;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;
import org.widenet.train.OrderedSum;
import scala.Tuple2;

/**
 * The neuron-partitioned smooth2 engine on Spark, in the pattern of
 * {@link org.widenet.spark.SparkEngine}: block b lives in partition b of a persisted RDD named
 * {@code smoothBlocks@it<k>}; X is broadcast once; each {@link #advance} is one job that maps
 * every block through {@link SmoothStepper#advance} and sums the partials in
 * {@link OrderedSum} order (groups of fanIn blocks summed on executors, the group sums on the
 * driver). Only k x rows outputs (and, when asked, the Gram shares) travel; W and V stay in the
 * blocks. Lineage is cut by a local checkpoint every {@code checkpointEvery} passes.
 */
public final class SmoothSparkEngine implements SmoothEngine {
  private final JavaSparkContext jsc;
  private final SmoothSpec spec;
  private final int numBlocks;
  private final int n;
  private final int fanIn;
  private final int checkpointEvery;
  private final Broadcast<double[]> xBroadcast;
  private JavaRDD<SmoothBlock> current;

  /** @param x training inputs, n x d0 column-major; broadcast once, not modified */
  public SmoothSparkEngine(JavaSparkContext jsc, SmoothSpec spec, int numBlocks, double[] x,
      int n) {
    this(jsc, spec, numBlocks, x, n, OrderedSum.DEFAULT_FAN_IN, 10);
  }

  public SmoothSparkEngine(JavaSparkContext jsc, SmoothSpec spec, int numBlocks, double[] x,
      int n, int fanIn, int checkpointEvery) {
    if (numBlocks < 1 || numBlocks > spec.width()) {
      throw new IllegalArgumentException("--partitions must be in [1, width], got " + numBlocks);
    }
    this.jsc = jsc;
    this.spec = spec;
    this.numBlocks = numBlocks;
    this.n = n;
    this.fanIn = fanIn;
    this.checkpointEvery = checkpointEvery;
    this.xBroadcast = jsc.broadcast(x);
    SmoothSpec network = spec;
    int blocks = numBlocks;
    List<Integer> ids = IntStream.range(0, numBlocks).boxed().toList();
    current = jsc.parallelize(ids, numBlocks)
        .map(b -> SmoothBlock.initial(network, b,
            SmoothEngine.blockStart(network.width(), blocks, b),
            SmoothEngine.blockCount(network.width(), blocks, b)))
        .setName("smoothBlocks@init");
  }

  @Override
  public int numBlocks() {
    return numBlocks;
  }

  @Override
  public SmoothPartial advance(SmoothStep step, int[] evalRows, boolean withGram,
      int iteration) {
    SmoothSpec network = spec;
    Broadcast<double[]> xb = xBroadcast;
    int rows = n;
    JavaRDD<SmoothBlock> next = current
        .map(block -> SmoothStepper.advance(block, network, xb.value(), rows, step, evalRows,
            withGram))
        .setName("smoothBlocks@it" + iteration);
    next.persist(StorageLevel.MEMORY_AND_DISK());
    if (checkpointEvery > 0 && iteration > 0 && iteration % checkpointEvery == 0) {
      next.rdd().localCheckpoint();
    }
    int groupSize = fanIn;
    SmoothPartial sum = sumInOrder(next.mapToPair(block -> {
      SmoothPartial p = block.partial();
      if (p == null) {
        // Came back through serialization: recompute the forward pass at the same weights.
        p = SmoothStepper.advance(block, network, xb.value(), rows, null, evalRows, withGram)
            .partial();
      }
      return new Tuple2<>(OrderedSum.group(block.blockId(), groupSize), p);
    }));
    if (current.getStorageLevel() != StorageLevel.NONE()) {
      current.unpersist(false);
    }
    current = next;
    return sum;
  }

  private SmoothPartial sumInOrder(JavaPairRDD<Integer, SmoothPartial> partials) {
    if (numBlocks <= fanIn) {
      List<Tuple2<Integer, SmoothPartial>> collected = new ArrayList<>(partials.collect());
      collected.sort(Comparator.comparingInt(t -> t._2().firstBlock()));
      List<SmoothPartial> inOrder = new ArrayList<>();
      collected.forEach(t -> inOrder.add(t._2()));
      return SmoothSum.sequential(inOrder);
    }
    int groups = (numBlocks + fanIn - 1) / fanIn;
    List<Tuple2<Integer, SmoothPartial>> collected = new ArrayList<>(partials.groupByKey(groups)
        .mapValues(group -> {
          List<SmoothPartial> members = new ArrayList<>();
          group.forEach(members::add);
          members.sort(Comparator.comparingInt(SmoothPartial::firstBlock));
          return SmoothSum.sequential(members);
        }).collect());
    collected.sort(Comparator.comparing(Tuple2::_1));
    List<SmoothPartial> groupSums = new ArrayList<>();
    collected.forEach(t -> groupSums.add(t._2()));
    return SmoothSum.sequential(groupSums);
  }

  @Override
  public double[] predict(double[] xOther, int rows) {
    SmoothSpec network = spec;
    Broadcast<double[]> xb = jsc.broadcast(xOther);
    int groupSize = fanIn;
    try {
      return sumInOrder(current.mapToPair(block -> new Tuple2<>(
          OrderedSum.group(block.blockId(), groupSize), new SmoothPartial(block.blockId(),
              SmoothStepper.outputsOn(block, network, xb.value(), rows), null, null, null, 0, 0,
              0)))).outputs();
    } finally {
      xb.destroy();
    }
  }

  @Override
  public List<SmoothBlock> collectBlocks() {
    List<SmoothBlock> blocks = new ArrayList<>(current.collect());
    blocks.sort(Comparator.comparingInt(SmoothBlock::blockId));
    return blocks;
  }

  /** The current blocks (for saving a model without collecting them). */
  public JavaRDD<SmoothBlock> blocks() {
    return current;
  }

  @Override
  public void close() {
    if (current != null && current.getStorageLevel() != StorageLevel.NONE()) {
      current.unpersist(false);
    }
    xBroadcast.destroy();
    current = null;
  }
}

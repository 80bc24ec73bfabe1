package org.widenet.softmax;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;
import org.widenet.model.BlockLayout;
import scala.Tuple2;

/**
 * The softmax2 engine on Spark, in the pattern of {@link org.widenet.spark.SparkEngine}: block b
 * lives in partition b of a persisted RDD named {@code softmaxBlocks@it<k>}, X is broadcast once,
 * and each pass is one job that maps every block through {@link BlockSteps#advance} and collects
 * the partials, which the driver merges in block-id order. Lineage is cut by a local checkpoint
 * every {@link #CHECKPOINT_EVERY} passes (the step broadcasts it referred to are destroyed
 * then); the previous pass's RDD is unpersisted once the new one is materialized.
 */
public final class SparkSoftmaxEngine implements SoftmaxEngine {
  /** Passes between local checkpoints. */
  static final int CHECKPOINT_EVERY = 10;

  private final JavaSparkContext jsc;
  private final SoftmaxSpec spec;
  private final int numBlocks;
  private final int n;
  private final Broadcast<double[]> xBroadcast;
  private JavaRDD<SoftmaxBlock> current;
  private int passes;
  /**
   * Step broadcasts the current lineage still refers to: a destroyed broadcast cannot be
   * serialized with a later task, so they are destroyed only once a checkpoint cut them off.
   */
  private final List<Broadcast<StepState>> inLineage = new ArrayList<>();

  /** Blocks at initialization, built by the executors from the seed. x is n x d. */
  public SparkSoftmaxEngine(JavaSparkContext jsc, SoftmaxSpec spec, int numBlocks, double[] x,
      int n, int d) {
    this.jsc = jsc;
    this.spec = spec;
    this.numBlocks = numBlocks;
    this.n = n;
    this.xBroadcast = jsc.broadcast(x);
    BlockLayout layout = SoftmaxBlock.layout(spec, numBlocks);
    SoftmaxSpec network = spec;
    List<Integer> ids = IntStream.range(0, numBlocks).boxed().toList();
    current = jsc.parallelize(ids, numBlocks)
        .map(b -> SoftmaxBlock.initial(network, layout, b, d))
        .setName("softmaxBlocks@init");
    current.persist(StorageLevel.MEMORY_AND_DISK());
  }

  @Override
  public int numBlocks() {
    return numBlocks;
  }

  @Override
  public SoftmaxPartial advance(StepState state) {
    SoftmaxSpec network = spec;
    Broadcast<double[]> xb = xBroadcast;
    Broadcast<StepState> sb = state == null ? null : jsc.broadcast(state);
    int rows = n;
    passes++;
    JavaRDD<SoftmaxBlock> next = current
        .map(block -> BlockSteps.advance(block, network, xb.value(), rows,
            sb == null ? null : sb.value()))
        .setName("softmaxBlocks@it" + passes);
    next.persist(StorageLevel.MEMORY_AND_DISK());
    boolean cut = passes % CHECKPOINT_EVERY == 0;
    if (cut) {
      next.rdd().localCheckpoint();
    }
    List<SoftmaxPartial> partials = new ArrayList<>(next.map(block -> {
      SoftmaxPartial p = block.partial();
      if (p == null) {
        // The block came back from disk without its transient partial: redo the forward at
        // its weights, with the Gram share when the pass changed no weights (a Gram pass), on
        // the rows the pass returns (all, or a mini-batch step's next batch).
        StepState s = sb == null ? null : sb.value();
        p = BlockSteps.advance(block, network, xb.value(), rows,
            s == null ? null : s.v() == null ? s : StepState.forwardOn(s.evalRows())).partial();
      }
      return p;
    }).collect());
    partials.sort(Comparator.comparingInt(SoftmaxPartial::firstBlock));
    SoftmaxPartial merged = SoftmaxPartial.mergeInOrder(partials);
    if (cut) {
      inLineage.forEach(Broadcast::destroy);
      inLineage.clear();
    }
    if (sb != null) {
      inLineage.add(sb);
    }
    current.unpersist(false);
    current = next;
    return merged;
  }

  @Override
  public SoftmaxPartial evaluate(double[] xOther, int rows) {
    Broadcast<double[]> xo = jsc.broadcast(xOther);
    try {
      List<SoftmaxPartial> partials = new ArrayList<>(current
          .map(block -> BlockSteps.evaluate(block, xo.value(), rows)).collect());
      partials.sort(Comparator.comparingInt(SoftmaxPartial::firstBlock));
      return SoftmaxPartial.mergeInOrder(partials);
    } finally {
      xo.destroy();
    }
  }

  @Override
  public double[] crossShare(StepState train, double[] xTest, int rows, StepState test) {
    SoftmaxSpec network = spec;
    Broadcast<double[]> xb = xBroadcast;
    Broadcast<double[]> xt = jsc.broadcast(xTest);
    Broadcast<StepState> tr = jsc.broadcast(train);
    Broadcast<StepState> te = jsc.broadcast(test);
    int trainRows = n;
    try {
      List<Tuple2<Integer, double[]>> shares = new ArrayList<>(current.map(block ->
          new Tuple2<>(block.blockId(), BlockSteps.crossShare(block, network, xb.value(),
              trainRows, tr.value(), xt.value(), rows, te.value()))).collect());
      shares.sort(Comparator.comparing(Tuple2::_1));
      double[] total = shares.get(0)._2().clone();
      for (int b = 1; b < shares.size(); b++) {
        double[] share = shares.get(b)._2();
        for (int p = 0; p < total.length; p++) {
          total[p] += share[p];
        }
      }
      return total;
    } finally {
      xt.destroy();
      tr.destroy();
      te.destroy();
    }
  }

  @Override
  public List<SoftmaxBlock> collectBlocks() {
    List<SoftmaxBlock> blocks = new ArrayList<>(current.collect());
    blocks.sort(Comparator.comparingInt(SoftmaxBlock::blockId));
    return blocks;
  }

  /** The current blocks (for saving the model where they live). */
  public JavaRDD<SoftmaxBlock> blocks() {
    return current;
  }

  @Override
  public void close() {
    if (current != null && current.getStorageLevel() != StorageLevel.NONE()) {
      current.unpersist(false);
    }
    xBroadcast.destroy();
    inLineage.forEach(Broadcast::destroy);
    inLineage.clear();
    current = null;
  }
}

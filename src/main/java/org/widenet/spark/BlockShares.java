package org.widenet.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.widenet.model.Share;
import org.widenet.train.OrderedSum;
import scala.Tuple2;
import scala.collection.immutable.Range$;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;
import scala.runtime.BoxedUnit;

/**
 * The one job {@link SparkEngine} runs per pass: a task on every cached block, the shares
 * merged in {@link OrderedSum}'s order, so the sum has the same bits for any placement.
 */
final class BlockShares {
  /** What one job computes from each cached block: its share. */
  @FunctionalInterface
  interface BlockTask extends Serializable {
    Share run(BlockHolder holder);
  }

  private BlockShares() {}

  /**
   * One job that runs {@code task} on every block and sums the shares in OrderedSum's order.
   * Up to {@code fanIn} blocks (one group) the shares come straight to the driver and are
   * summed there in block order ({@link #sharePerBlock}); beyond, the shares are keyed by their
   * {@link OrderedSum#group}, each group is sorted by block id and summed on an executor (a
   * shuffle), and the group sums are summed on the driver in group order.
   *
   * @param holders the cached blocks, block b in partition b
   */
  static Share sumInOrder(JavaSparkContext jsc, JavaRDD<BlockHolder> holders, int numBlocks,
      int fanIn, BlockTask task) {
    if (numBlocks <= fanIn) {
      List<Share> inOrder = new ArrayList<>(Arrays.asList(sharePerBlock(jsc, holders,
          numBlocks, task)));
      inOrder.sort(Comparator.comparingInt(Share::firstBlock));
      return OrderedSum.sequential(inOrder);
    }
    int groupSize = fanIn;
    int groups = (numBlocks + fanIn - 1) / fanIn;
    List<Tuple2<Integer, Share>> collected = new ArrayList<>(holders.mapToPair(h ->
        new Tuple2<>(OrderedSum.group(h.blockId(), groupSize), task.run(h)))
        .groupByKey(groups).mapValues(group -> {
          List<Share> members = new ArrayList<>();
          group.forEach(members::add);
          members.sort(Comparator.comparingInt(Share::firstBlock));
          return OrderedSum.sequential(members);
        }).collect());
    collected.sort(Comparator.comparing(Tuple2::_1));
    List<Share> groupSums = new ArrayList<>();
    collected.forEach(t -> groupSums.add(t._2()));
    return OrderedSum.sequential(groupSums);
  }

  /**
   * One job, one task per block: each task's share, indexed by partition (block b lives in
   * partition b). The job goes through {@link org.apache.spark.SparkContext#runJob} with the
   * task function a Java lambda, which Spark's closure cleaner passes over at once; {@code
   * collect()} would wrap it in two Scala closures of RDD and SparkContext that the cleaner
   * parses from their class files (with ASM) on every job: about a tenth of a tiny iteration's
   * time on two cores (docs/performance.md, per-iteration overhead). Same tasks, same shares.
   */
  private static Share[] sharePerBlock(JavaSparkContext jsc, JavaRDD<BlockHolder> holders,
      int numBlocks, BlockTask task) {
    Share[] shares = new Share[numBlocks];
    scala.Function2<TaskContext, scala.collection.Iterator<BlockHolder>, Share> perTask =
        (scala.Function2<TaskContext, scala.collection.Iterator<BlockHolder>, Share>
            & Serializable) (context, it) -> {
              Share share = task.run(it.next());
              if (it.hasNext()) {
                throw new IllegalStateException("a partition of the neuron blocks holds more "
                    + "than one block");
              }
              return share;
            };
    scala.Function2<Object, Share, BoxedUnit> keep = (index, share) -> {
      shares[(Integer) index] = share;
      return BoxedUnit.UNIT;
    };
    ClassTag<Share> tag = ClassTag$.MODULE$.apply(Share.class);
    jsc.sc().runJob(holders.rdd(), perTask, Range$.MODULE$.apply(0, numBlocks), keep, tag);
    return shares;
  }
}

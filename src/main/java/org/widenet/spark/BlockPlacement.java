package org.widenet.spark;

import java.util.HashMap;
import java.util.Map;
import org.apache.spark.SparkContext;
import org.apache.spark.SparkEnv;
import org.apache.spark.status.api.v1.ExecutorSummary;
import org.apache.spark.storage.BlockId;
import org.apache.spark.storage.BlockManagerId;
import org.apache.spark.storage.RDDBlockId;
import scala.collection.immutable.IndexedSeq;
import scala.collection.immutable.Seq;

/**
 * Where the cached neuron blocks are, as far as resident block tasks are concerned: each
 * resident task must run on the executor that caches its block, all at once, so no executor may
 * cache more blocks than it runs tasks at a time. After an executor is lost its blocks are
 * rebuilt wherever Spark ran their tasks, and one executor may end up with more.
 */
final class BlockPlacement {
  private BlockPlacement() {}

  /**
   * Why the blocks of the cached RDD {@code rddId} cannot all run resident tasks at home now
   * (a block not cached, or an executor caching more blocks than its task slots), or null when
   * they can. An executor the status store does not know yet is not held against them.
   */
  static String crowded(SparkContext sc, int rddId, int numBlocks) {
    BlockId[] ids = new BlockId[numBlocks];
    for (int b = 0; b < numBlocks; b++) {
      ids[b] = new RDDBlockId(rddId, b);
    }
    IndexedSeq<Seq<BlockManagerId>> locations =
        SparkEnv.get().blockManager().master().getLocations(ids);
    Map<String, Integer> held = new HashMap<>();
    for (int b = 0; b < numBlocks; b++) {
      Seq<BlockManagerId> at = locations.apply(b);
      if (at.isEmpty()) {
        return "neuron block " + b + " is not cached";
      }
      held.merge(at.head().executorId(), 1, Integer::sum);
    }
    Map<String, Integer> slots = new HashMap<>();
    scala.collection.Iterator<ExecutorSummary> executors =
        sc.statusStore().executorList(true).iterator();
    while (executors.hasNext()) {
      ExecutorSummary e = executors.next();
      slots.put(e.id(), e.maxTasks());
    }
    for (Map.Entry<String, Integer> e : held.entrySet()) {
      Integer max = slots.get(e.getKey());
      if (max != null && e.getValue() > max) {
        return "executor " + e.getKey() + " caches " + e.getValue() + " neuron blocks and runs "
            + max + " tasks at a time";
      }
    }
    return null;
  }
}

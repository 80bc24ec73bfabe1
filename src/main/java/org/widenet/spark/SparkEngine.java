package org.widenet.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;
import java.util.stream.IntStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;
import org.widenet.model.BlockLayout;
import org.widenet.model.BlockPartial;
import org.widenet.model.BlockStepper;
import org.widenet.model.GramProducts;
import org.widenet.model.NetworkSpec;
import org.widenet.model.NeuronBlock;
import org.widenet.model.Step;
import org.widenet.train.BlockEngine;
import org.widenet.train.OrderedSum;
import scala.Tuple2;

/**
 * The neuron-partitioned engine on Spark. Block b lives in partition b of a persisted RDD
 * named {@code neuronBlocks@it<k>}; X is broadcast once; each {@link #advance} is one job that
 * maps every block through {@link BlockStepper#advance} and reduces the partials in
 * {@link OrderedSum} order: groups of {@code fanIn} blocks are summed on executors (a shuffle
 * keyed by group, each group sorted by block id), the group sums on the driver.
 *
 * <p>Lineage is cut every {@code checkpointEvery} iterations: by a reliable checkpoint when a
 * checkpoint directory is set (the previous checkpoint's files are then deleted), otherwise by
 * a local checkpoint, which keeps deep lineages from overflowing task serialization but cannot
 * survive the loss of an executor. The previous iteration's RDD is unpersisted once the new one
 * is materialized.
 */
public final class SparkEngine implements BlockEngine {
  private static final Logger LOG = Logger.getLogger(SparkEngine.class.getName());

  private final JavaSparkContext jsc;
  private final NetworkSpec spec;
  private final int numBlocks;
  private final int n;
  private final int fanIn;
  private final Broadcast<double[]> xBroadcast;
  private final String checkpointDir;
  private final int checkpointEvery;
  private final StorageLevel storageLevel;
  private JavaRDD<NeuronBlock> current;
  private JavaRDD<NeuronBlock> lastCheckpointed;
  private boolean detached;

  /**
   * Engine settings beyond the network and the data.
   *
   * @param checkpointDir reliable checkpoint directory (any Hadoop path), or null
   * @param checkpointEvery cut lineage every this many iterations; 0 leaves it to the caller
   *     (who checkpoints through {@link #writeBlocks} and {@link #reloadFrom})
   * @param fanIn how many block partials one reducer (or the driver) sums at once
   * @param storageLevel how the neuron blocks are cached; serialized levels save memory at the
   *     price of one extra forward pass per block per iteration (the partial is not cached)
   */
  public record Options(String checkpointDir, int checkpointEvery, int fanIn,
      StorageLevel storageLevel) {
    public Options(String checkpointDir, int checkpointEvery, int fanIn) {
      this(checkpointDir, checkpointEvery, fanIn, StorageLevel.MEMORY_AND_DISK());
    }

    public Options {
      if (checkpointEvery < 0) {
        throw new IllegalArgumentException("--checkpoint-every must be >= 1, got "
            + checkpointEvery);
      }
      if (fanIn < 2) {
        throw new IllegalArgumentException("aggregation fan-in must be >= 2, got " + fanIn);
      }
    }

    /** No checkpoint directory, local checkpoints every 10 iterations, default fan-in. */
    public static Options defaults() {
      return new Options(null, 10, OrderedSum.DEFAULT_FAN_IN);
    }
  }

  /**
   * @param x training inputs, n x d column-major; broadcast once, not modified
   */
  public SparkEngine(JavaSparkContext jsc, NetworkSpec spec, int numBlocks, double[] x, int n,
      int d, Options options) {
    this(jsc, spec, numBlocks, x, n, d, options, null, null);
  }

  /**
   * An engine whose blocks start from files written by {@link #writeBlocks} (a checkpoint)
   * instead of from the seed. Each block is read and checked by the task that owns it.
   *
   * @param files {block id, bytes, CRC-32} per block, as writeBlocks returned them
   */
  public static SparkEngine fromBlockFiles(JavaSparkContext jsc, NetworkSpec spec, int numBlocks,
      double[] x, int n, int d, Options options, String dir, List<long[]> files) {
    return new SparkEngine(jsc, spec, numBlocks, x, n, d, options, dir, files);
  }

  private SparkEngine(JavaSparkContext jsc, NetworkSpec spec, int numBlocks, double[] x, int n,
      int d, Options options, String blockDir, List<long[]> files) {
    this.jsc = jsc;
    this.spec = spec;
    this.numBlocks = numBlocks;
    this.n = n;
    this.fanIn = options.fanIn();
    this.checkpointDir = options.checkpointDir();
    this.checkpointEvery = options.checkpointEvery();
    this.storageLevel = options.storageLevel();
    if (checkpointDir != null) {
      jsc.setCheckpointDir(checkpointDir);
    }
    this.xBroadcast = jsc.broadcast(x);
    if (blockDir != null) {
      this.current = readBlocks(blockDir, files);
      return;
    }
    BlockLayout layout = BlockLayout.of(spec, numBlocks);
    List<Integer> ids = IntStream.range(0, numBlocks).boxed().toList();
    NetworkSpec network = spec;
    this.current = jsc.parallelize(ids, numBlocks)
        .map(b -> NeuronBlock.initial(network, layout, b, d))
        .setName("neuronBlocks@init");
  }

  /**
   * Writes every current block to {@code dir/block-NNNNN.bin}, each by the executor that holds
   * it (one job; the blocks stay cached).
   *
   * @return {block id, bytes, CRC-32} per block, in block order
   */
  public List<long[]> writeBlocks(String dir) {
    Map<String, String> settings = BlockFiles.settings(jsc.hadoopConfiguration());
    List<long[]> files = new ArrayList<>(current.map(b -> BlockFiles.write(b, dir, settings))
        .collect());
    files.sort(Comparator.comparingLong(f -> f[0]));
    if (files.size() != numBlocks) {
      throw new IllegalStateException("wrote " + files.size() + " block files, expected "
          + numBlocks);
    }
    return files;
  }

  /**
   * Replaces the current blocks by the same blocks read from files that {@link #writeBlocks}
   * wrote: the lineage now starts at the files, so a lost block is rebuilt from its file.
   */
  public void reloadFrom(String dir, List<long[]> files) {
    JavaRDD<NeuronBlock> reloaded = readBlocks(dir, files);
    if (current.getStorageLevel() != StorageLevel.NONE()) {
      current.unpersist(false);
    }
    current = reloaded;
  }

  /**
   * Reads and caches every block now (one job), so that damaged block files of a checkpoint
   * are found before training starts rather than in its first iteration.
   */
  public void materialize() {
    current.persist(storageLevel);
    current.count();
  }

  private JavaRDD<NeuronBlock> readBlocks(String dir, List<long[]> files) {
    if (files.size() != numBlocks) {
      throw new IllegalArgumentException("checkpoint " + dir + " lists " + files.size()
          + " blocks, expected " + numBlocks);
    }
    Map<String, String> settings = BlockFiles.settings(jsc.hadoopConfiguration());
    List<Integer> ids = IntStream.range(0, numBlocks).boxed().toList();
    long[] crcs = new long[numBlocks];
    for (long[] f : files) {
      crcs[(int) f[0]] = f[2];
    }
    return jsc.parallelize(ids, numBlocks)
        .map(b -> BlockFiles.read(dir, b, crcs[b], settings))
        .setName("neuronBlocks@" + dir);
  }

  @Override
  public int numBlocks() {
    return numBlocks;
  }

  @Override
  public BlockPartial advance(Step step, boolean withGram, int iteration) {
    NetworkSpec network = spec;
    Broadcast<double[]> xb = xBroadcast;
    int rows = n;
    JavaRDD<NeuronBlock> next = current
        .map(block -> BlockStepper.advance(block, network, xb.value(), rows, step, withGram))
        .setName("neuronBlocks@it" + iteration);
    next.persist(storageLevel);
    boolean cut = checkpointEvery > 0 && iteration > 0 && iteration % checkpointEvery == 0;
    if (cut) {
      if (checkpointDir != null) {
        next.checkpoint();
      } else {
        next.rdd().localCheckpoint();
      }
    }
    BlockPartial sum = TaskFailures.surfacingNumericalFaults(() -> reduce(next, withGram));
    if (cut && checkpointDir != null) {
      deletePreviousCheckpoint();
      lastCheckpointed = next;
    }
    if (current.getStorageLevel() != StorageLevel.NONE()) {
      current.unpersist(false);
    }
    current = next;
    return sum;
  }

  private BlockPartial reduce(JavaRDD<NeuronBlock> blocks, boolean withGram) {
    NetworkSpec network = spec;
    Broadcast<double[]> xb = xBroadcast;
    int rows = n;
    int groupSize = fanIn;
    return sumInOrder(blocks.mapToPair(block -> {
      BlockPartial p = block.partial();
      if (p == null) {
        // The block came back through serialization (spilled to disk): its partial is
        // transient, so recompute the forward pass at the same weights; the result is identical.
        p = BlockStepper.advance(block, network, xb.value(), rows, null, withGram).partial();
      }
      return new Tuple2<>(OrderedSum.group(block.blockId(), groupSize), p);
    }));
  }

  /**
   * Sums partials keyed by their {@link OrderedSum#group} in OrderedSum's order: each group
   * sorted by block id and summed on an executor, the group sums on the driver in group order
   * (all on the driver when there is a single group).
   */
  private BlockPartial sumInOrder(JavaPairRDD<Integer, BlockPartial> partials) {
    List<Tuple2<Integer, BlockPartial>> collected;
    if (numBlocks <= fanIn) {
      collected = new ArrayList<>(partials.collect());
      collected.sort(Comparator.comparing(t -> t._2().firstBlock()));
      List<BlockPartial> inOrder = new ArrayList<>();
      collected.forEach(t -> inOrder.add(t._2()));
      return OrderedSum.sequential(inOrder);
    }
    int groups = (numBlocks + fanIn - 1) / fanIn;
    collected = new ArrayList<>(partials.groupByKey(groups).mapValues(group -> {
      List<BlockPartial> members = new ArrayList<>();
      group.forEach(members::add);
      members.sort(Comparator.comparingInt(BlockPartial::firstBlock));
      return OrderedSum.sequential(members);
    }).collect());
    collected.sort(Comparator.comparing(Tuple2::_1));
    List<BlockPartial> groupSums = new ArrayList<>();
    collected.forEach(t -> groupSums.add(t._2()));
    return OrderedSum.sequential(groupSums);
  }

  /**
   * One job: v is broadcast, every cached block returns J_b J_b^T v, the n-vectors are summed
   * like {@link #advance}'s partials, and the broadcast is destroyed. The current blocks are
   * cached first if they are not (after {@link #reloadFrom} they are read from files), since a
   * conjugate-gradient solve calls this many times at the same weights.
   */
  @Override
  public double[] gramTimes(double[] v) {
    if (v.length != n) {
      throw new IllegalArgumentException("gramTimes needs a vector of length n = " + n
          + ", got " + v.length);
    }
    if (current.getStorageLevel() == StorageLevel.NONE()) {
      current.persist(storageLevel);
    }
    NetworkSpec network = spec;
    Broadcast<double[]> xb = xBroadcast;
    Broadcast<double[]> vb = jsc.broadcast(v);
    int rows = n;
    int groupSize = fanIn;
    try {
      return TaskFailures.surfacingNumericalFaults(() -> sumInOrder(current.mapToPair(block ->
          new Tuple2<>(OrderedSum.group(block.blockId(), groupSize), new BlockPartial(
              block.blockId(), GramProducts.jacobianGramTimes(block, network, xb.value(), rows,
                  vb.value()), null, 0, 0, 0))))).u();
    } finally {
      vb.destroy();
    }
  }

  @Override
  public double[] predict(double[] xOther, int rows) {
    return BlockPredictions.outputs(jsc, current, spec, xOther, rows, fanIn);
  }

  /**
   * Hands the current blocks to a longer-lived owner (a fitted model): they stay cached, and
   * the broadcast inputs their lineage refers to stay alive, after {@link #close()}.
   */
  public JavaRDD<NeuronBlock> detachBlocks() {
    detached = true;
    return current;
  }

  private void deletePreviousCheckpoint() {
    if (lastCheckpointed == null) {
      return;
    }
    lastCheckpointFile().ifPresent(file -> {
      try {
        Path path = new Path(file);
        FileSystem fs = path.getFileSystem(jsc.hadoopConfiguration());
        if (fs.exists(path) && !fs.delete(path, true)) {
          LOG.warning("could not delete old checkpoint " + file);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("deleting old checkpoint " + file, e);
      }
    });
  }

  /** The current blocks (for saving the model; not collected to the driver). */
  public JavaRDD<NeuronBlock> blocks() {
    return current;
  }

  /** The directory of the newest reliable checkpoint, if one was written. */
  public Optional<String> lastCheckpointFile() {
    if (lastCheckpointed == null || !lastCheckpointed.getCheckpointFile().isPresent()) {
      return Optional.empty();
    }
    return Optional.of(lastCheckpointed.getCheckpointFile().get());
  }

  @Override
  public void close() {
    if (!detached) {
      if (current != null && current.getStorageLevel() != StorageLevel.NONE()) {
        current.unpersist(false);
      }
      xBroadcast.destroy();
    }
    current = null;
  }
}

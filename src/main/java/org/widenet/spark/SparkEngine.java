package org.widenet.spark;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.logging.Logger;
import java.util.stream.IntStream;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;
import org.widenet.model.Block;
import org.widenet.model.BlockJob;
import org.widenet.model.DenseInputs;
import org.widenet.model.Family;
import org.widenet.model.Inputs;
import org.widenet.model.NetworkSpec;
import org.widenet.model.Pass;
import org.widenet.model.Share;
import org.widenet.model.Update;
import org.widenet.train.BlockEngine;
import org.widenet.train.OrderedSum;

/**
 * The neuron-partitioned engine on Spark, for every {@link Family}. Block b lives in partition
 * b of one persisted RDD of {@link BlockHolder}s, created once and updated in place, so an
 * executor holds one copy of its blocks' weights; the family's {@link Inputs} (X) are broadcast
 * once; each {@link #advance} is one job that advances every block and merges the shares in
 * {@link OrderedSum} order: groups of {@code fanIn} blocks are merged on executors (a shuffle
 * keyed by group, each group sorted by block id), the group merges on the driver. Read-only
 * passes ({@link #reduce}) run the same way. Where every block has a task slot of its own,
 * steps without a Gram share skip the job: {@link ResidentTasks} keep one task per block
 * running between steps and take each step over Spark's RPC, with the same merge and the same
 * bits ({@code spark.widenet.residentTasks}, on by default).
 *
 * <p>Faults: the driver keeps the steps taken since the blocks' {@link BlockSource} (the seed,
 * or the newest checkpoint's block files) in a {@link StepLog}. A task whose block is not where
 * the driver expects it (Spark rebuilt the partition after losing an executor or evicting it,
 * or a task failed half-way through a step) fails the job with a {@link StaleBlockException};
 * the driver then reloads such blocks from the source, replays the logged steps (bit for bit
 * the same steps) and runs the job again. The blocks must stay cached: blocks that Spark cannot
 * keep in storage memory are reported as such rather than recomputed every iteration.
 *
 * <p>With a checkpoint directory ({@link Options#checkpointDir}), every {@code checkpointEvery}
 * steps the blocks are written as block files there, become the new source, and the step log
 * restarts (the previous files are deleted). Callers that manage their own checkpoints use
 * {@link #writeBlocks} and {@link #reloadFrom}.
 */
public final class SparkEngine implements BlockEngine {
  private static final Logger LOG = Logger.getLogger(SparkEngine.class.getName());
  /** Catch-ups tried for one job before the blocks are declared uncacheable. */
  private static final int CATCH_UP_TRIES = 3;

  private final JavaSparkContext jsc;
  private final Family family;
  private final int numBlocks;
  private final int fanIn;
  private final Broadcast<Inputs> inputsBroadcast;
  /** The step log shipped with the detached blocks, or null before {@link #detachBlocks()}. */
  private Broadcast<List<Update>> detachedLog;
  private final String checkpointDir;
  private final int checkpointEvery;
  private final String checkpointPrefix;
  private final JavaRDD<BlockHolder> holders;
  private final StepLog log;
  private BlockSource source;
  private int version;
  private long replayedSteps;
  private String lastCheckpointed;
  private boolean detached;
  private boolean closed;
  /** Block tasks that outlive a step ({@link ResidentTasks#ENABLED}), or null. */
  private final ResidentTasks resident;

  /**
   * Engine settings beyond the network and the data.
   *
   * @param checkpointDir directory (any Hadoop path) for the engine's own checkpoints, or null
   * @param checkpointEvery with a checkpoint directory, write one every this many steps; 0
   *     leaves checkpoints to the caller ({@link #writeBlocks} and {@link #reloadFrom})
   * @param fanIn how many block partials one reducer (or the driver) sums at once
   * @param storageLevel how the neuron blocks are cached: a deserialized level (the engine
   *     updates the cached objects in place); MEMORY_AND_DISK by default
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
      if (!storageLevel.deserialized() || !storageLevel.useMemory()) {
        throw new IllegalArgumentException("the Spark engine updates its cached neuron blocks "
            + "in place and needs a deserialized in-memory storage level, got "
            + storageLevel.description());
      }
    }

    /** No checkpoint directory, default fan-in. */
    public static Options defaults() {
      return new Options(null, 10, OrderedSum.DEFAULT_FAN_IN);
    }
  }

  /**
   * relu2/exp2 on the training inputs x, n x d column-major (broadcast once, not modified).
   */
  public SparkEngine(JavaSparkContext jsc, NetworkSpec spec, int numBlocks, double[] x, int n,
      int d, Options options) {
    this(jsc, spec, numBlocks, new DenseInputs(x, n, d), options, null, null);
  }

  /**
   * The blocks of {@code family} at initialization, generated where they will live.
   *
   * @param inputs what every block reads; broadcast once, not modified
   */
  public SparkEngine(JavaSparkContext jsc, Family family, int numBlocks, Inputs inputs,
      Options options) {
    this(jsc, family, numBlocks, inputs, options, null, null);
  }

  /**
   * relu2/exp2 blocks that start from files written by {@link #writeBlocks} (a checkpoint);
   * see {@link #fromBlockFiles(JavaSparkContext, Family, int, Inputs, Options, String, List)}.
   */
  public static SparkEngine fromBlockFiles(JavaSparkContext jsc, NetworkSpec spec, int numBlocks,
      double[] x, int n, int d, Options options, String dir, List<long[]> files) {
    return new SparkEngine(jsc, spec, numBlocks, new DenseInputs(x, n, d), options, dir, files);
  }

  /**
   * An engine whose blocks start from files written by {@link #writeBlocks} (a checkpoint)
   * instead of from the seed. Each block is read and checked, now, by the task that will own
   * it; a damaged file fails this call (naming the file) and leaves nothing cached.
   *
   * @param files {block id, bytes, CRC-32} per block, as writeBlocks returned them
   */
  public static SparkEngine fromBlockFiles(JavaSparkContext jsc, Family family, int numBlocks,
      Inputs inputs, Options options, String dir, List<long[]> files) {
    return new SparkEngine(jsc, family, numBlocks, inputs, options, dir, files);
  }

  private SparkEngine(JavaSparkContext jsc, Family family, int numBlocks, Inputs inputs,
      Options options, String blockDir, List<long[]> files) {
    // Read before any job, so that a bad setting costs nothing.
    ResidentTasks.Settings residentSettings = ResidentTasks.settings(jsc, numBlocks);
    this.jsc = jsc;
    this.family = family;
    this.numBlocks = numBlocks;
    this.fanIn = options.fanIn();
    this.checkpointDir = options.checkpointDir();
    this.checkpointEvery = options.checkpointEvery();
    this.checkpointPrefix = "widenet-blocks-" + UUID.randomUUID();
    this.inputsBroadcast = jsc.broadcast(inputs);
    List<Integer> ids = IntStream.range(0, numBlocks).boxed().toList();
    this.holders = jsc.parallelize(ids, numBlocks).map(BlockHolder::empty)
        .setName("neuronBlocks@init");
    holders.persist(options.storageLevel());
    BlockSource first = blockDir == null
        ? new BlockSource.Seed(family, family.layout(numBlocks))
        : filesSource(blockDir, files, -1);
    Broadcast<Inputs> in = inputsBroadcast;
    // One job loads (or generates) every block where it will live; damaged block files of a
    // checkpoint are found here, before training starts.
    List<Integer> versions;
    try {
      versions = holders.map(h -> h.load(first, in.value())).collect();
    } catch (Exception e) { // a failed Spark job is a (checked) SparkException
      holders.unpersist(false);
      inputsBroadcast.destroy();
      throw e;
    }
    int v = versions.get(0);
    for (int b = 0; b < versions.size(); b++) {
      if (versions.get(b) != v) {
        throw new IllegalStateException("block " + b + " holds " + versions.get(b)
            + " steps, block 0 " + v + ": the block files are from different iterations");
      }
    }
    this.version = v;
    this.source = blockDir == null ? first : filesSource(blockDir, files, v);
    this.log = new StepLog(v, StepLog.defaultLimit());
    this.resident = residentSettings == null ? null : new ResidentTasks(jsc, holders, family,
        inputsBroadcast, numBlocks, fanIn, residentSettings);
  }

  private BlockSource filesSource(String dir, List<long[]> files, int v) {
    if (files.size() != numBlocks) {
      throw new IllegalArgumentException("checkpoint " + dir + " lists " + files.size()
          + " blocks, expected " + numBlocks);
    }
    long[] crcs = new long[numBlocks];
    for (long[] f : files) {
      crcs[(int) f[0]] = f[2];
    }
    return new BlockSource.Files(family, dir, crcs,
        BlockFiles.settings(jsc.hadoopConfiguration()), v);
  }

  /**
   * Writes every current block to {@code dir/block-NNNNN.bin}, each by the executor that holds
   * it (one job; the blocks stay cached).
   *
   * @return {block id, bytes, CRC-32} per block, in block order
   */
  public List<long[]> writeBlocks(String dir) {
    Map<String, String> settings = BlockFiles.settings(jsc.hadoopConfiguration());
    int v = version;
    Family fam = family;
    List<long[]> files = new ArrayList<>(runChecked(() ->
        holders.map(h -> BlockFiles.write(h.at(v), fam, dir, settings)).collect()));
    files.sort(Comparator.comparingLong(f -> f[0]));
    if (files.size() != numBlocks) {
      throw new IllegalStateException("wrote " + files.size() + " block files, expected "
          + numBlocks);
    }
    return files;
  }

  /**
   * Makes the block files that {@link #writeBlocks} wrote (of the current weights) the source
   * a lost block is rebuilt from, and forgets the steps before them. The cached blocks stay.
   */
  public void reloadFrom(String dir, List<long[]> files) {
    source = filesSource(dir, files, version);
    log.restartAt(version);
  }

  /** Checks that every block is cached at the current weights (one job), catching up if not. */
  public void materialize() {
    int v = version;
    runChecked(() -> holders.map(h -> h.at(v).blockId()).count());
  }

  @Override
  public int numBlocks() {
    return numBlocks;
  }

  @Override
  public Family family() {
    return family;
  }

  @Override
  public Share advance(Update update, Pass pass, int iteration) {
    Family f = family;
    Broadcast<Inputs> in = inputsBroadcast;
    int to = version + (update == null ? 0 : 1);
    holders.setName("neuronBlocks@it" + iteration);
    Share sum = resident == null ? null : resident.advance(to, update, pass);
    if (sum == null) {
      sum = runChecked(() -> BlockShares.sumInOrder(jsc, holders, numBlocks, fanIn,
          h -> h.advance(to, update, f, in.value(), pass)));
    }
    if (update != null) {
      log.append(update);
      version = to;
      if (checkpointDir != null && checkpointEvery > 0 && version % checkpointEvery == 0) {
        checkpoint();
      }
    }
    return sum;
  }

  /** Writes the blocks under the checkpoint directory and makes them the source. */
  private void checkpoint() {
    String dir = new Path(new Path(checkpointDir, checkpointPrefix),
        String.format(java.util.Locale.ROOT, "step-%06d", version)).toString();
    List<long[]> files = writeBlocks(dir);
    reloadFrom(dir, files);
    String previous = lastCheckpointed;
    lastCheckpointed = dir;
    if (previous != null) {
      BlockFiles.deleteDirectory(previous, jsc.hadoopConfiguration());
    }
  }

  /**
   * Runs a job over the cached blocks; when a task finds its block behind (or half-updated),
   * brings every block up to date and runs the job again.
   */
  private <T> T runChecked(Supplier<T> job) {
    pauseResident();
    for (int tries = 0; ; tries++) {
      try {
        return TaskFailures.surfacingNumericalFaults(job);
      } catch (Exception e) {
        // Exception, not RuntimeException: Spark throws the checked SparkException undeclared.
        boolean stale = TaskFailures.isStaleBlock(e);
        if (!stale && !TaskFailures.isMisplacedBlock(e)) {
          throw e;
        }
        if (tries == CATCH_UP_TRIES) {
          throw notCached(e);
        }
        if (stale) {
          catchUp();
        }
        // A misplaced task: run the job again, and Spark places it where its block lives.
      }
    }
  }

  private IllegalStateException notCached(Exception cause) {
    return new IllegalStateException("the neuron blocks do not stay cached: after "
        + CATCH_UP_TRIES + " tries a task still found its block behind, or was handed a copy "
        + "of it. Every block must stay in the memory of one executor (" + numBlocks
        + " blocks of " + family.width() / numBlocks + " neurons): raise spark.executor.memory "
        + "(or the driver's, in local mode) or spark.memory.fraction, add executors, and "
        + "leave spark.locality.wait.process long", cause);
  }

  /**
   * One job that reloads every block that is behind the driver from the source and replays the
   * logged steps; the steps travel as one broadcast, destroyed after.
   */
  private void catchUp() {
    pauseResident();
    int target = version;
    BlockSource from = source;
    int logStart = log.start();
    Broadcast<List<Update>> logged = jsc.broadcast(log.steps());
    Family f = family;
    Broadcast<Inputs> in = inputsBroadcast;
    try {
      long replayed = 0;
      for (int tries = 0; ; tries++) {
        try {
          replayed = TaskFailures.surfacingNumericalFaults(() -> holders.map(h ->
              (long) h.catchUp(target, from, logStart, logged.value(), f, in.value(), true))
              .reduce(Long::sum));
          break;
        } catch (Exception e) { // a failed Spark job is a (checked) SparkException
          if (!TaskFailures.isMisplacedBlock(e)) {
            throw e;
          }
          if (tries == CATCH_UP_TRIES) {
            throw notCached(e);
          }
        }
      }
      replayedSteps += replayed;
      LOG.warning("neuron blocks were behind the driver (an executor was lost, or Spark "
          + "evicted or recomputed a cached block): rebuilt from " + from + " by replaying "
          + replayed + " steps in all");
    } finally {
      logged.destroy();
    }
  }

  /** Ends the resident block tasks, if running, before another job needs the cores. */
  private void pauseResident() {
    if (resident != null) {
      resident.stop("the engine runs another job");
    }
  }

  /** Whether this engine runs its steps on resident block tasks where it can. */
  public boolean residentTasksAsked() {
    return resident != null;
  }

  /** How many steps have run on resident block tasks so far (for tests and the bench). */
  public long residentSteps() {
    return resident == null ? 0 : resident.steps();
  }

  /** How many steps have been replayed to rebuild lost blocks so far (for tests and logs). */
  long replayedSteps() {
    return replayedSteps;
  }

  /**
   * Drops the cached blocks as an executor loss would, keeping the RDD persisted, so the next
   * job finds them rebuilt from the lineage (empty). For tests of the recovery path.
   */
  void dropCachedBlocks() {
    pauseResident();
    StorageLevel level = holders.getStorageLevel();
    holders.unpersist(true);
    holders.persist(level);
  }

  /**
   * One job: the payload is broadcast, every cached block runs {@code job} at the current
   * weights, the shares are merged like {@link #advance}'s, and the broadcast is destroyed.
   */
  @Override
  public Share reduce(BlockJob job, Object payload) {
    Broadcast<Inputs> in = inputsBroadcast;
    Broadcast<Object> pb = payload == null ? null : jsc.broadcast(payload);
    int at = version;
    try {
      return runChecked(() -> BlockShares.sumInOrder(jsc, holders, numBlocks, fanIn, h ->
          job.run(h.at(at), in.value(), pb == null ? null : pb.value())));
    } finally {
      if (pb != null) {
        pb.destroy();
      }
    }
  }

  /**
   * Hands the blocks to a longer-lived owner (a fitted model): an RDD of the current blocks
   * that rebuilds a lost one from the source and the steps since (kept in a broadcast), and
   * stays usable, with the broadcast inputs, after {@link #close()}.
   */
  @SuppressWarnings("unchecked")
  public <B extends Block> JavaRDD<B> detachBlocks() {
    pauseResident();
    detached = true;
    int target = version;
    BlockSource from = source;
    int logStart = log.start();
    Broadcast<List<Update>> logged = jsc.broadcast(log.steps());
    detachedLog = logged;
    Family f = family;
    Broadcast<Inputs> in = inputsBroadcast;
    // Training is over: the cached blocks drop what only training reads (a kept W(0), the
    // activation masks), now where they are cached and again in any block rebuilt later.
    runChecked(() -> holders.map(h -> {
      h.trimForServing(f, in.value());
      return h.blockId();
    }).count());
    return holders.map(h -> {
      h.catchUp(target, from, logStart, logged.value(), f, in.value(), false);
      h.trimForServing(f, in.value());
      return (B) h.at(target);
    });
  }

  /**
   * The broadcasts the RDD of {@link #detachBlocks()} reads when it rebuilds a lost block (the
   * inputs and the step log), for the RDD's owner to destroy when it releases the blocks: the
   * RDD cannot rebuild a block afterwards. Empty before detachBlocks.
   */
  public List<Broadcast<?>> detachedBroadcasts() {
    return detachedLog == null ? List.of() : List.of(inputsBroadcast, detachedLog);
  }

  /**
   * The current blocks (for saving the model; not collected to the driver). Every block is
   * checked, and brought up to date if it is behind, first; a block lost while the returned RDD
   * is used fails that job with a message saying so.
   */
  @SuppressWarnings("unchecked")
  public <B extends Block> JavaRDD<B> blocks() {
    materialize();
    int at = version;
    Family f = family;
    Broadcast<Inputs> in = inputsBroadcast;
    return holders.map(h -> (B) f.settled(h.at(at), in.value())).setName(holders.name());
  }

  /** The directory of the newest checkpoint the engine wrote itself, if any. */
  public Optional<String> lastCheckpointFile() {
    return Optional.ofNullable(lastCheckpointed);
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (resident != null) {
      resident.close();
    }
    if (!detached) {
      holders.unpersist(false);
      inputsBroadcast.destroy();
    }
  }
}

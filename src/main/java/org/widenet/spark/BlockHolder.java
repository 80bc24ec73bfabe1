package org.widenet.spark;

import java.util.List;
import org.widenet.model.BlockPartial;
import org.widenet.model.BlockStepper;
import org.widenet.model.NetworkSpec;
import org.widenet.model.NeuronBlock;
import org.widenet.model.Step;

/**
 * The one cached object per neuron block that the Spark engine updates in place, so an
 * executor holds a single copy of its blocks' weights (not the previous iteration's next to the
 * current one). Its version is the block's {@link NeuronBlock#stepsApplied}: a task checks it
 * against the driver's before touching the block, so a holder that Spark rebuilt from the
 * lineage (an executor was lost, the cache evicted it, a spill was read back) is detected and
 * brought forward by {@link #catchUp} instead of silently training from old weights. A holder is
 * marked dirty while a step is written into it and stays so if the task fails half-way.
 */
final class BlockHolder {
  private final int blockId;
  private NeuronBlock block;
  private boolean dirty;
  /**
   * True for the object Spark caches, made where it lives; false for a copy (a task that ran on
   * another executor fetched it, or it was read back from disk), since a transient field is
   * not serialized. Updating a copy would be lost, so only the original may step.
   */
  private transient boolean home;

  private BlockHolder(int blockId) {
    this.blockId = blockId;
  }

  /**
   * A holder with no block yet: what the cached RDD's lineage produces, so that rebuilding a
   * lost partition never reads files that may be gone; the driver then loads it from the
   * current source ({@link #load}, {@link #catchUp}).
   */
  static BlockHolder empty(int blockId) {
    BlockHolder h = new BlockHolder(blockId);
    h.home = true;
    return h;
  }

  /**
   * Replaces the block by its copy from {@code source}.
   *
   * @return the version loaded
   */
  int load(BlockSource source) {
    block = source.load(blockId);
    dirty = false;
    return version();
  }

  int blockId() {
    return blockId;
  }

  NeuronBlock block() {
    return block;
  }

  /** The block's steps applied, or -1 when it holds no block. */
  int version() {
    return block == null ? -1 : block.stepsApplied();
  }

  /**
   * The partial of the weights at version {@code to}: applies {@code step} in place when the
   * block is one step behind, returns the partial already computed when it is at {@code to}
   * (a task that Spark ran again), recomputes the forward pass when that partial was lost or
   * lacks the Gram.
   *
   * @throws StaleBlockException when the block is neither at {@code to} nor one step behind
   */
  BlockPartial advance(int to, Step step, NetworkSpec spec, double[] x, int n,
      boolean withGram) {
    int v = version();
    if (!dirty && step != null && v == to - 1) {
      requireHome();
      update(step, spec, x, n, withGram);
      return block.partial();
    }
    if (dirty || v != to) {
      throw new StaleBlockException(blockId, v, dirty, to);
    }
    BlockPartial p = block.partial();
    if (p == null || (withGram && p.gram() == null)) {
      update(null, spec, x, n, withGram);
      p = block.partial();
    }
    return withGram || p.gram() == null ? p
        : new BlockPartial(p.firstBlock(), p.u(), null, p.maxMove(), p.sumSquaredMove(),
            p.patternChanges());
  }

  /**
   * The block at version {@code to}, for reading (products, predictions, files).
   *
   * @throws StaleBlockException when it is not there
   */
  NeuronBlock at(int to) {
    if (dirty || version() != to) {
      throw new StaleBlockException(blockId, version(), dirty, to);
    }
    return block;
  }

  /**
   * Brings the block to at least version {@code to}: rebuilt from {@code source} when it is
   * dirty or older than the source, then the logged steps replayed (a block already past
   * {@code to}, having taken the step of a job that failed elsewhere, is left as it is). Replaying takes bit for bit the
   * steps the block first took (each depends only on the weights and the step vector).
   *
   * @param log the steps from {@code logStart} on: log.get(k) takes version logStart + k to
   *     the next
   * @param inCache whether the result must stay in Spark's cache (the catch-up job), which only
   *     the original holder can do; false to bring a copy up to date for reading
   * @return how many steps were replayed (0 when the block was up to date)
   * @throws MisplacedBlockException when {@code inCache} and this is a copy that needs work
   */
  int catchUp(int to, BlockSource source, int logStart, List<Step> log, NetworkSpec spec,
      double[] x, int n, boolean inCache) {
    if (inCache && (dirty || version() < to)) {
      requireHome();
    }
    if (dirty || version() < source.version()) {
      load(source);
    }
    int replayed = 0;
    while (version() < to) {
      int k = version() - logStart;
      if (k < 0) {
        throw new IllegalStateException("neuron block " + blockId + " was lost at step "
            + version() + " and the steps since then are no longer kept (widenet keeps them "
            + "from step " + logStart + "): set --checkpoint-dir so lost blocks can be "
            + "rebuilt from a checkpoint");
      }
      update(log.get(k), spec, x, n, false);
      replayed++;
    }
    return replayed;
  }

  private void requireHome() {
    if (!home) {
      throw new MisplacedBlockException(blockId);
    }
  }

  private void update(Step step, NetworkSpec spec, double[] x, int n, boolean withGram) {
    dirty = true;
    block = BlockStepper.advanceInPlace(block, spec, x, n, step, withGram);
    dirty = false;
  }
}

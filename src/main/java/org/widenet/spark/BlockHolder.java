package org.widenet.spark;

import java.util.List;
import org.widenet.model.Block;
import org.widenet.model.Family;
import org.widenet.model.Inputs;
import org.widenet.model.Pass;
import org.widenet.model.Share;
import org.widenet.model.Update;

/**
 * The one cached object per block that the Spark engine updates in place, for every family,
 * so an executor holds a single copy of its blocks' weights (not the previous iteration's next
 * to the current one). Its version is the block's {@link Block#stepsApplied}: a task checks it
 * against the driver's before touching the block, so a holder that Spark rebuilt from the
 * lineage (an executor was lost, the cache evicted it, a spill was read back) is detected and
 * brought forward by {@link #catchUp} instead of silently training from old weights. A holder is
 * marked dirty while an update is written into it and stays so if the task fails half-way.
 */
final class BlockHolder {
  private final int blockId;
  private Block block;
  private boolean dirty;
  /**
   * True for the object Spark caches, made where it lives; false for a copy (a task that ran on
   * another executor fetched it, or it was read back from disk), since a transient field is
   * not serialized. Updating a copy would be lost, so only the original may step.
   */
  private transient boolean home;
  /** The pass whose share the block carries ({@link Block#partial()}), null when unknown. */
  private transient Pass partialPass;

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
  int load(BlockSource source, Inputs inputs) {
    block = source.load(blockId, inputs);
    partialPass = null;
    dirty = false;
    return version();
  }

  int blockId() {
    return blockId;
  }

  Block block() {
    return block;
  }

  /** The block's updates applied, or -1 when it holds no block. */
  int version() {
    return block == null ? -1 : block.stepsApplied();
  }

  /**
   * The share of the weights at version {@code to}: applies {@code update} in place when the
   * block is one update behind, returns the share already computed when it is at {@code to}
   * with the same pass (a task that Spark ran again), recomputes the forward pass when that
   * share was lost or was of another pass.
   *
   * @throws StaleBlockException when the block is neither at {@code to} nor one update behind
   */
  Share advance(int to, Update update, Family family, Inputs inputs, Pass pass) {
    int v = version();
    if (!dirty && update != null && v == to - 1) {
      requireHome();
      apply(update, family, inputs, pass);
      return block.partial();
    }
    if (dirty || v != to) {
      throw new StaleBlockException(blockId, v, dirty, to);
    }
    if (block.partial() == null || !pass.equals(partialPass)) {
      apply(null, family, inputs, pass);
    }
    return block.partial();
  }

  /**
   * The block at version {@code to}, for reading (products, predictions, files).
   *
   * @throws StaleBlockException when it is not there
   */
  Block at(int to) {
    if (dirty || version() != to) {
      throw new StaleBlockException(blockId, version(), dirty, to);
    }
    return block;
  }

  /**
   * Brings the block to at least version {@code to}: rebuilt from {@code source} when it is
   * dirty or older than the source, then the logged updates replayed (a block already past
   * {@code to}, having taken the update of a job that failed elsewhere, is left as it is).
   * Replaying takes bit for bit the updates the block first took (each depends only on the
   * weights and the update).
   *
   * @param log the updates from {@code logStart} on: log.get(k) takes version logStart + k to
   *     the next
   * @param inCache whether the result must stay in Spark's cache (the catch-up job), which only
   *     the original holder can do; false to bring a copy up to date for reading
   * @return how many updates were replayed (0 when the block was up to date)
   * @throws MisplacedBlockException when {@code inCache} and this is a copy that needs work
   */
  int catchUp(int to, BlockSource source, int logStart, List<? extends Update> log,
      Family family,
      Inputs inputs, boolean inCache) {
    if (inCache && (dirty || version() < to)) {
      requireHome();
    }
    if (dirty || version() < source.version()) {
      load(source, inputs);
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
      apply(log.get(k), family, inputs, Pass.FORWARD);
      replayed++;
    }
    return replayed;
  }

  /**
   * Drops what only training reads from the cached block ({@link Block#forServing}) and forms
   * what serving reads ({@link Family#settled}): for the blocks a fitted model keeps after
   * training ended. The settled block is not stepped again.
   */
  void trimForServing(Family family, Inputs inputs) {
    if (block != null && !dirty) {
      block = family.settled(block, inputs).forServing();
    }
  }

  private void requireHome() {
    if (!home) {
      throw new MisplacedBlockException(blockId);
    }
  }

  private void apply(Update update, Family family, Inputs inputs, Pass pass) {
    dirty = true;
    partialPass = null;
    block = family.advance(block, inputs, update, pass);
    partialPass = pass;
    dirty = false;
  }
}

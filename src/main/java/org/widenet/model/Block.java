package org.widenet.model;

/**
 * The state one task owns: a contiguous range of neurons of one family, and how many updates
 * have been applied to it. Engines update a block in place ({@link Family#advance}) and read
 * it in jobs ({@link BlockJob}); they never look inside. Implementations are plain classes
 * (not records) so that Kryo can cache and ship them; fields that are only a cache of the last
 * pass (its share, kept activations) are transient and may be null after a block was
 * serialized.
 */
public interface Block {
  int blockId();

  /** The global index of the block's first neuron. */
  long firstNeuron();

  /** How many neurons the block holds. */
  int count();

  /** How many updates have been applied since initialization: the block's version. */
  int stepsApplied();

  /**
   * The share of the last {@link Family#advance} that produced this block, or null once the
   * block was serialized (cached to disk, shipped) or when it was just loaded.
   */
  Share partial();

  /**
   * This block as a fitted model holds it: the weights, without what only training reads
   * (a kept W(0), activation masks). By default the block itself.
   */
  default Block forServing() {
    return this;
  }
}

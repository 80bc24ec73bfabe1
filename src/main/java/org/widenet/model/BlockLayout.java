package org.widenet.model;

/**
 * How m neurons are split into P contiguous blocks of near-equal size: block b owns
 * neurons [start(b), start(b + 1)). With {@code pairAligned} (symmetric initialization) every
 * block starts at an even neuron, so the two neurons of a pair always share a block and
 * cancel exactly in the block's partial.
 */
public record BlockLayout(long width, int numBlocks, boolean pairAligned)
    implements java.io.Serializable {

  /** The layout a network's blocks use: pair-aligned when its initialization is symmetric. */
  public static BlockLayout of(NetworkSpec spec, int numBlocks) {
    return new BlockLayout(spec.width(), numBlocks, spec.symmetricInit());
  }

  public BlockLayout {
    if (pairAligned && numBlocks > width / 2) {
      throw new IllegalArgumentException("--partitions (" + numBlocks
          + ") cannot exceed --width / 2 (" + width / 2 + ") with --symmetric-init");
    }
    if (numBlocks < 1) {
      throw new IllegalArgumentException("--partitions must be at least 1, got " + numBlocks);
    }
    if (numBlocks > width) {
      throw new IllegalArgumentException(
          "--partitions (" + numBlocks + ") cannot exceed --width (" + width + ")");
    }
    if ((width + numBlocks - 1) / numBlocks > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("a block of " + width / numBlocks
          + " neurons is too large: raise --partitions");
    }
  }

  /** First neuron of block b (b may equal numBlocks, giving width). */
  public long start(int block) {
    long start = Math.floorDiv(width * (long) block, numBlocks);
    return pairAligned ? start & ~1L : start;
  }

  /** Number of neurons in block b. */
  public int count(int block) {
    return (int) (start(block + 1) - start(block));
  }
}

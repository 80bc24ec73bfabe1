package org.widenet.model;

/**
 * One block's additive share of a pass over the blocks (its partial outputs, Gram share,
 * movement statistics, a product J_b J_b^T v, ...), or the merge of the shares of a range of
 * blocks. Engines merge shares in block-id order only ({@link #plus} with a later range), so a
 * run repeats bit for bit whatever executor computed which block. Implementations are plain
 * classes (not records) so that Kryo can ship them as task results.
 */
public interface Share {
  /** The lowest block id merged into this share: the key shares are ordered by. */
  int firstBlock();

  /**
   * This share merged with {@code later}, which holds higher block ids and is of the same
   * class, as a new share; neither operand changes. A plain sum for most families, a
   * log-sum-exp merge for softmax2's normalizers.
   */
  Share plus(Share later);
}

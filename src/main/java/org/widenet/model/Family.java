package org.widenet.model;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * What a model family is to the engines: its math on one block, and nothing about where
 * blocks live. The engines ({@code train.LocalEngine}, {@code spark.SparkEngine}) own
 * everything generic: the block layout's use, the persisted blocks updated in place, the log of
 * updates and their replay after a lost executor, block files and checkpoints, the grouped
 * merge of shares in block-id order. A family supplies, as pure functions of a block and the
 * broadcast values:
 * <ul>
 *   <li>how m neurons split into blocks ({@link #layout}) and block b at initialization,
 *       generated from the seed alone ({@link #initial});
 *   <li>one update applied in place followed by the forward pass ({@link #advance}), the same
 *       arithmetic whether first run or replayed;
 *   <li>a block's encoding in a block file ({@link #writeBlock}, {@link #readBlock}).
 * </ul>
 * Read-only passes (Gram products, outputs on other inputs) are {@link BlockJob}s the family
 * hands the engine. Implementations are small immutable values that travel in task closures.
 */
public interface Family extends java.io.Serializable {
  /** The family's name on the command line and in saved files: relu2, exp2, softmax2, ... */
  String name();

  /** m, the number of neurons (rows of the trained layer). */
  long width();

  /** How m neurons split into {@code numBlocks} contiguous blocks. */
  BlockLayout layout(int numBlocks);

  /** Block {@code b} of {@code layout} at initialization, generated from the seed. */
  Block initial(Inputs inputs, BlockLayout layout, int b);

  /**
   * Applies {@code update} (none when null) to the block, then runs the forward pass at the
   * new weights as {@code pass} asks. May write the update into the block's own arrays, so no
   * second copy of the weights exists: the caller must use the returned block (which carries
   * its {@link Block#partial()}) and never {@code block} again. If this throws, the block may
   * hold a partly applied update; engines then rebuild it from a durable copy.
   *
   * @throws NumericalFaultException when an output is not finite (names block, neuron, row)
   */
  Block advance(Block block, Inputs inputs, Update update, Pass pass);

  /**
   * The block as serving and saving read it: a family whose blocks keep a form that needs the
   * training inputs to read (relu2's span form) forms its weights here. The default returns
   * the block. Changes nothing; the result is not stepped again.
   */
  default Block settled(Block block, Inputs inputs) {
    return block;
  }

  /** Writes the block's weights (everything but the header the engine writes) as raw bits. */
  void writeBlock(Block block, DataOutputStream out) throws IOException;

  /**
   * Reads what {@link #writeBlock} wrote for the block with this header.
   *
   * @throws IOException on a truncated stream; IllegalStateException when the contents do not
   *     fit the header
   */
  Block readBlock(DataInputStream in, int blockId, long firstNeuron, int count,
      int stepsApplied) throws IOException;
}

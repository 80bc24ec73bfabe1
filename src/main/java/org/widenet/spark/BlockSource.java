package org.widenet.spark;

import java.io.Serializable;
import java.util.Map;
import org.widenet.model.Block;
import org.widenet.model.BlockLayout;
import org.widenet.model.Family;
import org.widenet.model.Inputs;

/**
 * Where the Spark engine's blocks were last known durably: the seed (version 0) or the block
 * files of a checkpoint (its iteration). A block that was lost, evicted or left half-updated is
 * rebuilt from here and brought forward by replaying the logged updates.
 */
interface BlockSource extends Serializable {

  /** Block {@code b} as it was at {@link #version()}. */
  Block load(int b, Inputs inputs);

  /** How many updates the blocks from this source have had applied. */
  int version();

  /** The blocks of the initialization, generated from the seed. */
  record Seed(Family family, BlockLayout layout) implements BlockSource {
    @Override
    public Block load(int b, Inputs inputs) {
      return family.initial(inputs, layout, b);
    }

    @Override
    public int version() {
      return 0;
    }

    @Override
    public String toString() {
      return "init";
    }
  }

  /**
   * The block files {@link BlockFiles#write} wrote into {@code dir}, checked against their
   * recorded CRC-32s.
   */
  record Files(Family family, String dir, long[] crcs, Map<String, String> settings,
      int version) implements BlockSource {
    @Override
    public Block load(int b, Inputs inputs) {
      Block block = BlockFiles.read(family, dir, b, crcs[b], settings);
      if (version >= 0 && block.stepsApplied() != version) {
        throw new IllegalStateException("block file " + BlockFiles.fileName(b) + " in " + dir
            + " holds " + block.stepsApplied() + " steps, expected " + version);
      }
      return block;
    }

    @Override
    public String toString() {
      return dir;
    }
  }
}

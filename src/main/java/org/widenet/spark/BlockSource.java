package org.widenet.spark;

import java.io.Serializable;
import java.util.Map;
import org.widenet.model.BlockLayout;
import org.widenet.model.NetworkSpec;
import org.widenet.model.NeuronBlock;

/**
 * Where the Spark engine's blocks were last known durably: the seed (version 0) or the block
 * files of a checkpoint (its iteration). A block that was lost, evicted or left half-updated is
 * rebuilt from here and brought forward by replaying the logged steps.
 */
interface BlockSource extends Serializable {

  /** Block {@code b} as it was at {@link #version()}. */
  NeuronBlock load(int b);

  /** How many steps the blocks from this source have had applied. */
  int version();

  /** The blocks of the initialization, generated from the seed. */
  record Seed(NetworkSpec spec, BlockLayout layout, int d) implements BlockSource {
    @Override
    public NeuronBlock load(int b) {
      return NeuronBlock.initial(spec, layout, b, d);
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
  record Files(String dir, long[] crcs, Map<String, String> settings, int version)
      implements BlockSource {
    @Override
    public NeuronBlock load(int b) {
      NeuronBlock block = BlockFiles.read(dir, b, crcs[b], settings);
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

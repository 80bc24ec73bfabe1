package org.widenet.cli;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The warning for neuron blocks too large for Spark to spill or move. */
class BlockSizeWarningTest {
  @Test
  void blocksOfAFewHundredMegabytesAreFine() {
    // m = 10^6, d = 784, 8 blocks: 125,000 x 785 x 8 bytes = 0.73 GiB each.
    assertNull(TwoLayerTrainCommand.blockSizeWarning(1_000_000, 784, 8));
  }

  @Test
  void multiGigabyteBlocksNameEnoughPartitions() {
    // m = 10^6, d = 784, 2 blocks: 2.92 GiB each; 6.28e9 bytes / 1.5 GiB = 3.9, so 4 blocks.
    String w = TwoLayerTrainCommand.blockSizeWarning(1_000_000, 784, 2);
    assertTrue(w.contains("2.92 GiB") && w.contains("--partitions 4 or more"), w);
  }

  @Test
  void spanFormBlocksCountTheirStepFactors() {
    // m = 10^6, d = 784, n = 1000, 8 blocks: 125,000 x 1785 x 8 bytes = 1.66 GiB each.
    assertNull(TwoLayerTrainCommand.blockSizeWarning(1_000_000, 784, 0, 8));
    String w = TwoLayerTrainCommand.blockSizeWarning(1_000_000, 784, 1000, 8);
    assertTrue(w.contains("1.66 GiB") && w.contains("span-form step factors")
        && w.contains("--partitions 9 or more"), w);
  }
}

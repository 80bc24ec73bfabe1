package org.widenet.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BlockLayoutTest {

  @Test
  void blocksCoverEveryNeuronOnceWithNearEqualSizes() {
    for (long width : new long[] {1, 7, 100, 1_000_003}) {
      for (int blocks : new int[] {1, 2, 3, 7}) {
        if (blocks > width) {
          continue;
        }
        BlockLayout layout = new BlockLayout(width, blocks, false);
        long covered = 0;
        for (int b = 0; b < blocks; b++) {
          assertEquals(covered, layout.start(b));
          int count = layout.count(b);
          assertTrue(Math.abs(count - (double) width / blocks) < 1.0 + 1e-9);
          covered += count;
        }
        assertEquals(width, covered);
      }
    }
  }

  @Test
  void pairAlignedBlocksStartAtEvenNeurons() {
    BlockLayout layout = new BlockLayout(22, 4, true);
    long covered = 0;
    for (int b = 0; b < 4; b++) {
      assertEquals(0, layout.start(b) % 2);
      assertEquals(0, layout.count(b) % 2);
      assertTrue(layout.count(b) > 0);
      covered += layout.count(b);
    }
    assertEquals(22, covered);
  }

  @Test
  void tooManyBlocksNameTheOption() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new BlockLayout(5, 6, false));
    assertTrue(e.getMessage().contains("--partitions"));
    assertThrows(IllegalArgumentException.class, () -> new BlockLayout(10, 6, true));
    assertThrows(IllegalArgumentException.class, () -> new BlockLayout(10, 0, false));
  }
}

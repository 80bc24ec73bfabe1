package org.widenet.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.widenet.data.Dataset;
import org.widenet.data.SyntheticSpec;

/**
 * The benchmark's timing hook in the block step: one report per advance while installed, none
 * after, and the same numbers either way.
 */
class StepTimerTest {
  private static final NetworkSpec SPEC = new NetworkSpec(ModelFamily.RELU2, 300, 1.0, 3L,
      false);

  @AfterEach
  void uninstall() {
    StepTimer.uninstall();
  }

  @Test
  void reportsEachKernelOncePerAdvanceAndChangesNoResult() {
    Dataset data = SyntheticSpec.parse("sphere:n=40,d=5,target=random,seed=2").generate();
    BlockLayout layout = BlockLayout.of(SPEC, 2);
    NeuronBlock first = NeuronBlock.initial(SPEC, layout, 1, data.d());
    Step step = new Step(data.y(), 0.01);
    NeuronBlock untimed = BlockStepper.advance(first, SPEC, data.x(), data.n(), step, true);

    List<StepTimer.BlockTimes> seen = new CopyOnWriteArrayList<>();
    StepTimer.install(seen::add);
    NeuronBlock timed = BlockStepper.advance(first, SPEC, data.x(), data.n(), step, true);
    StepTimer.uninstall();
    BlockStepper.advance(first, SPEC, data.x(), data.n(), step, false);

    assertEquals(1, seen.size());
    StepTimer.BlockTimes t = seen.get(0);
    assertEquals(1, t.blockId());
    assertTrue(t.forwardNanos() > 0 && t.gradientNanos() > 0 && t.gramNanos() > 0, t.toString());
    assertTrue(t.otherNanos() >= 0, t.toString());
    assertArrayEquals(untimed.weights(), timed.weights());
    assertArrayEquals(untimed.partial().u(), timed.partial().u());
    assertArrayEquals(untimed.partial().gram(), timed.partial().gram());
  }

  @Test
  void chunkWidthIsEvenAndWithinTheBlock() {
    assertEquals(256, BlockStepper.chunkWidth(1000, 5000));
    assertEquals(326, BlockStepper.chunkWidth(100, 500));
    assertEquals(256, BlockStepper.chunkWidth(2000, 5000));
    assertEquals(7, BlockStepper.chunkWidth(100, 7));
    assertEquals(1, BlockStepper.chunkWidth(0, 1));
  }
}

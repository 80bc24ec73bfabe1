package org.widenet.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link SplitMixStream} against {@link SplittableRandom}, the generator every family's
 * initial weights were first drawn from: the same draws bit for bit, so W(0), the movement
 * statistics and resumed runs are unchanged.
 */
class SplitMixStreamTest {
  @Test
  void drawsWhatSplittableRandomDraws() {
    assertTrue(SplitMixStream.inlineGaussians(), "the inline draws pass their check on this JDK");
    SplitMixStream stream = new SplitMixStream(0L);
    for (long seed : new long[] {0, 1, -7, 77, 1L << 40, 0x123456789ABCDEFL}) {
      SplittableRandom reference = new SplittableRandom(seed);
      stream.reset(seed);
      assertEquals(reference.nextBoolean(), stream.nextBoolean(), "seed " + seed);
      // Enough Gaussians that the ziggurat's rare tail paths are taken too.
      for (int i = 0; i < 20_000; i++) {
        assertEquals(Double.doubleToRawLongBits(reference.nextGaussian()),
            Double.doubleToRawLongBits(stream.nextGaussian()), "seed " + seed + ", draw " + i);
      }
      assertEquals(reference.nextLong(), stream.nextLong());
      assertEquals(reference.nextDouble(), stream.nextDouble(), 0.0);
      assertEquals(reference.nextBoolean(), stream.nextBoolean());
    }
  }

  @Test
  void fillGaussiansScalesTheNextDraws() {
    double[] w = new double[10];
    new SplitMixStream(5L).fillGaussians(0.5, w, 2, 6);
    SplittableRandom reference = new SplittableRandom(5L);
    assertEquals(0.0, w[0], 0.0);
    assertEquals(0.0, w[1], 0.0);
    for (int k = 2; k < 8; k++) {
      assertEquals(0.5 * reference.nextGaussian(), w[k], 0.0);
    }
    assertEquals(0.0, w[8], 0.0);
  }

  /** A reset stream starts over; another seed draws something else. */
  @Test
  void resetRestartsTheStream() {
    SplitMixStream stream = new SplitMixStream(3L);
    double first = stream.nextGaussian();
    stream.nextGaussian();
    assertEquals(first, stream.reset(3L).nextGaussian(), 0.0);
    assertNotEquals(first, stream.reset(4L).nextGaussian());
  }
}

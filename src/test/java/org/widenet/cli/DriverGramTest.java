package org.widenet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The driver-memory estimate of the Gram path and the --driver-gram-limit values. */
class DriverGramTest {

  @Test
  void byteCountsTakeBinarySuffixes() {
    assertEquals(1024L, DriverGram.parseBytes("1k"));
    assertEquals(512L << 20, DriverGram.parseBytes("512m"));
    assertEquals(4L << 30, DriverGram.parseBytes("4G"));
    assertEquals(3L << 40, DriverGram.parseBytes("3tb"));
    assertEquals(123456L, DriverGram.parseBytes(" 123456 "));
  }

  @Test
  void badByteCountsAreRefused() {
    for (String bad : new String[] {"", "k", "1.5g", "-1", "0", "12q", "9999999999t"}) {
      assertThrows(IllegalArgumentException.class, () -> DriverGram.parseBytes(bad), bad);
    }
  }

  @Test
  void estimateCountsCollectedPartialsFourPackedGramsAndLapacksCopy() {
    // n = 12: 78 packed doubles; one partial: (1 + 4) * 78 + 144 = 534 doubles.
    assertEquals(8.0 * 534, DriverGram.bytesNeeded(12, 1, false));
    assertEquals(8.0 * (534 + 144), DriverGram.bytesNeeded(12, 1, true));
    assertEquals(1, DriverGram.partialsOnDriver(null));
    assertEquals(16, DriverGram.partialsOnDriver(16));
    assertEquals(2, DriverGram.partialsOnDriver(17));
    // n = 100,000 needs about 40 GiB even with one partial: beyond any default heap.
    assertTrue(DriverGram.bytesNeeded(100_000, 1, false) > 40e9);
  }

  @Test
  void sizesReadForPeople() {
    assertEquals("800 bytes", DriverGram.size(800));
    assertEquals("1.0 KiB", DriverGram.size(1024));
    assertEquals("1.5 GiB", DriverGram.size(1.5 * (1L << 30)));
  }

  @Test
  void defaultLimitIsAShareOfTheHeap() {
    long max = Runtime.getRuntime().maxMemory();
    assertEquals((long) (0.6 * max), DriverGram.defaultLimit());
    assertEquals(DriverGram.defaultLimit(), TrainOptions.parse(new String[] {"--synthetic",
        "sphere:n=10,d=3"}).driverGramLimit);
    assertEquals(2048L, TrainOptions.parse(new String[] {"--synthetic", "sphere:n=10,d=3",
        "--driver-gram-limit", "2k"}).driverGramLimit);
  }
}

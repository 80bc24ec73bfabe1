package org.widenet.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;

/**
 * The driver JVM's peak heap use over a case: the sum of the heap pools' peak usage since the
 * last {@link #reset()}. The pools peak at different moments, so this is an upper bound on the
 * true peak; it counts garbage not yet collected, which is what the heap must hold.
 */
public final class PeakMemory {
  private PeakMemory() {}

  /** Collects garbage (so the last case's does not count) and restarts the peaks. */
  public static void reset() {
    System.gc();
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP && pool.isValid()) {
        pool.resetPeakUsage();
      }
    }
  }

  /** Bytes: the sum of the heap pools' peaks since the last reset. */
  public static long peakHeapBytes() {
    long sum = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP && pool.isValid()) {
        sum += pool.getPeakUsage().getUsed();
      }
    }
    return sum;
  }
}

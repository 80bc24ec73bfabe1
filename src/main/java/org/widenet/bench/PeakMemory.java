package org.widenet.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * The driver JVM's heap over a case, two ways.
 * <ul>
 *   <li>{@link #peakHeapBytes}: the sum of the heap pools' peak usage since the last
 *       {@link #reset()}. The pools peak at different moments, so this is an upper bound on the
 *       true peak; it counts garbage not yet collected (per-step work arrays the young
 *       generation has not collected yet), so it grows with the young generation's size.
 *   <li>{@link #peakLiveBytes}: the largest heap use right after a garbage collection since
 *       the reset, and at a collection forced at the end of the case ({@link #sampleLive}),
 *       while the engine still holds its blocks: what survived, the weights included. A lower
 *       bound on the true peak of live data (work arrays that die between two collections are
 *       not seen); the ratio to the weights is the "one copy of the weights" check.
 * </ul>
 */
public final class PeakMemory {
  private static final AtomicLong LIVE = new AtomicLong();
  private static boolean listening;

  private PeakMemory() {}

  /** Collects garbage (so the last case's does not count) and restarts the peaks. */
  public static void reset() {
    listen();
    System.gc();
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP && pool.isValid()) {
        pool.resetPeakUsage();
      }
    }
    LIVE.set(heapUsed());
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

  /** Forces a collection and counts the heap still in use as a live sample. */
  public static void sampleLive() {
    System.gc();
    LIVE.accumulateAndGet(heapUsed(), Math::max);
  }

  /** Bytes: the largest heap use after a collection since the last reset. */
  public static long peakLiveBytes() {
    return LIVE.get();
  }

  private static long heapUsed() {
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  /** Listens to every collection's after-GC heap use (once per JVM). */
  private static synchronized void listen() {
    if (listening) {
      return;
    }
    listening = true;
    Set<String> heapPools = new HashSet<>();
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        heapPools.add(pool.getName());
      }
    }
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      if (gc instanceof NotificationEmitter emitter) {
        emitter.addNotificationListener((notification, handback) -> {
          if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(
              notification.getType())) {
            return;
          }
          GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from(
              (CompositeData) notification.getUserData());
          long used = 0;
          for (var e : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
            if (heapPools.contains(e.getKey())) {
              MemoryUsage u = e.getValue();
              used += u.getUsed();
            }
          }
          LIVE.accumulateAndGet(used, Math::max);
        }, null, null);
      }
    }
  }
}

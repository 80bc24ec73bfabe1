package org.widenet.model;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Shares the chunks of the blocks that one JVM advances at the same time among the threads
 * advancing them. A thread runs its own block's chunks first, then, while another block still
 * has chunks nobody took, takes those, and returns when every chunk of its own block is done.
 * So the threads of an executor (Spark's task slots, or the local engine's pool) finish a pass
 * together: a core that runs slower for a while, or a block that started late, no longer keeps
 * the other cores idle until it catches up (issue 17: at (1000, 784, 10^4) on 2 cores the
 * slower of two equal tasks finished a median 33 ms after the other).
 *
 * <p>Which thread runs a chunk changes no bit: a chunk writes only its own columns of the
 * block's arrays and its own result slot, and the caller merges the slots in chunk order.
 *
 * <p>{@code -Dwidenet.shareChunks=false} runs every block's chunks on its own thread only.
 */
final class ChunkSharing {
  /** One chunk of a block's pass. */
  @FunctionalInterface
  interface ChunkTask {
    void run(int chunk);
  }

  private static final boolean ENABLED =
      !"false".equalsIgnoreCase(System.getProperty("widenet.shareChunks", "true"));
  private static final ConcurrentLinkedQueue<Chunks> ACTIVE = new ConcurrentLinkedQueue<>();
  /** Chunks run by a thread other than their block's own, since the JVM started. */
  private static final AtomicLong HELPED = new AtomicLong();

  private ChunkSharing() {}

  /** Whether blocks share chunks in this JVM ({@code widenet.shareChunks}, on by default). */
  static boolean enabled() {
    return ENABLED;
  }

  /** How many chunks ran on a thread other than their block's own (for tests and logs). */
  static long helpedChunks() {
    return HELPED.get();
  }

  /**
   * Runs {@code task} for chunks 0 .. chunks-1, on this thread and on any other thread in this
   * method at the same time with none of its own chunks left, and returns when all have run.
   *
   * @param share false runs every chunk here, in order (a pass whose chunks write a common
   *     array, such as the Gram share)
   * @throws RuntimeException the first failure of any chunk (the other chunks still ran)
   */
  static void run(int chunks, boolean share, ChunkTask task) {
    if (!share || !ENABLED || chunks <= 1) {
      for (int k = 0; k < chunks; k++) {
        task.run(k);
      }
      return;
    }
    Chunks mine = new Chunks(chunks, task, Thread.currentThread());
    ACTIVE.add(mine);
    try {
      mine.work();
      for (Chunks other = open(); other != null; other = open()) {
        other.work();
      }
    } finally {
      ACTIVE.remove(mine);
      mine.awaitDone();
    }
    mine.rethrow();
  }

  /** A pass of another thread with chunks nobody took yet, or null. */
  private static Chunks open() {
    for (Chunks p : ACTIVE) {
      if (p.hasOpenChunks()) {
        return p;
      }
    }
    return null;
  }

  /** One block's chunks: claimed one at a time by any thread, counted down as they finish. */
  private static final class Chunks {
    private final int chunks;
    private final ChunkTask task;
    private final Thread owner;
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicInteger remaining;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    Chunks(int chunks, ChunkTask task, Thread owner) {
      this.chunks = chunks;
      this.task = task;
      this.owner = owner;
      this.remaining = new AtomicInteger(chunks);
    }

    boolean hasOpenChunks() {
      return next.get() < chunks;
    }

    /** Runs chunks of this pass until none is left to take. */
    void work() {
      boolean helping = Thread.currentThread() != owner;
      for (int k = next.getAndIncrement(); k < chunks; k = next.getAndIncrement()) {
        try {
          if (failure.get() == null) {
            task.run(k);
            if (helping) {
              HELPED.incrementAndGet();
            }
          }
        } catch (Throwable t) { // recorded for the owner, which rethrows it
          failure.compareAndSet(null, t);
        } finally {
          if (remaining.decrementAndGet() == 0) {
            synchronized (this) {
              notifyAll();
            }
          }
        }
      }
    }

    /** Waits, without giving up on an interrupt, for chunks other threads are running. */
    void awaitDone() {
      boolean interrupted = false;
      synchronized (this) {
        while (remaining.get() > 0) {
          try {
            wait();
          } catch (InterruptedException e) {
            interrupted = true;
          }
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }

    void rethrow() {
      Throwable t = failure.get();
      if (t instanceof RuntimeException r) {
        throw r;
      }
      if (t instanceof Error e) {
        throw e;
      }
      if (t != null) {
        throw new IllegalStateException(t);
      }
    }
  }
}

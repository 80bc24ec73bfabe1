package org.widenet.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Threads that advance blocks at the same time share their chunks: every chunk runs exactly
 * once, a thread with none of its own left runs another's, a pass returns only when all its
 * chunks have run, and a chunk's failure reaches its own pass, wherever it ran.
 */
class ChunkSharingTest {

  @Test
  void aThreadWithNothingLeftRunsTheChunksOfAnother() throws Exception {
    int slowChunks = 40;
    AtomicIntegerArray runs = new AtomicIntegerArray(slowChunks);
    Thread[] ranOn = new Thread[slowChunks];
    CountDownLatch start = new CountDownLatch(1);
    AtomicReference<Throwable> failed = new AtomicReference<>();
    int[] missingAtReturn = {-1};
    // The fast pass starts once the slow one is under way, with 39 chunks nobody took.
    CountDownLatch slowStarted = new CountDownLatch(1);
    Thread slow = new Thread(() -> {
      await(start);
      ChunkSharing.run(slowChunks, true, k -> {
        slowStarted.countDown();
        runs.incrementAndGet(k);
        ranOn[k] = Thread.currentThread();
        sleep(5);
      });
      int missing = 0;
      for (int k = 0; k < slowChunks; k++) {
        missing += runs.get(k) == 1 ? 0 : 1;
      }
      missingAtReturn[0] = missing;
    });
    Thread fast = new Thread(() -> {
      await(slowStarted);
      ChunkSharing.run(2, true, k -> { });
    });
    for (Thread t : List.of(slow, fast)) {
      t.setUncaughtExceptionHandler((th, e) -> failed.set(e));
      t.start();
    }
    start.countDown();
    slow.join();
    fast.join();
    assertNull(failed.get());
    assertEquals(0, missingAtReturn[0], "chunks not run exactly once when the pass returned");
    List<Thread> helpers = new ArrayList<>();
    for (Thread t : ranOn) {
      if (t != slow) {
        helpers.add(t);
      }
    }
    assertTrue(helpers.stream().allMatch(t -> t == fast), "only the two threads ran chunks");
    assertTrue(!helpers.isEmpty(), "the fast thread took none of the slow pass's chunks");
  }

  @Test
  void aFailureReachesItsOwnPassWhereverTheChunkRan() throws Exception {
    IllegalStateException boom = new IllegalStateException("chunk 30 failed");
    CountDownLatch start = new CountDownLatch(1);
    AtomicReference<Throwable> ownerSaw = new AtomicReference<>();
    AtomicReference<Throwable> otherSaw = new AtomicReference<>();
    Thread owner = new Thread(() -> {
      await(start);
      try {
        ChunkSharing.run(40, true, k -> {
          sleep(2);
          if (k == 30) {
            throw boom;
          }
        });
      } catch (Throwable t) {
        ownerSaw.set(t);
      }
    });
    Thread other = new Thread(() -> {
      await(start);
      try {
        ChunkSharing.run(2, true, k -> { });
      } catch (Throwable t) {
        otherSaw.set(t);
      }
    });
    owner.start();
    other.start();
    start.countDown();
    owner.join();
    other.join();
    assertSame(boom, ownerSaw.get());
    assertNull(otherSaw.get(), "a helper does not see the failure of another pass");
  }

  @Test
  void anUnsharedPassRunsInOrderOnTheCallingThread() {
    List<Integer> order = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    ChunkSharing.run(5, false, k -> {
      order.add(k);
      threads.add(Thread.currentThread());
    });
    assertEquals(List.of(0, 1, 2, 3, 4), order);
    assertTrue(threads.stream().allMatch(t -> t == Thread.currentThread()));
    assertThrows(ArithmeticException.class, () -> ChunkSharing.run(3, false, k -> {
      throw new ArithmeticException("first");
    }));
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }
}

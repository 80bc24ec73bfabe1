package org.widenet.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;
import org.widenet.model.BlockJob;
import org.widenet.model.Family;
import org.widenet.model.Share;
import org.widenet.model.StepTimer.BlockTimes;
import org.widenet.model.Update;
import org.widenet.train.BlockEngine;

/**
 * Wraps an engine and records, for every pass, its wall time and the per-block kernel times
 * that arrived through {@link #sink()} while it ran. Everything else is passed through, so the
 * driver loop (the real {@link org.widenet.train.Trainer} for Gauss-Newton) runs unchanged.
 */
final class TimedEngine implements BlockEngine {
  /** One advance call: the iteration it was asked for, its wall time, its blocks' times. */
  record Timed(int iteration, double seconds, List<BlockTimes> blocks) {}

  private final BlockEngine inner;
  private final ConcurrentLinkedQueue<BlockTimes> arrived = new ConcurrentLinkedQueue<>();
  private final List<Timed> passes = new ArrayList<>();

  TimedEngine(BlockEngine inner) {
    this.inner = inner;
  }

  /** Where {@link org.widenet.model.StepTimer} should send block times (thread-safe). */
  Consumer<BlockTimes> sink() {
    return arrived::add;
  }

  @Override
  public Family family() {
    return inner.family();
  }

  @Override
  public int numBlocks() {
    return inner.numBlocks();
  }

  @Override
  public Share advance(Update update, org.widenet.model.Pass pass, int iteration) {
    arrived.clear();
    long start = System.nanoTime();
    Share sum = inner.advance(update, pass, iteration);
    double seconds = (System.nanoTime() - start) / 1e9;
    List<BlockTimes> blocks = new ArrayList<>();
    for (BlockTimes b; (b = arrived.poll()) != null; ) {
      blocks.add(b);
    }
    passes.add(new Timed(iteration, seconds, List.copyOf(blocks)));
    return sum;
  }

  /** The latest pass asked for this iteration. */
  Timed pass(int iteration) {
    for (int i = passes.size() - 1; i >= 0; i--) {
      if (passes.get(i).iteration() == iteration) {
        return passes.get(i);
      }
    }
    throw new IllegalStateException("no engine pass for iteration " + iteration);
  }

  @Override
  public Share reduce(BlockJob job, Object payload) {
    return inner.reduce(job, payload);
  }

  @Override
  public void close() {
    inner.close();
  }
}

package org.widenet.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;
import org.widenet.model.BlockPartial;
import org.widenet.model.Step;
import org.widenet.model.StepTimer.BlockTimes;
import org.widenet.train.BlockEngine;

/**
 * Wraps an engine and records, for every pass, its wall time and the per-block kernel times
 * that arrived through {@link #sink()} while it ran. Everything else is passed through, so the
 * driver loop (the real {@link org.widenet.train.Trainer} for Gauss-Newton) runs unchanged.
 */
final class TimedEngine implements BlockEngine {
  /** One advance call: the iteration it was asked for, its wall time, its blocks' times. */
  record Pass(int iteration, double seconds, List<BlockTimes> blocks) {}

  private final BlockEngine inner;
  private final ConcurrentLinkedQueue<BlockTimes> arrived = new ConcurrentLinkedQueue<>();
  private final List<Pass> passes = new ArrayList<>();

  TimedEngine(BlockEngine inner) {
    this.inner = inner;
  }

  /** Where {@link org.widenet.model.StepTimer} should send block times (thread-safe). */
  Consumer<BlockTimes> sink() {
    return arrived::add;
  }

  @Override
  public int numBlocks() {
    return inner.numBlocks();
  }

  @Override
  public BlockPartial advance(Step step, boolean withGram, int iteration) {
    arrived.clear();
    long start = System.nanoTime();
    BlockPartial sum = inner.advance(step, withGram, iteration);
    double seconds = (System.nanoTime() - start) / 1e9;
    List<BlockTimes> blocks = new ArrayList<>();
    for (BlockTimes b; (b = arrived.poll()) != null; ) {
      blocks.add(b);
    }
    passes.add(new Pass(iteration, seconds, List.copyOf(blocks)));
    return sum;
  }

  /** The latest pass asked for this iteration. */
  Pass pass(int iteration) {
    for (int i = passes.size() - 1; i >= 0; i--) {
      if (passes.get(i).iteration() == iteration) {
        return passes.get(i);
      }
    }
    throw new IllegalStateException("no engine pass for iteration " + iteration);
  }

  @Override
  public double[] predict(double[] x, int rows) {
    return inner.predict(x, rows);
  }

  @Override
  public double[] gramTimes(double[] v) {
    return inner.gramTimes(v);
  }

  @Override
  public void close() {
    inner.close();
  }
}

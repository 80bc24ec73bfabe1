package org.widenet.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
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

  /** Any engine call (advance or reduce): when it started, how long it ran. */
  record Call(int iteration, boolean advance, long startNanos, double seconds) {}

  private final BlockEngine inner;
  private final ConcurrentLinkedQueue<BlockTimes> arrived = new ConcurrentLinkedQueue<>();
  private final List<Timed> passes = new ArrayList<>();
  private final List<Call> calls = new ArrayList<>();
  private int lastIteration;
  private IntConsumer beforeAdvance = t -> { };

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

  /** Runs {@code hook} with the iteration before every pass starts (outside its time). */
  void beforeAdvance(IntConsumer hook) {
    beforeAdvance = hook;
  }

  @Override
  public Share advance(Update update, org.widenet.model.Pass pass, int iteration) {
    beforeAdvance.accept(iteration);
    arrived.clear();
    long start = System.nanoTime();
    Share sum = inner.advance(update, pass, iteration);
    double seconds = (System.nanoTime() - start) / 1e9;
    List<BlockTimes> blocks = new ArrayList<>();
    for (BlockTimes b; (b = arrived.poll()) != null; ) {
      blocks.add(b);
    }
    passes.add(new Timed(iteration, seconds, List.copyOf(blocks)));
    calls.add(new Call(iteration, true, start, seconds));
    lastIteration = iteration;
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
    long start = System.nanoTime();
    Share sum = inner.reduce(job, payload);
    calls.add(new Call(lastIteration, false, start, (System.nanoTime() - start) / 1e9));
    return sum;
  }

  /** Every call so far, in call order. */
  List<Call> calls() {
    return List.copyOf(calls);
  }

  @Override
  public void close() {
    // The live heap with the blocks still cached: the weights and whatever else survived.
    PeakMemory.sampleLive();
    inner.close();
  }
}

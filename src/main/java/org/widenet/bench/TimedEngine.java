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
import org.widenet.spark.SparkEngine;
import org.widenet.train.BlockEngine;

/**
 * Wraps an engine and records, for every pass, its wall time and the per-block kernel times
 * that arrived through {@link #sink()} while it ran. Everything else is passed through, so the
 * driver loop (the real {@link org.widenet.train.Trainer} for Gauss-Newton) runs unchanged.
 */
final class TimedEngine implements BlockEngine {
  /**
   * One advance call: the iteration it was asked for, its wall time, its blocks' times, and
   * whether it ran on the Spark engine's resident block tasks (not as a Spark job).
   */
  record Timed(int iteration, double seconds, List<BlockTimes> blocks, boolean resident) {}

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
    long residentBefore = residentSteps();
    long start = System.nanoTime();
    Share sum = inner.advance(update, pass, iteration);
    double seconds = (System.nanoTime() - start) / 1e9;
    boolean resident = residentSteps() > residentBefore;
    List<BlockTimes> blocks = new ArrayList<>();
    for (BlockTimes b; (b = arrived.poll()) != null; ) {
      blocks.add(b);
    }
    passes.add(new Timed(iteration, seconds, List.copyOf(blocks), resident));
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

  /**
   * "resident tasks ran K of N passes after the warm-up" when the Spark engine was asked for
   * resident block tasks and not every pass after {@code warmup} ran on them (the tasks do not
   * start with fewer task slots than blocks, and a Gram share over the limit sends Gram passes
   * to jobs); else "".
   */
  String residentNote(int warmup) {
    if (!(inner instanceof SparkEngine spark) || !spark.residentTasksAsked()) {
      return "";
    }
    int timed = 0;
    int resident = 0;
    for (Timed t : passes) {
      if (t.iteration() > warmup) {
        timed++;
        resident += t.resident() ? 1 : 0;
      }
    }
    return resident == timed ? ""
        : "resident tasks ran " + resident + " of " + timed + " passes after the warm-up";
  }

  private long residentSteps() {
    return inner instanceof SparkEngine spark ? spark.residentSteps() : 0;
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

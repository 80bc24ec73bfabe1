package org.widenet.model;

import java.util.function.Consumer;

/**
 * Where {@link BlockStepper#advance} spends its time, for {@code widenet bench}. While a sink is
 * installed, every call of advance reports one {@link BlockTimes}: nanoseconds in the forward
 * products, in the gradient step, in the Gram share, and in total. With no sink installed (the
 * normal case) advance reads no clock; each hook below is a field test that returns at once.
 *
 * <p>The sink is one static per JVM, so it sees the blocks advanced in this JVM only: all of
 * them for the local engine and for the Spark engine on a {@code local[...]} master (executors
 * are threads of the driver), none from executors in other JVMs. A sink must be thread-safe:
 * Spark runs several blocks at once.
 *
 * <p>This is the seam a rewrite of the block step keeps: mark the start of a kernel with
 * {@link #now()}, its end with {@link #forward}, {@link #gradient} or {@link #gram}.
 */
public final class StepTimer {

  /**
   * One call of advance on one block.
   *
   * @param forwardNanos Z = X W products (before and after the step) and the output share u
   * @param gradientNanos the step W -= coef X^T (phi'(Z) o s a^T), without recomputing Z
   * @param gramNanos the packed Gram share C C^T
   * @param totalNanos the whole call, including weight copies, movement and pattern statistics
   */
  public record BlockTimes(int blockId, long forwardNanos, long gradientNanos, long gramNanos,
      long totalNanos) {

    /** Time in advance outside the three kernels. */
    public long otherNanos() {
      return totalNanos - forwardNanos - gradientNanos - gramNanos;
    }
  }

  private static final StepTimer OFF = new StepTimer(null, -1);
  private static volatile Consumer<BlockTimes> sink;

  private final Consumer<BlockTimes> target;
  private final int blockId;
  private final long started;
  private long forward;
  private long gradient;
  private long gram;

  private StepTimer(Consumer<BlockTimes> target, int blockId) {
    this.target = target;
    this.blockId = blockId;
    this.started = target == null ? 0L : System.nanoTime();
  }

  /** Sends every later advance's times in this JVM to {@code times} (replacing any sink). */
  public static void install(Consumer<BlockTimes> times) {
    sink = times;
  }

  /** Stops timing: advance reads no clock again. */
  public static void uninstall() {
    sink = null;
  }

  /** A timer for one advance of one block; a shared no-op when no sink is installed. */
  static StepTimer start(int blockId) {
    Consumer<BlockTimes> s = sink;
    return s == null ? OFF : new StepTimer(s, blockId);
  }

  /** The clock now, or 0 when off. */
  long now() {
    return target == null ? 0L : System.nanoTime();
  }

  /** Adds the time since {@code mark} to the forward share; returns the clock now. */
  long forward(long mark) {
    if (target == null) {
      return 0L;
    }
    long t = System.nanoTime();
    forward += t - mark;
    return t;
  }

  /** Adds the time since {@code mark} to the gradient share; returns the clock now. */
  long gradient(long mark) {
    if (target == null) {
      return 0L;
    }
    long t = System.nanoTime();
    gradient += t - mark;
    return t;
  }

  /** Adds the time since {@code mark} to the Gram share; returns the clock now. */
  long gram(long mark) {
    if (target == null) {
      return 0L;
    }
    long t = System.nanoTime();
    gram += t - mark;
    return t;
  }

  /** Reports this block's times to the sink it started with. */
  void finish() {
    if (target != null) {
      target.accept(new BlockTimes(blockId, forward, gradient, gram,
          System.nanoTime() - started));
    }
  }
}

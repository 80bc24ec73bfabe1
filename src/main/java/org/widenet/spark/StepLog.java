package org.widenet.spark;

import java.util.ArrayList;
import java.util.List;
import org.widenet.model.Update;

/**
 * The driver's record of the steps taken since the blocks' {@link BlockSource}, from which a
 * lost or evicted block is rebuilt by replay. Each step is one family update (8 n bytes for relu2's); when the
 * record outgrows its limit the oldest steps are dropped, and a block lost before the first
 * kept step can then only come back from a checkpoint (the error says so).
 */
final class StepLog {
  private final long limitBytes;
  private final List<Update> steps = new ArrayList<>();
  private int start;
  private long bytes;

  /**
   * @param start the version of the first step to be appended (the source's version)
   * @param limitBytes how many bytes of step vectors to keep at most
   */
  StepLog(int start, long limitBytes) {
    this.start = start;
    this.limitBytes = limitBytes;
  }

  /** The default limit: an eighth of the driver's heap, at most 1 GiB. */
  static long defaultLimit() {
    return Math.min(1L << 30, Runtime.getRuntime().maxMemory() / 8);
  }

  /** Records the step that takes the blocks from version {@link #end()} to the next. */
  void append(Update step) {
    steps.add(step);
    bytes += step.bytes();
    while (bytes > limitBytes && steps.size() > 1) {
      bytes -= steps.remove(0).bytes();
      start++;
    }
  }

  /** Forgets every step: the blocks are now durable at {@code version}. */
  void restartAt(int version) {
    steps.clear();
    bytes = 0;
    start = version;
  }

  /** The version the first kept step applies to. */
  int start() {
    return start;
  }

  /** The version after the last kept step. */
  int end() {
    return start + steps.size();
  }

  /** The kept steps, oldest first (a copy). */
  List<Update> steps() {
    return new ArrayList<>(steps);
  }
}

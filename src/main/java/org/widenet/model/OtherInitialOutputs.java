package org.widenet.model;

import java.lang.ref.WeakReference;
import java.util.Arrays;

/**
 * X' W(0) of a span-form block on the last other rows X' it was scored on
 * ({@link SpanStepper#outputsOn}), so that scoring the same rows again (a held-out set at every
 * iteration) neither draws W(0) again nor multiplies by it: only {@code -(X' X^T) A} is left.
 *
 * <p>One holder rides along with a block's successors in memory only, like Z(0), and is never
 * serialized; a block read back starts without one. It keeps a copy of the rows (one copy
 * shared by the JVM's blocks that scored them), so a caller that refills its array with other
 * rows gets them scored afresh. The entries are the bits the uncached path computes, chunk by
 * chunk with the same products, so a hit changes time, never a result. The caller keeps rows
 * of at most the training rows' count, so a holder never outgrows the block's own Z(0).
 */
final class OtherInitialOutputs {
  private double[] rows;
  private int rowCount;
  private double[] outputs;

  /** X' W(0) (rowCount x count) when {@code other} holds the remembered rows, else null. */
  synchronized double[] lookup(double[] other, int rowCount, int d) {
    if (outputs == null || this.rowCount != rowCount) {
      return null;
    }
    int size = rowCount * d;
    return Arrays.equals(rows, 0, size, other, 0, size) ? outputs : null;
  }

  /** The remembered rows, rowCount x d (read only), or null. */
  synchronized double[] rows() {
    return rows;
  }

  /** Remembers {@code outputs} = X' W(0) for a copy of the rows. */
  synchronized void remember(double[] other, int rowCount, int d, double[] outputs) {
    this.rows = sharedCopy(other, rowCount * d);
    this.rowCount = rowCount;
    this.outputs = outputs;
  }

  /** The copy of the rows the blocks of this JVM last remembered, while one still holds it. */
  private static WeakReference<double[]> lastRows = new WeakReference<>(null);

  /**
   * A copy of {@code other}'s first {@code size} entries, the same array for every block of the
   * JVM that scores the same rows in a row: one copy per executor, not one per block.
   */
  private static synchronized double[] sharedCopy(double[] other, int size) {
    double[] last = lastRows.get();
    if (last != null && last.length == size && Arrays.equals(last, 0, size, other, 0, size)) {
      return last;
    }
    double[] copy = Arrays.copyOf(other, size);
    lastRows = new WeakReference<>(copy);
    return copy;
  }
}

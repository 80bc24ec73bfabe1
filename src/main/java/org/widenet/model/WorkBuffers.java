package org.widenet.model;

/**
 * Per-thread work arrays for the block step, reused across blocks and iterations: Spark runs
 * tasks on a pool of long-lived threads, so an executor allocates its tiles once per task slot
 * instead of once per block per iteration. Contents are whatever the last user left: every
 * caller writes a region before reading it. Output arrays (u, the Gram share, the new weights)
 * are never taken from here.
 */
public final class WorkBuffers {
  static final int A_CHUNK = 0;
  static final int Z = 1;
  static final int WORK = 2;
  static final int U_CHUNK = 3;
  static final int W0 = 4;
  /** Y = diag(s) X of a ReLU step, n x d: the one work array whose size follows d, not m. */
  static final int Y_ROWS = 5;
  private static final int SLOTS = 6;

  private static final ThreadLocal<double[][]> BUFFERS =
      ThreadLocal.withInitial(() -> new double[SLOTS][]);

  /**
   * Slots of the other families' tile loops ({@link #tile}): smooth2's block pass and deep-last's
   * row tiles. Their own set, so that they never need to agree with the slots above.
   */
  public static final int TILE_Z = 0;
  public static final int TILE_P = 1;
  public static final int TILE_BACK = 2;
  public static final int TILE_JACOBIAN = 3;
  private static final int TILE_SLOTS = 4;

  private static final ThreadLocal<double[][]> TILE_BUFFERS =
      ThreadLocal.withInitial(() -> new double[TILE_SLOTS][]);

  private WorkBuffers() {}

  /**
   * This thread's tile work array for {@code slot} ({@link #TILE_Z}, ...), at least
   * {@code length} long (grown as needed). The same rules as {@link #get}: a caller writes a
   * region before it reads it, and no output is ever taken from here.
   */
  public static double[] tile(int slot, int length) {
    double[][] mine = TILE_BUFFERS.get();
    if (mine[slot] == null || mine[slot].length < length) {
      mine[slot] = new double[length];
    }
    return mine[slot];
  }

  /** This thread's array for {@code slot}, at least {@code length} long (grown as needed). */
  static double[] get(int slot, int length) {
    double[][] mine = BUFFERS.get();
    if (mine[slot] == null || mine[slot].length < length) {
      mine[slot] = new double[length];
    }
    return mine[slot];
  }
}

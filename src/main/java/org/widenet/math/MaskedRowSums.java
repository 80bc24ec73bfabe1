package org.widenet.math;

import java.util.Arrays;

/**
 * The ReLU gradient product {@code W -= coef * X^T (diag(s) M diag(a))} for a 0/1 mask M, as
 * sums of rows instead of a matrix product: column r of the product is
 * {@code a_r * sum_{i : M_ir = 1} s_i x_i}, a sum over the subset of the scaled rows
 * {@code y_i = s_i x_i} that neuron r's mask selects.
 *
 * <p>The rows are taken in groups of {@value #GROUP_ROWS}. For each group a table holds the sums
 * of all 2^{@value #GROUP_ROWS} subsets of its rows (each entry one addition from a smaller
 * one), and a neuron then adds the one entry its {@value #GROUP_ROWS} mask bits name: one
 * addition per group where the product spends {@value #GROUP_ROWS} multiply-adds (the method of
 * the Four Russians). {@value #GROUPS_AT_ONCE} groups are added at once, so a neuron's running
 * sum is read and written once per {@value #GROUPS_AT_ONCE} lookups. The columns of Y are
 * processed in tiles of about {@value #TILE_TARGET}, so a tile's tables and running sums stay in
 * the core's own cache. Measured against single-threaded OpenBLAS dgemm at (n, d, chunk) =
 * (2000, 784, 256): 11 ms against 17 to 21 ms for the product and its factor matrix.
 *
 * <p>Every sum is taken in one fixed order, set by n alone (the groups of rows, in order, and
 * within a table entry its rows in order); the tile width does not enter any sum. So results
 * are the same bits on every machine and run, whatever the chunk or thread. They differ from a
 * BLAS product's in the last bits, as any two orders of a sum do.
 *
 * <p>Scratch (the tables and the running sums, 0.6 MB for 256 neurons) is kept per thread.
 * Like {@link BlockKernels}, a method overwrites only the arrays its documentation names and
 * throws {@link IllegalArgumentException} on a negative dimension or a too-short array.
 */
public final class MaskedRowSums {
  /** Rows per table: 2^5 = 32 entries. 4 and 6 measured 5 to 15% slower at (2000, 784). */
  static final int GROUP_ROWS = 5;
  /** Groups whose entries a neuron adds at once (1: 30% slower). */
  static final int GROUPS_AT_ONCE = 4;
  /** Target columns per tile: the tables and the sums of 256 neurons take 0.6 MB. */
  static final int TILE_TARGET = 196;

  private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

  private MaskedRowSums() {}

  /**
   * {@code y := diag(s) X}, written row-major (row i of Y at {@code y[i d .. i d + d)}), the
   * layout {@link #subtract} reads.
   *
   * @param x X, n x d column-major, read only
   * @param s the per-row factors, length n, read only
   * @param y overwritten: n d entries
   */
  public static void scaledRows(int n, int d, double[] x, double[] s, double[] y) {
    int size = Checks.size("n", n, "d", d);
    Checks.length("x", x, size);
    Checks.length("s", s, n);
    Checks.length("y", y, size);
    for (int k = 0; k < d; k++) {
      int col = k * n;
      for (int i = 0; i < n; i++) {
        y[i * d + k] = s[i] * x[col + i];
      }
    }
  }

  /**
   * {@code w_r += (-coef * a_r) * sum_{i : bit set} y_i} for each of the mb neurons r: the
   * ReLU step {@code W -= coef * X^T (diag(s) M diag(a))} given {@code Y = diag(s) X}.
   *
   * @param y Y = diag(s) X, n x d row-major ({@link #scaledRows}), read only
   * @param mask bit {@code firstBit + i + r n} is M_ir, read only
   * @param firstBit the bit of row 0 of neuron 0
   * @param a output weights, length mb, read only
   * @param w d x mb column-major from {@code wOffset}, updated in place
   */
  public static void subtract(int n, int d, int mb, double[] y, long[] mask, long firstBit,
      double[] a, double coef, double[] w, int wOffset) {
    subtract(n, d, mb, y, mask, firstBit, a, coef, w, wOffset, tileWidth(d));
  }

  /** {@link #subtract} with the columns in tiles of {@code tile}; the bits do not depend on it. */
  static void subtract(int n, int d, int mb, double[] y, long[] mask, long firstBit, double[] a,
      double coef, double[] w, int wOffset, int tile) {
    int size = Checks.size("n", n, "d", d);
    Checks.length("y", y, size);
    Checks.length("a", a, mb);
    Checks.length("w", w, wOffset + Checks.size("d", d, "mb", mb));
    if (firstBit < 0 || (firstBit + (long) n * mb + 63) / 64 > mask.length) {
      throw new IllegalArgumentException("mask has " + mask.length + " words, too few for bits "
          + firstBit + " + " + n + " x " + mb);
    }
    if (n == 0 || d == 0 || mb == 0) {
      return;
    }
    Scratch scratch = SCRATCH.get().fit(mb, tile);
    int groups = (n + GROUP_ROWS - 1) / GROUP_ROWS;
    for (int k0 = 0; k0 < d; k0 += tile) {
      int t = Math.min(tile, d - k0);
      double[][] sums = scratch.sums;
      for (int r = 0; r < mb; r++) {
        Arrays.fill(sums[r], 0.0);
      }
      for (int g0 = 0; g0 < groups; g0 += GROUPS_AT_ONCE) {
        for (int j = 0; j < GROUPS_AT_ONCE; j++) {
          int g = g0 + j;
          if (g < groups) {
            fillTable(scratch, j, n, d, y, g * GROUP_ROWS, k0, t);
            entries(scratch.entries[j], n, mb, mask, firstBit, g * GROUP_ROWS);
          } else {
            Arrays.fill(scratch.entries[j], 0, mb, 0); // entry 0, the empty sum: adds +0.0
          }
        }
        addEntries(scratch, mb, tile);
      }
      for (int r = 0; r < mb; r++) {
        double f = -coef * a[r];
        double[] sum = sums[r];
        int o = wOffset + r * d + k0;
        for (int q = 0; q < t; q++) {
          w[o + q] += f * sum[q];
        }
      }
    }
  }

  /** Columns per tile for d features: d split into equal tiles of at most about TILE_TARGET. */
  static int tileWidth(int d) {
    int tiles = Math.max(1, (d + TILE_TARGET - 1) / TILE_TARGET);
    return Math.max(1, (d + tiles - 1) / tiles);
  }

  /**
   * Table j := the sums of every subset of rows first.. (up to GROUP_ROWS of them) over the
   * tile's columns: entry p is entry (p without its highest bit b) + y_{first + b}, so each
   * entry adds its rows in increasing order. Columns past the tile's end hold zeros.
   */
  private static void fillTable(Scratch scratch, int j, int n, int d, double[] y, int first,
      int k0, int t) {
    double[][] table = scratch.tables[j];
    double[] row = scratch.row;
    int rows = Math.min(GROUP_ROWS, n - first);
    Arrays.fill(table[0], 0.0);
    for (int b = 0; b < rows; b++) {
      System.arraycopy(y, (first + b) * d + k0, row, 0, t);
      Arrays.fill(row, t, row.length, 0.0);
      int base = 1 << b;
      for (int p = 0; p < base; p++) {
        double[] from = table[p];
        double[] to = table[p + base];
        // One index for all three arrays: the JIT vectorizes this loop.
        for (int q = 0; q < row.length; q++) {
          to[q] = from[q] + row[q];
        }
      }
    }
  }

  /** entries[r] := the GROUP_ROWS mask bits of neuron r from row first on, as a number. */
  private static void entries(int[] entries, int n, int mb, long[] mask, long firstBit,
      int first) {
    int rows = Math.min(GROUP_ROWS, n - first);
    long keep = (1L << rows) - 1;
    for (int r = 0; r < mb; r++) {
      long bit = firstBit + (long) r * n + first;
      int shift = (int) (bit & 63);
      int word = (int) (bit >>> 6);
      long bits = mask[word] >>> shift;
      if (shift + rows > 64) {
        bits |= mask[word + 1] << (64 - shift);
      }
      entries[r] = (int) (bits & keep);
    }
  }

  /**
   * sums[r] += the GROUPS_AT_ONCE entries neuron r names, added pairwise. The loop's body is
   * kept this small on purpose: HotSpot C2 (17) unrolls, and so vectorizes, only loops below
   * LoopUnrollLimit's 60 nodes; eight entries at once exceeded it and ran 1.7x slower.
   */
  private static void addEntries(Scratch scratch, int mb, int tile) {
    double[][] t0 = scratch.tables[0];
    double[][] t1 = scratch.tables[1];
    double[][] t2 = scratch.tables[2];
    double[][] t3 = scratch.tables[3];
    int[] e0 = scratch.entries[0];
    int[] e1 = scratch.entries[1];
    int[] e2 = scratch.entries[2];
    int[] e3 = scratch.entries[3];
    double[][] sums = scratch.sums;
    for (int r = 0; r < mb; r++) {
      double[] s0 = t0[e0[r]];
      double[] s1 = t1[e1[r]];
      double[] s2 = t2[e2[r]];
      double[] s3 = t3[e3[r]];
      double[] sum = sums[r];
      for (int q = 0; q < tile; q++) {
        sum[q] += (s0[q] + s1[q]) + (s2[q] + s3[q]);
      }
    }
  }

  /** One thread's tables, running sums and entry numbers, grown to the widest call so far. */
  private static final class Scratch {
    double[][][] tables = new double[GROUPS_AT_ONCE][1 << GROUP_ROWS][0];
    double[][] sums = new double[0][0];
    int[][] entries = new int[GROUPS_AT_ONCE][0];
    double[] row = new double[0];

    /** Makes every row exactly tile long (the loops' bound) and room for mb neurons. */
    Scratch fit(int mb, int tile) {
      if (row.length != tile) {
        row = new double[tile];
        tables = new double[GROUPS_AT_ONCE][1 << GROUP_ROWS][tile];
        sums = new double[Math.max(mb, sums.length)][tile];
      } else if (sums.length < mb) {
        sums = new double[mb][tile];
      }
      if (entries[0].length < mb) {
        entries = new int[GROUPS_AT_ONCE][mb];
      }
      return this;
    }
  }
}

package org.widenet.model;

import java.util.Arrays;

/**
 * What one pass over the blocks returns besides the outputs: whether each block adds its
 * Gram share, on which rows the outputs are wanted (all rows, or a mini-batch's), and a
 * family's own request (deep-last: the sketch to build). A block re-run by Spark with the same
 * pass may return the share it already computed; another pass at the same weights recomputes
 * its forward pass. Immutable; travels in task closures.
 */
public final class Pass implements java.io.Serializable {
  private static final long serialVersionUID = 1L;
  /** Outputs on every row, no Gram share: a plain forward pass (also what replays use). */
  public static final Pass FORWARD = new Pass(false, null, null);
  /** Outputs on every row with the Gram share. */
  public static final Pass WITH_GRAM = new Pass(true, null, null);

  private final boolean withGram;
  private final int[] evalRows;
  private final java.io.Serializable request;

  private Pass(boolean withGram, int[] evalRows, java.io.Serializable request) {
    this.withGram = withGram;
    this.evalRows = evalRows;
    this.request = request;
  }

  /**
   * Every field at once.
   *
   * @param evalRows the rows whose outputs are wanted (copied), or null for all rows
   * @param request a family's own request, compared with equals (a record, say), or null
   */
  public static Pass of(boolean withGram, int[] evalRows, java.io.Serializable request) {
    return new Pass(withGram, evalRows == null ? null : evalRows.clone(), request);
  }

  /** All rows, with or without the Gram share. */
  public static Pass of(boolean withGram) {
    return withGram ? WITH_GRAM : FORWARD;
  }

  /** Outputs on {@code rows} only (null: all rows), no Gram share. */
  public static Pass onRows(int[] rows) {
    return rows == null ? FORWARD : new Pass(false, rows.clone(), null);
  }

  public boolean withGram() {
    return withGram;
  }

  /** The rows the outputs are wanted on, in order, or null for all rows (not copied). */
  public int[] evalRows() {
    return evalRows;
  }

  /** The family's own request, or null. */
  public java.io.Serializable request() {
    return request;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Pass p && p.withGram == withGram && Arrays.equals(p.evalRows, evalRows)
        && java.util.Objects.equals(p.request, request);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * Boolean.hashCode(withGram) + Arrays.hashCode(evalRows))
        + java.util.Objects.hashCode(request);
  }
}

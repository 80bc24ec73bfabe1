package org.widenet.train;

import java.util.ArrayList;
import java.util.List;
import org.widenet.model.BlockPartial;
import org.widenet.model.Share;

/**
 * The one merge order every engine uses, so engines agree bit for bit: blocks are taken in id
 * order in groups of {@code fanIn}; each group is merged left to right, then the group merges
 * left to right. The Spark engine merges each group on an executor and the group merges on the
 * driver, which keeps the driver's memory at one share (one Gram, say) per group.
 */
public final class OrderedSum {
  /** Default group size: how many block Grams one reducer or the driver holds at once. */
  public static final int DEFAULT_FAN_IN = 16;

  private OrderedSum() {}

  /** The group a block's share is merged in. */
  public static int group(int blockId, int fanIn) {
    return blockId / fanIn;
  }

  /**
   * Merges shares that are already in ascending block order, left to right. Every share must
   * be of one class ({@link Share#plus} returns its own class).
   */
  @SuppressWarnings("unchecked")
  public static <S extends Share> S sequential(List<S> inOrder) {
    if (inOrder.isEmpty()) {
      throw new IllegalArgumentException("nothing to sum");
    }
    S total = inOrder.get(0);
    for (int i = 1; i < inOrder.size(); i++) {
      total = (S) total.plus(inOrder.get(i));
    }
    return total;
  }

  /** c * u of a summed partial, as a new array: the network's outputs. */
  public static double[] scaledOutputs(BlockPartial sum, double scale) {
    double[] f = new double[sum.u().length];
    for (int i = 0; i < f.length; i++) {
      f[i] = scale * sum.u()[i];
    }
    return f;
  }

  /** The grouped merge of shares in ascending block order (block i at index i). */
  public static <S extends Share> S grouped(List<S> inBlockOrder, int fanIn) {
    if (inBlockOrder.size() <= fanIn) {
      return sequential(inBlockOrder);
    }
    List<S> groupSums = new ArrayList<>();
    for (int start = 0; start < inBlockOrder.size(); start += fanIn) {
      int end = Math.min(inBlockOrder.size(), start + fanIn);
      groupSums.add(sequential(inBlockOrder.subList(start, end)));
    }
    return sequential(groupSums);
  }
}

package org.widenet.smooth;

import java.util.ArrayList;
import java.util.List;
import org.widenet.train.OrderedSum;

/**
 * {@link OrderedSum}'s summation order for smooth2 partials: blocks in id order in groups of
 * fanIn, each group left to right, then the group sums left to right. Every engine uses it, so
 * local and Spark runs agree bit for bit.
 */
public final class SmoothSum {
  private SmoothSum() {}

  /** Sums partials already in ascending block order, left to right. */
  public static SmoothPartial sequential(List<SmoothPartial> inOrder) {
    if (inOrder.isEmpty()) {
      throw new IllegalArgumentException("nothing to sum");
    }
    SmoothPartial total = inOrder.get(0);
    for (int i = 1; i < inOrder.size(); i++) {
      total = total.plus(inOrder.get(i));
    }
    return total;
  }

  /** The grouped sum of partials in ascending block order (block i at index i). */
  public static SmoothPartial grouped(List<SmoothPartial> inBlockOrder, int fanIn) {
    if (inBlockOrder.size() <= fanIn) {
      return sequential(inBlockOrder);
    }
    List<SmoothPartial> groupSums = new ArrayList<>();
    for (int start = 0; start < inBlockOrder.size(); start += fanIn) {
      int end = Math.min(inBlockOrder.size(), start + fanIn);
      groupSums.add(sequential(inBlockOrder.subList(start, end)));
    }
    return sequential(groupSums);
  }
}

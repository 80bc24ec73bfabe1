package org.widenet.smooth;

import java.util.ArrayList;
import java.util.List;
import org.widenet.train.OrderedSum;

/** Runs every smooth2 block in this JVM: the reference the Spark engine is tested against. */
public final class SmoothLocalEngine implements SmoothEngine {
  private final SmoothSpec spec;
  private final double[] x;
  private final int n;
  private final int fanIn;
  private List<SmoothBlock> blocks;

  /** @param x training inputs, n x d0 column-major (kept by reference, not modified) */
  public SmoothLocalEngine(SmoothSpec spec, int numBlocks, double[] x, int n) {
    this(spec, numBlocks, x, n, OrderedSum.DEFAULT_FAN_IN);
  }

  public SmoothLocalEngine(SmoothSpec spec, int numBlocks, double[] x, int n, int fanIn) {
    if (numBlocks < 1 || numBlocks > spec.width()) {
      throw new IllegalArgumentException("--partitions must be in [1, width], got " + numBlocks);
    }
    this.spec = spec;
    this.x = x;
    this.n = n;
    this.fanIn = fanIn;
    blocks = new ArrayList<>(numBlocks);
    for (int b = 0; b < numBlocks; b++) {
      blocks.add(SmoothBlock.initial(spec, b, SmoothEngine.blockStart(spec.width(), numBlocks, b),
          SmoothEngine.blockCount(spec.width(), numBlocks, b)));
    }
  }

  @Override
  public int numBlocks() {
    return blocks.size();
  }

  @Override
  public SmoothPartial advance(SmoothStep step, int[] evalRows, boolean withGram,
      int iteration) {
    List<SmoothBlock> next = new ArrayList<>(blocks.size());
    List<SmoothPartial> partials = new ArrayList<>(blocks.size());
    for (SmoothBlock block : blocks) {
      SmoothBlock advanced = SmoothStepper.advance(block, spec, x, n, step, evalRows, withGram);
      next.add(advanced);
      partials.add(advanced.partial());
    }
    blocks = next;
    return SmoothSum.grouped(partials, fanIn);
  }

  @Override
  public double[] predict(double[] xOther, int rows) {
    List<SmoothPartial> partials = new ArrayList<>(blocks.size());
    for (SmoothBlock block : blocks) {
      partials.add(new SmoothPartial(block.blockId(),
          SmoothStepper.outputsOn(block, spec, xOther, rows), null, null, null, 0, 0, 0));
    }
    return SmoothSum.grouped(partials, fanIn).outputs();
  }

  @Override
  public List<SmoothBlock> collectBlocks() {
    return List.copyOf(blocks);
  }

  @Override
  public void close() {
    blocks = List.of();
  }
}

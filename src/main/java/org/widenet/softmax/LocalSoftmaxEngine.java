package org.widenet.softmax;

import java.util.ArrayList;
import java.util.List;
import org.widenet.model.BlockLayout;

/** The softmax2 engine as a plain loop over blocks held in this JVM. */
public final class LocalSoftmaxEngine implements SoftmaxEngine {
  private final SoftmaxSpec spec;
  private final double[] x;
  private final int n;
  private List<SoftmaxBlock> blocks;

  /** Blocks at initialization. x (n x d) is kept, not copied. */
  public LocalSoftmaxEngine(SoftmaxSpec spec, int numBlocks, double[] x, int n, int d) {
    this.spec = spec;
    this.x = x;
    this.n = n;
    BlockLayout layout = SoftmaxBlock.layout(spec, numBlocks);
    blocks = new ArrayList<>();
    for (int b = 0; b < numBlocks; b++) {
      blocks.add(SoftmaxBlock.initial(spec, layout, b, d));
    }
  }

  /** An engine over given blocks (in block order), e.g. a saved model's. */
  public LocalSoftmaxEngine(SoftmaxSpec spec, List<SoftmaxBlock> blocks, double[] x, int n) {
    this.spec = spec;
    this.x = x;
    this.n = n;
    this.blocks = new ArrayList<>(blocks);
  }

  @Override
  public int numBlocks() {
    return blocks.size();
  }

  @Override
  public SoftmaxPartial advance(StepState state) {
    List<SoftmaxBlock> next = new ArrayList<>(blocks.size());
    List<SoftmaxPartial> partials = new ArrayList<>(blocks.size());
    for (SoftmaxBlock block : blocks) {
      SoftmaxBlock advanced = BlockSteps.advance(block, spec, x, n, state);
      next.add(advanced);
      partials.add(advanced.partial());
    }
    blocks = next;
    return SoftmaxPartial.mergeInOrder(partials);
  }

  @Override
  public SoftmaxPartial evaluate(double[] xOther, int rows) {
    List<SoftmaxPartial> partials = new ArrayList<>(blocks.size());
    for (SoftmaxBlock block : blocks) {
      partials.add(BlockSteps.evaluate(block, xOther, rows));
    }
    return SoftmaxPartial.mergeInOrder(partials);
  }

  @Override
  public double[] crossShare(StepState train, double[] xTest, int rows, StepState test) {
    double[] total = null;
    for (SoftmaxBlock block : blocks) {
      double[] share = BlockSteps.crossShare(block, spec, x, n, train, xTest, rows, test);
      if (total == null) {
        total = share;
      } else {
        for (int p = 0; p < total.length; p++) {
          total[p] += share[p];
        }
      }
    }
    return total;
  }

  @Override
  public List<SoftmaxBlock> collectBlocks() {
    return List.copyOf(blocks);
  }

  @Override
  public void close() {
    blocks = List.of();
  }
}

package org.widenet.train;

import java.util.ArrayList;
import java.util.List;
import org.widenet.model.BlockLayout;
import org.widenet.model.BlockPartial;
import org.widenet.model.BlockStepper;
import org.widenet.model.GramProducts;
import org.widenet.model.NetworkSpec;
import org.widenet.model.NeuronBlock;
import org.widenet.model.Step;

/**
 * Runs every neuron block in this JVM, one after another. It is the reference the Spark
 * engine is tested against, and a fast way to run small studies without a cluster.
 */
public final class LocalEngine implements BlockEngine {
  private final NetworkSpec spec;
  private final double[] x;
  private final int n;
  private final int fanIn;
  private List<NeuronBlock> blocks;

  /**
   * @param x the training inputs, n x d column-major (kept by reference, not modified)
   */
  public LocalEngine(NetworkSpec spec, int numBlocks, double[] x, int n, int d) {
    this(spec, numBlocks, x, n, d, OrderedSum.DEFAULT_FAN_IN);
  }

  public LocalEngine(NetworkSpec spec, int numBlocks, double[] x, int n, int d, int fanIn) {
    this.spec = spec;
    this.x = x;
    this.n = n;
    this.fanIn = fanIn;
    BlockLayout layout = BlockLayout.of(spec, numBlocks);
    blocks = new ArrayList<>(numBlocks);
    for (int b = 0; b < numBlocks; b++) {
      blocks.add(NeuronBlock.initial(spec, layout, b, d));
    }
  }

  @Override
  public int numBlocks() {
    return blocks.size();
  }

  @Override
  public BlockPartial advance(Step step, boolean withGram, int iteration) {
    List<NeuronBlock> next = new ArrayList<>(blocks.size());
    List<BlockPartial> partials = new ArrayList<>(blocks.size());
    for (NeuronBlock block : blocks) {
      NeuronBlock advanced = BlockStepper.advance(block, spec, x, n, step, withGram);
      next.add(advanced);
      partials.add(advanced.partial());
    }
    blocks = next;
    return OrderedSum.grouped(partials, fanIn);
  }

  @Override
  public double[] gramTimes(double[] v) {
    List<BlockPartial> products = new ArrayList<>(blocks.size());
    for (NeuronBlock block : blocks) {
      products.add(new BlockPartial(block.blockId(),
          GramProducts.jacobianGramTimes(block, spec, x, n, v), null, 0, 0, 0));
    }
    return OrderedSum.grouped(products, fanIn).u();
  }

  @Override
  public double[] predict(double[] xOther, int rows) {
    List<BlockPartial> partials = new ArrayList<>(blocks.size());
    for (NeuronBlock block : blocks) {
      partials.add(new BlockPartial(block.blockId(),
          BlockStepper.outputsOn(block, spec, xOther, rows), null, 0, 0, 0));
    }
    return OrderedSum.scaledOutputs(OrderedSum.grouped(partials, fanIn), spec.outputScale());
  }

  /** The current blocks, in id order (for tests and for saving a locally trained model). */
  public List<NeuronBlock> blocks() {
    return List.copyOf(blocks);
  }

  @Override
  public void close() {
    blocks = List.of();
  }
}

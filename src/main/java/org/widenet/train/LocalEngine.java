package org.widenet.train;

import java.util.ArrayList;
import java.util.List;
import org.widenet.model.Block;
import org.widenet.model.BlockJob;
import org.widenet.model.BlockLayout;
import org.widenet.model.DenseInputs;
import org.widenet.model.Family;
import org.widenet.model.Inputs;
import org.widenet.model.NetworkSpec;
import org.widenet.model.Pass;
import org.widenet.model.Share;
import org.widenet.model.Update;

/**
 * Runs every block of any family in this JVM, one after another, updated in place. It is the
 * reference the Spark engine is tested against, and a fast way to run small studies without a
 * cluster.
 */
public final class LocalEngine implements BlockEngine {
  private final Family family;
  private final Inputs inputs;
  private final int fanIn;
  private List<Block> blocks;

  /**
   * relu2/exp2 on the training inputs x, n x d column-major (kept by reference, not modified).
   */
  public LocalEngine(NetworkSpec spec, int numBlocks, double[] x, int n, int d) {
    this(spec, numBlocks, x, n, d, OrderedSum.DEFAULT_FAN_IN);
  }

  public LocalEngine(NetworkSpec spec, int numBlocks, double[] x, int n, int d, int fanIn) {
    this(spec, numBlocks, new DenseInputs(x, n, d), fanIn);
  }

  /**
   * The blocks of {@code family} at initialization.
   *
   * @param inputs what every block reads (kept by reference, not modified)
   * @param fanIn how many shares one merge group holds
   */
  public LocalEngine(Family family, int numBlocks, Inputs inputs, int fanIn) {
    this.family = family;
    this.inputs = inputs;
    this.fanIn = fanIn;
    BlockLayout layout = family.layout(numBlocks);
    blocks = new ArrayList<>(numBlocks);
    for (int b = 0; b < numBlocks; b++) {
      blocks.add(family.initial(inputs, layout, b));
    }
  }

  @Override
  public Family family() {
    return family;
  }

  @Override
  public int numBlocks() {
    return blocks.size();
  }

  @Override
  public Share advance(Update update, Pass pass, int iteration) {
    List<Share> partials = new ArrayList<>(blocks.size());
    for (int b = 0; b < blocks.size(); b++) {
      Block next = family.advance(blocks.get(b), inputs, update, pass);
      blocks.set(b, next);
      partials.add(next.partial());
    }
    return OrderedSum.grouped(partials, fanIn);
  }

  @Override
  public Share reduce(BlockJob job, Object payload) {
    List<Share> shares = new ArrayList<>(blocks.size());
    for (Block block : blocks) {
      shares.add(job.run(block, inputs, payload));
    }
    return OrderedSum.grouped(shares, fanIn);
  }

  /**
   * The current blocks, in id order (for tests and for saving a locally trained model). They
   * are the engine's own: the next {@link #advance} updates them in place.
   */
  @SuppressWarnings("unchecked")
  public <B extends Block> List<B> blocks() {
    return (List<B>) List.copyOf(blocks);
  }

  @Override
  public void close() {
    blocks = List.of();
  }
}

package org.widenet.deep;

import java.util.ArrayList;
import java.util.List;

/** All row blocks in this JVM, processed one after another in block order. */
public final class DeepLocalEngine implements DeepEngine {
  private final DeepSpec spec;
  private final LayerPass.Result frozen;
  private final double[] kv;
  private final List<DeepBlock> blocks = new ArrayList<>();

  /**
   * @param x the inputs, d x n (column i = x_i)
   */
  public DeepLocalEngine(DeepSpec spec, int numBlocks, SparseColumns x) {
    if (numBlocks < 1 || numBlocks > spec.width()) {
      throw new IllegalArgumentException("block count must be in [1, m], got " + numBlocks);
    }
    this.spec = spec;
    this.frozen = LayerPass.run(spec, x, (layer, input) -> {
      List<SparseColumns> parts = new ArrayList<>();
      for (int b = 0; b < numBlocks; b++) {
        parts.add(LayerPass.blockLayer(spec, layer, LayerPass.firstRow(spec.width(),
            numBlocks, b), LayerPass.rowCount(spec.width(), numBlocks, b), input));
      }
      return parts;
    });
    this.kv = frozen.v().gram();
    for (int b = 0; b < numBlocks; b++) {
      blocks.add(DeepBlock.initial(spec, numBlocks, b, frozen.v()));
    }
  }

  /** Returns every block to W_L(0) (for benchmarks that train several times). */
  public void restart() {
    blocks.replaceAll(DeepBlock::restarted);
  }

  @Override
  public int numBlocks() {
    return blocks.size();
  }

  @Override
  public LayerPass.Result frozen() {
    return frozen;
  }

  @Override
  public double[] kv() {
    return kv.clone();
  }

  /** The current blocks (read only), for tests. */
  public List<DeepBlock> blocks() {
    return List.copyOf(blocks);
  }

  @Override
  public DeepPartial advance(double[] step, boolean gram, SketchRequest sketch) {
    List<DeepPartial> partials = new ArrayList<>();
    for (int b = 0; b < blocks.size(); b++) {
      DeepBlock next = blocks.get(b).advance(spec, step, kv, gram, sketch);
      blocks.set(b, next);
      partials.add(next.partial());
    }
    return DeepPartial.sumInOrder(partials);
  }

  @Override
  public double[] gramTimes(double[] x) {
    List<DeepPartial> partials = new ArrayList<>();
    for (DeepBlock block : blocks) {
      partials.add(new DeepPartial(block.blockId(), block.gramTimes(kv, x), null, 0, 0, null));
    }
    return DeepPartial.sumInOrder(partials).f();
  }

  @Override
  public void close() {}
}

package org.widenet.softmax;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.widenet.model.Block;
import org.widenet.model.BlockLayout;
import org.widenet.model.DenseInputs;
import org.widenet.model.Family;
import org.widenet.model.Inputs;
import org.widenet.model.Pass;
import org.widenet.model.RawDoubles;
import org.widenet.model.Update;
import org.widenet.train.BlockEngine;
import org.widenet.train.LocalEngine;
import org.widenet.train.OrderedSum;

/**
 * softmax2 as a {@link Family} of the generic engines: blocks of {@link SoftmaxSpec}'s neurons
 * ({@link SoftmaxBlock}), stepped in place by {@link SoftmaxStep}s ({@link BlockSteps#advance}),
 * their shares the log-sum-exp {@link SoftmaxPartial}s. The Gram share at the current weights
 * needs the normalizers of those weights, known only after a pass, so it is not part of a pass
 * ({@link Pass#withGram()} is refused) but a read-only job ({@link SoftmaxJobs}).
 *
 * @param spec the network
 */
public record SoftmaxFamily(SoftmaxSpec spec) implements Family {
  public static final String NAME = "softmax2";

  /** A local engine over the blocks of {@code spec} at initialization; x (n x d) is kept. */
  public static LocalEngine localEngine(SoftmaxSpec spec, int numBlocks, double[] x, int n,
      int d) {
    return new LocalEngine(new SoftmaxFamily(spec), numBlocks, new DenseInputs(x, n, d),
        OrderedSum.DEFAULT_FAN_IN);
  }

  /**
   * The spec of a softmax2 engine.
   *
   * @throws IllegalArgumentException when the engine holds another family
   */
  public static SoftmaxSpec specOf(BlockEngine engine) {
    if (!(engine.family() instanceof SoftmaxFamily f)) {
      throw new IllegalArgumentException("not a softmax2 engine: " + engine.family().name());
    }
    return f.spec();
  }

  /**
   * Checks that the engine holds the blocks of {@code spec}.
   *
   * @throws IllegalArgumentException when it holds another family or another network
   */
  public static void requireSpec(BlockEngine engine, SoftmaxSpec spec) {
    SoftmaxSpec held = specOf(engine);
    if (!held.equals(spec)) {
      throw new IllegalArgumentException("the engine holds the network " + held + ", not "
          + spec);
    }
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public long width() {
    return spec.width();
  }

  @Override
  public BlockLayout layout(int numBlocks) {
    return SoftmaxBlock.layout(spec, numBlocks);
  }

  @Override
  public Block initial(Inputs inputs, BlockLayout layout, int b) {
    return SoftmaxBlock.initial(spec, layout, b, ((DenseInputs) inputs).d());
  }

  /**
   * {@link BlockSteps#advance}: the step (a {@link SoftmaxStep}, or none) written into the
   * block's weights, then the sums on all rows or on {@link Pass#evalRows()}.
   */
  @Override
  public Block advance(Block block, Inputs inputs, Update update, Pass pass) {
    if (pass.withGram()) {
      throw new IllegalArgumentException("softmax2 Gram shares are a read-only job at known "
          + "normalizers (SoftmaxJobs.gramShare), not part of a pass");
    }
    DenseInputs in = (DenseInputs) inputs;
    return BlockSteps.advance((SoftmaxBlock) block, spec, in.x(), in.rows(),
        (SoftmaxStep) update, pass.evalRows());
  }

  /** int d, int k, then k * count doubles a, then d * count doubles W, as raw bits. */
  @Override
  public void writeBlock(Block block, DataOutputStream out) throws IOException {
    SoftmaxBlock b = (SoftmaxBlock) block;
    out.writeInt(b.inputDim());
    out.writeInt(b.outputs());
    RawDoubles.write(b.signs(), out);
    RawDoubles.write(b.weights(), out);
  }

  @Override
  public Block readBlock(DataInputStream in, int blockId, long firstNeuron, int count,
      int stepsApplied) throws IOException {
    int d = in.readInt();
    int k = in.readInt();
    if (d < 1 || k != spec.outputs()) {
      throw new IllegalStateException("block " + blockId + " has input dimension " + d
          + " and " + k + " outputs; the network has " + spec.outputs());
    }
    double[] a = RawDoubles.read(in, Math.multiplyExact(k, count));
    double[] w = RawDoubles.read(in, Math.multiplyExact(d, count));
    return SoftmaxBlock.of(blockId, firstNeuron, d, k, stepsApplied, w, a);
  }
}

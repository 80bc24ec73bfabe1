package org.widenet.smooth;

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

/**
 * A smooth2 network's shape and initialization: Z = V phi(W X) with W (width x d0) and
 * V (k x width), both trained (Song et al. Section 5, eq. (15)).
 *
 * @param activation phi
 * @param d0 input dimension
 * @param width d1, the number of hidden neurons
 * @param k outputs (d2 in the paper)
 * @param omega1 standard deviation of the entries of W(0)
 * @param omega2 standard deviation of the entries of V(0)
 * @param seed the seed neuron r's initial weights are drawn from, with r
 *
 * <p>The spec is the smooth2 {@link Family} the engines ({@code train.LocalEngine},
 * {@code spark.SparkEngine}) run: blocks are {@link SmoothBlock}s, shares
 * {@link SmoothPartial}s, updates {@link SmoothStep}s, and the inputs {@link DenseInputs}
 * (X, n x d0).
 */
public record SmoothSpec(SmoothActivation activation, int d0, long width, int k, double omega1,
    double omega2, long seed) implements Family {
  private static final long serialVersionUID = 1L;

  public SmoothSpec {
    if (activation == null) {
      throw new IllegalArgumentException("an activation is required");
    }
    if (d0 < 1 || width < 1 || k < 1) {
      throw new IllegalArgumentException("d0, width and k must be >= 1, got " + d0 + ", "
          + width + ", " + k);
    }
    if (!(omega1 > 0) || !(omega2 > 0) || Double.isInfinite(omega1)
        || Double.isInfinite(omega2)) {
      throw new IllegalArgumentException("omega1 and omega2 must be positive, got " + omega1
          + ", " + omega2);
    }
  }

  /** The name on the command line and in saved files. */
  public static final String NAME = "smooth2";

  @Override
  public String name() {
    return NAME;
  }

  /**
   * Near-equal contiguous blocks ({@link BlockLayout}). Initial weights depend on (seed,
   * neuron) only, so the layout changes only the order partials are summed in.
   */
  @Override
  public BlockLayout layout(int numBlocks) {
    return new BlockLayout(width, numBlocks, false);
  }

  @Override
  public Block initial(Inputs inputs, BlockLayout layout, int b) {
    requireInputs(inputs);
    return SmoothBlock.initial(this, b, layout.start(b), layout.count(b));
  }

  /**
   * {@link SmoothStepper#advance}: the {@link SmoothStep} (none when null) written into the
   * block's w and v arrays, then the forward pass on {@link Pass#evalRows()} (all rows when
   * null), with the Gram shares when {@link Pass#withGram()}.
   */
  @Override
  public Block advance(Block block, Inputs inputs, Update update, Pass pass) {
    DenseInputs in = requireInputs(inputs);
    return SmoothStepper.advance((SmoothBlock) block, this, in.x(), in.rows(),
        (SmoothStep) update, pass.evalRows(), pass.withGram());
  }

  /** int d0, int k, then d0 x count doubles W_b^T, then k x count doubles V_b (raw bits). */
  @Override
  public void writeBlock(Block block, DataOutputStream out) throws IOException {
    SmoothBlock b = (SmoothBlock) block;
    out.writeInt(d0);
    out.writeInt(k);
    RawDoubles.write(b.w(), out);
    RawDoubles.write(b.v(), out);
  }

  @Override
  public Block readBlock(DataInputStream in, int blockId, long firstNeuron, int count,
      int stepsApplied) throws IOException {
    int fileD0 = in.readInt();
    int fileK = in.readInt();
    if (fileD0 != d0 || fileK != k) {
      throw new IllegalStateException("the block holds d0 = " + fileD0 + ", k = " + fileK
          + "; this network has d0 = " + d0 + ", k = " + k);
    }
    double[] w = RawDoubles.read(in, Math.multiplyExact(d0, count));
    double[] v = RawDoubles.read(in, Math.multiplyExact(k, count));
    return new SmoothBlock(blockId, firstNeuron, count, stepsApplied, w, v, null);
  }

  private DenseInputs requireInputs(Inputs inputs) {
    DenseInputs in = (DenseInputs) inputs;
    if (in.d() != d0) {
      throw new IllegalArgumentException("smooth2 inputs must have d0 = " + d0
          + " columns, got " + in.d());
    }
    return in;
  }
}

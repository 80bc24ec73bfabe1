package org.widenet.model;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * The shape and initialization of a two-layer network: everything needed to rebuild any
 * neuron's initial weights without storing them.
 *
 * @param family the model family
 * @param width m, the number of hidden neurons
 * @param initScale kappa (relu2) or sigma (exp2): the standard deviation of each entry of w_r(0)
 * @param seed the seed that, with the neuron index, fixes every initial weight
 * @param symmetricInit Gao et al. Definition 4.3: neurons come in pairs (2k, 2k+1) with equal
 *     w and opposite a, so the network outputs exactly 0 at initialization
 */
public record NetworkSpec(
    ModelFamily family, long width, double initScale, long seed, boolean symmetricInit)
    implements Family {

  public NetworkSpec {
    if (family == null) {
      throw new IllegalArgumentException("model family is required");
    }
    if (width < 1) {
      throw new IllegalArgumentException("--width must be at least 1, got " + width);
    }
    if (symmetricInit && width % 2 != 0) {
      throw new IllegalArgumentException(
          "--symmetric-init pairs neurons, so --width must be even, got " + width);
    }
    if (!(initScale > 0) || Double.isInfinite(initScale)) {
      throw new IllegalArgumentException("--init-scale must be a positive number, got " + initScale);
    }
  }

  /** The output scale c of this network. */
  public double outputScale() {
    return family.outputScale(width);
  }

  @Override
  public String name() {
    return family.cliName();
  }

  /** Pair-aligned when the initialization is symmetric (see {@link BlockLayout#of}). */
  @Override
  public BlockLayout layout(int numBlocks) {
    return BlockLayout.of(this, numBlocks);
  }

  @Override
  public Block initial(Inputs inputs, BlockLayout layout, int b) {
    return NeuronBlock.initial(this, layout, b, ((DenseInputs) inputs).d());
  }

  /**
   * {@link BlockStepper#advanceInPlace}: the step written into the block's weight array. With
   * {@link Pass#evalRows()} the partial holds the outputs of those rows only (the forward pass
   * still covers every row, which the next step's activation mask needs).
   */
  @Override
  public Block advance(Block block, Inputs inputs, Update update, Pass pass) {
    DenseInputs in = (DenseInputs) inputs;
    NeuronBlock next = BlockStepper.advanceInPlace((NeuronBlock) block, this, in.x(),
        in.rows(), (Step) update, pass.withGram());
    return pass.evalRows() == null ? next
        : next.withPartial(next.partial().onRows(pass.evalRows()));
  }

  /**
   * int d, then count doubles a, then d * count doubles W (column j is neuron first + j). A
   * block in the span form writes int -d, int -n, a, then n * count doubles A (W(0) is drawn
   * from the seed again); files of the first span-form build, int -d, int n, a, W(0), A, still
   * read.
   */
  @Override
  public void writeBlock(Block block, DataOutputStream out) throws IOException {
    NeuronBlock b = (NeuronBlock) block;
    if (b.inSpanForm()) {
      out.writeInt(-b.inputDim());
      out.writeInt(-(b.span().length / b.count()));
      RawDoubles.write(b.outputWeights(), out);
      RawDoubles.write(b.span(), out);
      return;
    }
    out.writeInt(b.inputDim());
    RawDoubles.write(b.outputWeights(), out);
    RawDoubles.write(b.weights(), out);
  }

  @Override
  public Block readBlock(DataInputStream in, int blockId, long firstNeuron, int count,
      int stepsApplied) throws IOException {
    int d = in.readInt();
    if (d < 0 && d != Integer.MIN_VALUE) {
      int rows = in.readInt();
      boolean withInitial = rows > 0;
      int n = Math.abs(rows);
      if (n < 1 || rows == Integer.MIN_VALUE) {
        throw new IllegalStateException("training rows " + rows);
      }
      double[] a = RawDoubles.read(in, count);
      if (withInitial) {
        RawDoubles.read(in, Math.multiplyExact(count, -d));
      }
      double[] span = RawDoubles.read(in, Math.multiplyExact(count, n));
      return new NeuronBlock(blockId, firstNeuron, count, -d, stepsApplied, null, a, span, null,
          null, null, null, null);
    }
    if (d < 1) {
      throw new IllegalStateException("input dimension " + d);
    }
    return readWeights(in, blockId, firstNeuron, count, d, stepsApplied);
  }

  /** A span-form block's weights formed ({@link SpanStepper#settle}); others as they are. */
  @Override
  public Block settled(Block block, Inputs inputs) {
    DenseInputs in = (DenseInputs) inputs;
    return SpanStepper.settle((NeuronBlock) block, this, in.x(), in.rows());
  }

  /** Reads count doubles a then d * count doubles W into a block (also 0.1.0's block files). */
  public static NeuronBlock readWeights(DataInputStream in, int blockId, long firstNeuron,
      int count, int d, int stepsApplied) throws IOException {
    double[] a = RawDoubles.read(in, count);
    double[] w = RawDoubles.read(in, Math.multiplyExact(count, d));
    return NeuronBlock.restore(blockId, firstNeuron, d, stepsApplied, w, a);
  }
}

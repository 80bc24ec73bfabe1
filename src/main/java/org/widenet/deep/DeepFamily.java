package org.widenet.deep;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.widenet.model.Block;
import org.widenet.model.BlockLayout;
import org.widenet.model.Inputs;
import org.widenet.model.Pass;
import org.widenet.model.RawDoubles;
import org.widenet.model.Update;
import org.widenet.train.BlockEngine;

/**
 * deep-last on the engines ({@code train.LocalEngine}, {@code spark.SparkEngine}): blocks are
 * row blocks of W_L kept as C_b V^T ({@link DeepBlock}), the inputs are the frozen layers'
 * outputs V and V^T V ({@link DeepInputs}), the update is the Gauss-Newton step g
 * ({@link DeepStep}), and a pass's request is the sketch to build ({@link SketchRequest}, or
 * null). The frozen layers run before the engine ({@link LayerPass}, on the same split:
 * {@link #layout}).
 *
 * @param spec the network
 */
public record DeepFamily(DeepSpec spec) implements LastLayerFamily {
  private static final long serialVersionUID = 1L;
  /** The family's name on the command line and in block files. */
  public static final String NAME = "deep-last";

  public DeepFamily {
    if (spec == null) {
      throw new IllegalArgumentException("spec is null");
    }
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Block initial(Inputs inputs, BlockLayout layout, int b) {
    return DeepBlock.initial(spec, layout, b, ((DeepInputs) inputs).v());
  }

  /** {@link DeepBlock#advance}: the step written into C_b, then the forward pass. */
  @Override
  public Block advance(Block block, Inputs inputs, Update update, Pass pass) {
    return ((DeepBlock) block).advance(spec, update == null ? null : ((DeepStep) update).g(),
        ((DeepInputs) inputs).kv(), pass.withGram(), sketch(pass));
  }

  /** The sketch a pass asks for (null for none); deep-last has outputs on every point only. */
  static SketchRequest sketch(Pass pass) {
    if (pass.evalRows() != null) {
      throw new IllegalArgumentException("deep-last computes its outputs on every training "
          + "point; a pass on some rows is not supported");
    }
    if (pass.request() == null || pass.request() instanceof SketchRequest) {
      return (SketchRequest) pass.request();
    }
    throw new IllegalArgumentException("deep-last passes request a SketchRequest, got "
        + pass.request().getClass().getName());
  }

  /**
   * int n, then count doubles a, then count x n doubles g0 = W_L(0)_b V, then count x n
   * doubles C_b, as raw bits. u is not written: it is a function of C_b, recomputed (the same
   * bits) by the next step or forward pass.
   */
  @Override
  public void writeBlock(Block block, DataOutputStream out) throws IOException {
    DeepBlock b = (DeepBlock) block;
    out.writeInt(b.points());
    RawDoubles.write(b.signs(), out);
    RawDoubles.write(b.initialPreActivations(), out);
    RawDoubles.write(b.coefficients(), out);
  }

  @Override
  public Block readBlock(DataInputStream in, int blockId, long firstNeuron, int count,
      int stepsApplied) throws IOException {
    int n = in.readInt();
    if (n < 1 || (long) count * n > Integer.MAX_VALUE - 8) {
      throw new IllegalStateException("a deep-last block of " + count + " rows on " + n
          + " points");
    }
    double[] a = RawDoubles.read(in, count);
    double[] g0 = RawDoubles.read(in, count * n);
    double[] c = RawDoubles.read(in, count * n);
    return DeepBlock.restore(blockId, firstNeuron, count, n, stepsApplied, a, g0, c);
  }

  /** The frozen layers 1..L-1 in this JVM, on the row blocks the engine will use. */
  public static LayerPass.Result frozenLocally(DeepSpec spec, int numBlocks, SparseColumns x) {
    return LayerPass.run(spec, x, LayerPass.local(spec,
        new DeepFamily(spec).layout(numBlocks)));
  }

  /**
   * G x at the engine's current weights, G = (U U^T) o (V^T V) the exact last-layer Gram: one
   * read-only pass in which every block adds its share where it lives ({@link BlockEngine#reduce},
   * x broadcast once). The engine's family must be a {@link LastLayerFamily}.
   *
   * @param x length n (not modified)
   * @return a new array of length n
   */
  public static double[] gramTimes(BlockEngine engine, double[] x) {
    DeepSpec spec = ((LastLayerFamily) engine.family()).spec();
    return ((DeepPartial) engine.reduce((block, inputs, payload) -> new DeepPartial(
        block.blockId(), ((LastLayerFamily.Rows) block).gramTimes(spec,
            ((DeepInputs) inputs).kv(), (double[]) payload), null, 0, 0, null), x)).f();
  }
}

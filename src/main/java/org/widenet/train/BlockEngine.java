package org.widenet.train;

import org.widenet.model.BlockJob;
import org.widenet.model.BlockPartial;
import org.widenet.model.DenseInputs;
import org.widenet.model.Family;
import org.widenet.model.GramColumns;
import org.widenet.model.GramProducts;
import org.widenet.model.NetworkSpec;
import org.widenet.model.NeuronBlock;
import org.widenet.model.Pass;
import org.widenet.model.Share;
import org.widenet.model.SpanStepper;
import org.widenet.model.Step;
import org.widenet.model.Update;

/**
 * The one seam between a driver loop and the neuron blocks of any {@link Family}, with a local
 * ({@link LocalEngine}) and a Spark implementation ({@code spark.SparkEngine}). One call is one
 * pass over all blocks (one Spark job): {@link #advance} applies the pending update in place and
 * runs the forward pass; {@link #reduce} runs a read-only {@link BlockJob}. Either way the
 * blocks' shares come back merged in {@link OrderedSum} order, so every engine gives the same
 * bits.
 *
 * <p>The default methods are the relu2 and exp2 families' view of the seam (their partials are
 * {@link BlockPartial}s); they work only on engines of a {@link NetworkSpec}.
 */
public interface BlockEngine extends AutoCloseable {

  /** The family whose blocks this engine holds. */
  Family family();

  /** Number of neuron blocks. */
  int numBlocks();

  /**
   * Applies {@code update} to every block (none when null, as at t = 0), then runs every
   * block's forward pass as {@code pass} asks, and merges the blocks' shares.
   *
   * @param iteration the iteration these weights belong to (after the update), for naming and
   *     checkpoint scheduling
   * @return the merge of all blocks' shares, in block-id order (the family's share class)
   */
  Share advance(Update update, Pass pass, int iteration);

  /**
   * Runs {@code job} on every block at the current weights (those of the last
   * {@link #advance}) and merges the shares like advance's. Changes no weights.
   *
   * @param payload broadcast to the blocks for this job (then released), or null
   */
  Share reduce(BlockJob job, Object payload);

  /** Releases cached blocks and any other resources; the engine cannot be used afterwards. */
  @Override
  void close();

  /** relu2/exp2: {@link #advance} with a {@link Step}, all rows, the Gram share if asked. */
  default BlockPartial advance(Step step, boolean withGram, int iteration) {
    return (BlockPartial) advance((Update) step, Pass.of(withGram), iteration);
  }

  /**
   * relu2/exp2: the Jacobian-Gram product H v = J J^T v at the current weights, without
   * forming H: every block computes J_b (J_b^T v) where it lives ({@link GramProducts}) and
   * the n-vectors are merged like advance's partials. One pass over the blocks. H is the
   * matrix the driver forms as (sum_b C_b C_b^T) o (X X^T). Changes no weights.
   *
   * @param v length n (not modified)
   * @return a new array of length n
   */
  default double[] gramTimes(double[] v) {
    NetworkSpec spec = (NetworkSpec) family();
    return ((BlockPartial) reduce((block, inputs, payload) -> {
      DenseInputs in = (DenseInputs) inputs;
      return new BlockPartial(block.blockId(), GramProducts.jacobianGramTimes(
          (NeuronBlock) spec.settled(block, in), spec, in.x(), in.rows(), (double[]) payload),
          null, 0, 0, 0);
    }, v)).u();
  }

  /**
   * relu2/exp2: columns {@code rows} of H = J J^T at the current weights, H[:, S], n x r
   * column-major: every block forms its share (X X_S^T) o (D_b D_b[S, :]^T) where it lives
   * ({@link GramColumns}) and the n x r shares are merged like advance's partials. One pass
   * over the blocks, about 2 n r m flops in all. Changes no weights.
   *
   * @param rows S, distinct indices in [0, n) (not modified)
   * @return a new array of n * rows.length values
   */
  default double[] gramColumns(int[] rows) {
    NetworkSpec spec = (NetworkSpec) family();
    return ((BlockPartial) reduce((block, inputs, payload) -> {
      DenseInputs in = (DenseInputs) inputs;
      return new BlockPartial(block.blockId(), GramColumns.jacobianGramColumns(
          (NeuronBlock) spec.settled(block, in), spec, in.x(), in.rows(), (int[]) payload),
          null, 0, 0, 0);
    }, rows)).u();
  }

  /**
   * relu2/exp2: the network's outputs f(x) = c * sum_b u_b(x) at the current weights on other
   * inputs (a test set, say), computed where the blocks live. Changes no weights.
   *
   * @param x rows x d column-major inputs
   * @throws org.widenet.model.NumericalFaultException when an output overflows (names block,
   *     neuron and row)
   */
  default double[] predict(double[] x, int rows) {
    NetworkSpec spec = (NetworkSpec) family();
    BlockPartial sum = (BlockPartial) reduce((block, inputs, payload) -> {
      DenseInputs other = (DenseInputs) payload;
      DenseInputs train = (DenseInputs) inputs;
      return new BlockPartial(block.blockId(), SpanStepper.outputsOn((NeuronBlock) block, spec,
          train.x(), train.rows(), other.x(), other.rows()), null, 0, 0, 0);
    }, new DenseInputs(x, rows, x.length / Math.max(rows, 1)));
    return OrderedSum.scaledOutputs(sum, spec.outputScale());
  }
}

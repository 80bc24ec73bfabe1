package org.widenet.spark;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.widenet.model.BlockPartial;
import org.widenet.model.BlockStepper;
import org.widenet.model.NetworkSpec;
import org.widenet.model.NeuronBlock;
import org.widenet.train.OrderedSum;

/**
 * Network outputs on a batch of rows, computed where the weights live: the batch is
 * broadcast to the neuron blocks, each block returns its partial, and the driver sums the
 * partials in block order. One job per batch; the weights never move.
 */
public final class BlockPredictions {
  private BlockPredictions() {}

  /**
   * @param x rows x d column-major batch (broadcast, then destroyed)
   * @return f = c * sum_b u_b on the batch, summed in {@link OrderedSum} order
   * @throws org.widenet.model.NumericalFaultException when an output overflows, with the
   *     task's message (names block, neuron and row of the batch)
   */
  public static double[] outputs(JavaSparkContext jsc, JavaRDD<NeuronBlock> blocks,
      NetworkSpec spec, double[] x, int rows, int fanIn) {
    Broadcast<double[]> xb = jsc.broadcast(x);
    try {
      List<BlockPartial> partials = new ArrayList<>(TaskFailures.surfacingNumericalFaults(
          () -> blocks.map(block -> new BlockPartial(block.blockId(),
              BlockStepper.outputsOn(block, spec, xb.value(), rows), null, 0, 0, 0)).collect()));
      partials.sort(Comparator.comparingInt(BlockPartial::firstBlock));
      return OrderedSum.scaledOutputs(OrderedSum.grouped(partials, fanIn), spec.outputScale());
    } finally {
      xb.destroy();
    }
  }
}

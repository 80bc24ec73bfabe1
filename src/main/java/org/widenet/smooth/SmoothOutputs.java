package org.widenet.smooth;

import java.util.ArrayList;
import java.util.List;
import org.widenet.model.Block;
import org.widenet.model.BlockJob;
import org.widenet.model.DenseInputs;
import org.widenet.model.Inputs;
import org.widenet.model.Share;
import org.widenet.train.BlockEngine;
import org.widenet.train.OrderedSum;

/**
 * The read-only smooth2 pass "outputs on other inputs": each block's phi(X W_b^T) V_b^T on the
 * rows of the payload ({@link DenseInputs}, rows x d0), summed in block-id order. Run on an
 * engine's blocks where they live ({@link #predict(BlockEngine, double[], int)}) or on blocks
 * held by the driver ({@link #predict(SmoothSpec, List, double[], int)}), in the same order.
 */
public final class SmoothOutputs implements BlockJob {
  private static final long serialVersionUID = 1L;
  private final SmoothSpec spec;

  public SmoothOutputs(SmoothSpec spec) {
    this.spec = spec;
  }

  @Override
  public Share run(Block block, Inputs inputs, Object payload) {
    DenseInputs other = (DenseInputs) payload;
    return new SmoothPartial(block.blockId(), SmoothStepper.outputsOn((SmoothBlock) block, spec,
        other.x(), other.rows()), null, null, null, 0, 0, 0);
  }

  /**
   * The outputs of the engine's network at its current weights on x (rows x d0 column-major):
   * rows x k column-major. One read-only pass; x is broadcast once.
   */
  public static double[] predict(BlockEngine engine, double[] x, int rows) {
    SmoothSpec spec = (SmoothSpec) engine.family();
    return ((SmoothPartial) engine.reduce(new SmoothOutputs(spec),
        inputs(spec, x, rows))).outputs();
  }

  /** The same outputs from blocks in block order, merged as the engines merge them. */
  public static double[] predict(SmoothSpec spec, List<SmoothBlock> blocks, double[] x,
      int rows) {
    DenseInputs other = inputs(spec, x, rows);
    SmoothOutputs job = new SmoothOutputs(spec);
    List<Share> shares = new ArrayList<>(blocks.size());
    for (SmoothBlock block : blocks) {
      shares.add(job.run(block, null, other));
    }
    return ((SmoothPartial) OrderedSum.grouped(shares, OrderedSum.DEFAULT_FAN_IN)).outputs();
  }

  private static DenseInputs inputs(SmoothSpec spec, double[] x, int rows) {
    if (x.length != (long) rows * spec.d0()) {
      throw new IllegalArgumentException("predict needs rows x d0 = " + rows + " x "
          + spec.d0() + " inputs, got " + x.length + " numbers");
    }
    return new DenseInputs(x, rows, spec.d0());
  }
}

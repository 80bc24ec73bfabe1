package org.widenet.train;

import org.widenet.math.Activation;
import org.widenet.math.PackedSymmetric;
import org.widenet.model.BlockPartial;
import org.widenet.model.NetworkSpec;
import org.widenet.model.Pass;
import org.widenet.model.Share;
import org.widenet.model.Step;
import org.widenet.model.Update;

/**
 * The driver's side of relu2 and exp2 (f = c sum_r a_r phi(w_r . x), one output): outputs
 * c u, updates {@link Step}(v, eta c), and the Gram (sum_b C_b C_b^T) o (X X^T) from the
 * forward pass's packed shares, X X^T formed once (lazily, on the first exact Gram).
 */
public final class ScalarMath implements DriverMath {
  private final NetworkSpec spec;
  private final double[] x;
  private final int n;
  private final int d;
  private final boolean span;
  private double[] xxt;

  /** @param x the training inputs, n x d column-major (kept by reference, not modified) */
  public ScalarMath(NetworkSpec spec, double[] x, int n, int d) {
    this(spec, x, n, d, false);
  }

  /** @param span whether the steps ask blocks to take them in the span form ({@link Step}) */
  public ScalarMath(NetworkSpec spec, double[] x, int n, int d, boolean span) {
    this.spec = spec;
    this.x = x;
    this.n = n;
    this.d = d;
    this.span = span;
  }

  @Override
  public int outputs() {
    return 1;
  }

  @Override
  public Pass forwardPass(boolean withGram) {
    return Pass.of(withGram);
  }

  @Override
  public double[] outputs(Share sum) {
    return OrderedSum.scaledOutputs((BlockPartial) sum, spec.outputScale());
  }

  @Override
  public Movement movement(Share sum) {
    BlockPartial p = (BlockPartial) sum;
    boolean relu = spec.family().activation() == Activation.RELU;
    double pairs = (double) n * spec.width();
    return new Movement(p.maxMove(), Math.sqrt(p.sumSquaredMove()),
        relu ? p.patternChanges() / pairs : Double.NaN);
  }

  /**
   * A mini-batch step is the full-batch kernel with the residual 0 outside the batch, which
   * gives the batch gradient exactly.
   */
  @Override
  public Update update(Share sum, int[] sumRows, double[] v, double eta, int[] batch) {
    double[] s = v;
    if (batch != null) {
      s = new double[n];
      for (int t = 0; t < batch.length; t++) {
        s[batch[t]] = v[t];
      }
    }
    return new Step(s, eta * spec.outputScale(), span);
  }

  @Override
  public double[] exactGram(BlockEngine engine, Share sum) {
    double[] share = ((BlockPartial) sum).gram();
    if (share == null) {
      throw new IllegalStateException("the forward pass carried no Gram share");
    }
    double[] h = new double[share.length];
    PackedSymmetric.hadamard(share, inputGram(), h);
    return h;
  }

  /** Packed X X^T, formed on first use. */
  double[] inputGram() {
    if (xxt == null) {
      xxt = PackedSymmetric.gramOfRows(n, d, x);
    }
    return xxt;
  }

  @Override
  public double[] gramTimes(BlockEngine engine, Share sum, double[] v) {
    return engine.gramTimes(v);
  }

  @Override
  public boolean formsGramColumns() {
    return true;
  }

  /**
   * {@link BlockEngine#gramColumns} in batches of columns, so that one pass's shares (one n x
   * batch array per block) stay under {@link #COLUMN_PASS_DOUBLES} doubles in all.
   */
  @Override
  public double[] gramColumns(BlockEngine engine, Share sum, int[] rows) {
    double[] out = new double[Math.multiplyExact(n, rows.length)];
    int batch = columnsPerPass(n, engine.numBlocks());
    for (int c0 = 0; c0 < rows.length; c0 += batch) {
      int[] part = java.util.Arrays.copyOfRange(rows, c0, Math.min(rows.length, c0 + batch));
      System.arraycopy(engine.gramColumns(part), 0, out, c0 * n, part.length * n);
    }
    return out;
  }

  /** Doubles one column pass may bring back from all blocks together (256 MiB). */
  static final long COLUMN_PASS_DOUBLES = 1L << 25;

  /** Columns per pass for n rows over the given number of blocks: at least 1. */
  static int columnsPerPass(int n, int blocks) {
    return (int) Math.max(1, COLUMN_PASS_DOUBLES / ((long) Math.max(n, 1) * Math.max(blocks, 1)));
  }
}

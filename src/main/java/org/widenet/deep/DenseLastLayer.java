package org.widenet.deep;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.widenet.math.Blas;
import org.widenet.math.PackedGram;
import org.widenet.math.PackedSymmetric;
import org.widenet.model.Block;
import org.widenet.model.BlockLayout;
import org.widenet.model.Inputs;
import org.widenet.model.Pass;
import org.widenet.model.RawDoubles;
import org.widenet.model.Update;

/**
 * The baseline the C V^T form is measured against: row blocks of W_L held dense (count x m),
 * updated every step by W_b -= U_b diag(g) V^T (2 n m count flops) and applied by
 * Z_b = W_b V (2 n m count flops), so an iteration costs O(n m^2) like naive training. For
 * benchmarks and tests only, on the local engine (its blocks hold count x m doubles; they are
 * not registered with Kryo).
 *
 * @param spec the network
 */
public record DenseLastLayer(DeepSpec spec) implements LastLayerFamily {
  private static final long serialVersionUID = 1L;

  @Override
  public String name() {
    return "deep-last-dense";
  }

  /** Rows of W_L(0) generated from the seed. */
  @Override
  public Block initial(Inputs inputs, BlockLayout layout, int b) {
    int m = spec.width();
    long first = layout.start(b);
    int count = layout.count(b);
    double[] w = new double[Math.multiplyExact(count, m)];
    double[] row = new double[m];
    double[] a = new double[count];
    for (int r = 0; r < count; r++) {
      DeepWeights.row(spec, spec.depth(), first + r, row);
      for (int c = 0; c < m; c++) {
        w[r + c * count] = row[c];
      }
      a[r] = DeepWeights.sign(spec, first + r);
    }
    return new Rows(b, first, count, 0, a, w, null, null);
  }

  @Override
  public Block advance(Block block, Inputs inputs, Update update, Pass pass) {
    Rows rows = (Rows) block;
    DeepInputs in = (DeepInputs) inputs;
    double[] v = in.denseV();
    int m = spec.width();
    int n = in.rows();
    int count = rows.count;
    double[] u = rows.u;
    int steps = rows.steps;
    if (update != null) {
      if (u == null) {
        u = new double[count * n];
        forward(rows, v, n, false, null, u);
      }
      double[] step = ((DeepStep) update).g();
      double[] ug = new double[count * n];
      for (int i = 0; i < n; i++) {
        for (int r = 0; r < count; r++) {
          ug[r + i * count] = u[r + i * count] * step[i];
        }
      }
      if (count > 0) {
        Blas.blas().dgemm("N", "T", count, m, n, -1.0, ug, count, v, m, 1.0, rows.w, count);
      }
      steps++;
    }
    double[] uNext = u != null ? u : new double[count * n];
    DeepPartial p = forward(rows, v, n, pass.withGram(), DeepFamily.sketch(pass), uNext);
    return new Rows(rows.blockId, rows.first, count, steps, rows.a, rows.w, uNext, p);
  }

  private DeepPartial forward(Rows rows, double[] v, int n, boolean gram,
      SketchRequest sketch, double[] u) {
    int m = spec.width();
    int count = rows.count;
    double[] z = new double[count * n];
    if (count > 0) {
      Blas.blas().dgemm("N", "N", count, n, m, 1.0, rows.w, count, v, m, 0.0, z, count);
    }
    double tau = spec.tau();
    double scale = spec.scale();
    double shift = spec.shifted() ? tau : 0.0;
    double[] f = new double[n];
    long active = 0;
    for (int i = 0; i < n; i++) {
      for (int r = 0; r < count; r++) {
        double zi = z[r + i * count];
        if (zi > tau) {
          f[i] += rows.a[r] * scale * (zi - shift);
          u[r + i * count] = scale * rows.a[r];
          active++;
        } else {
          u[r + i * count] = 0.0;
        }
      }
    }
    double[] uu = null;
    if (gram) {
      uu = new double[PackedSymmetric.packedLength(n)];
      PackedGram.upperOfColumns(n, count, u, uu, new double[PackedGram.workLength(n)]);
    }
    double[] left = null;
    if (sketch != null) {
      left = new double[sketch.size() * n];
      sketch.sketcher().addLeft(rows.first, count, n, u, left);
    }
    return new DeepPartial(rows.blockId, f, uu, Double.NaN, active, left);
  }

  /** count doubles a, then count x m doubles W_b, as raw bits (u is recomputed). */
  @Override
  public void writeBlock(Block block, DataOutputStream out) throws IOException {
    Rows rows = (Rows) block;
    RawDoubles.write(rows.a, out);
    RawDoubles.write(rows.w, out);
  }

  @Override
  public Block readBlock(DataInputStream in, int blockId, long firstNeuron, int count,
      int stepsApplied) throws IOException {
    double[] a = RawDoubles.read(in, count);
    double[] w = RawDoubles.read(in, Math.multiplyExact(count, spec.width()));
    return new Rows(blockId, firstNeuron, count, stepsApplied, a, w, null, null);
  }

  /** Rows [first, first + count) of W_L, dense; W_b and u are updated in place. */
  public static final class Rows implements LastLayerFamily.Rows {
    private final int blockId;
    private final long first;
    private final int count;
    private final int steps;
    private final double[] a;
    private final double[] w;
    private final double[] u;
    private final transient DeepPartial partial;

    Rows(int blockId, long first, int count, int steps, double[] a, double[] w, double[] u,
        DeepPartial partial) {
      this.blockId = blockId;
      this.first = first;
      this.count = count;
      this.steps = steps;
      this.a = a;
      this.w = w;
      this.u = u;
      this.partial = partial;
    }

    @Override
    public int blockId() {
      return blockId;
    }

    @Override
    public long firstNeuron() {
      return first;
    }

    @Override
    public int count() {
      return count;
    }

    @Override
    public int stepsApplied() {
      return steps;
    }

    @Override
    public DeepPartial partial() {
      return partial;
    }

    /** G x by its definition, sum_j (u_i . u_j)(v_i . v_j) x_j: O(n^2 count). */
    @Override
    public double[] gramTimes(DeepSpec spec, double[] kv, double[] x) {
      if (u == null) {
        throw new IllegalStateException("block " + blockId + ": no forward pass yet");
      }
      int n = x.length;
      double[] out = new double[n];
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
          double uu = 0;
          for (int r = 0; r < count; r++) {
            uu += u[r + i * count] * u[r + j * count];
          }
          out[i] += uu * kv[i + j * n] * x[j];
        }
      }
      return out;
    }
  }
}

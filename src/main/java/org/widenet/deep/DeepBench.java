package org.widenet.deep;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.widenet.train.BlockEngine;
import org.widenet.train.LocalEngine;
import org.widenet.train.OrderedSum;

/**
 * Per-iteration cost of last-layer Gauss-Newton as the width m grows, at fixed n: the exact
 * Gram in C V^T form, the two sketches (without the exact check), and the dense-update
 * baseline ({@link DenseLastLayer}, one block). Runs in this JVM on the local engine, a fresh
 * one per variant; the frozen layers' pass and W_L(0) V are set-up, not timed. The exponent of
 * m is the least-squares slope of log(seconds) on log(m).
 */
public final class DeepBench {
  private DeepBench() {}

  /** Bench settings; widths ascending, the dense variant only up to denseMaxWidth. */
  public record Settings(int depth, double alpha, int[] widths, int denseMaxWidth,
      int sketchSize, int iterations, int blocks, long seed) {}

  /** One measurement: median seconds of a Gauss-Newton iteration (apply, forward, solve). */
  public record Point(String variant, int width, double secondsPerIteration) {}

  public static final List<String> VARIANTS = List.of("exact", "tensorsrht", "tensorsketch",
      "dense");

  public static List<Point> run(Settings s, int n, int d, double[] x, double[] y,
      Consumer<String> log) {
    SparseColumns inputs = LayerPass.inputs(n, d, x);
    // Warm-up: every variant once at the smallest width, untimed, so the JIT has compiled the
    // kernels before the first measured case.
    measure(new Settings(s.depth(), s.alpha(), new int[] {s.widths()[0]}, s.denseMaxWidth(),
        s.sketchSize(), s.iterations(), s.blocks(), s.seed()), inputs, d, y, line -> { });
    return measure(s, inputs, d, y, log);
  }

  private static List<Point> measure(Settings s, SparseColumns inputs, int d, double[] y,
      Consumer<String> log) {
    List<Point> points = new ArrayList<>();
    for (int m : s.widths()) {
      DeepSpec spec = DeepSpec.withAlpha(d, m, s.depth(), s.alpha(), s.seed());
      LayerPass.Result frozen = DeepFamily.frozenLocally(spec, Math.min(s.blocks(), m), inputs);
      DeepInputs deepInputs = new DeepInputs(frozen.v());
      for (String variant : VARIANTS) {
        DeepConfig config = new DeepConfig(s.iterations(), GnMethod.EXACT, 0, 0, 0, false, 1e-10,
            500, s.seed());
        LastLayerFamily family;
        int blocks;
        if (variant.equals("dense")) {
          if (m > s.denseMaxWidth()) {
            continue;
          }
          family = new DenseLastLayer(spec);
          blocks = 1;
        } else {
          family = new DeepFamily(spec);
          blocks = Math.min(s.blocks(), m);
          if (!variant.equals("exact")) {
            config = config.with(GnMethod.parse(variant), s.sketchSize());
          }
        }
        DeepTrainer.Result r;
        try (BlockEngine e = new LocalEngine(family, blocks, deepInputs,
            OrderedSum.DEFAULT_FAN_IN)) {
          r = DeepTrainer.train(e, deepInputs, y, config, rec -> { });
        }
        double seconds = median(r.records());
        points.add(new Point(variant, m, seconds));
        log.accept(String.format(java.util.Locale.ROOT, "deep bench: %-12s m=%-7d %.6f s/it",
            variant, m, seconds));
      }
    }
    return points;
  }

  /** Median seconds of the iterations that applied a step and solved (1 .. T-1). */
  static double median(List<DeepRecord> records) {
    int from = records.size() > 2 ? 1 : 0;
    int to = records.size() > 2 ? records.size() - 1 : records.size();
    double[] s = new double[to - from];
    for (int i = from; i < to; i++) {
      s[i - from] = records.get(i).seconds();
    }
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : 0.5 * (s[s.length / 2 - 1] + s[s.length / 2]);
  }

  /** The least-squares slope of log(seconds) on log(m) over a variant's points (NaN if &lt; 2). */
  public static double exponent(List<Point> points, String variant) {
    List<double[]> xy = new ArrayList<>();
    for (Point p : points) {
      if (p.variant().equals(variant) && p.secondsPerIteration() > 0) {
        xy.add(new double[] {Math.log(p.width()), Math.log(p.secondsPerIteration())});
      }
    }
    if (xy.size() < 2) {
      return Double.NaN;
    }
    double mx = 0;
    double my = 0;
    for (double[] p : xy) {
      mx += p[0];
      my += p[1];
    }
    mx /= xy.size();
    my /= xy.size();
    double sxy = 0;
    double sxx = 0;
    for (double[] p : xy) {
      sxy += (p[0] - mx) * (p[1] - my);
      sxx += (p[0] - mx) * (p[0] - mx);
    }
    return sxy / sxx;
  }
}

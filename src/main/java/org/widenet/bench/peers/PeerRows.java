package org.widenet.bench.peers;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.widenet.bench.BenchCase;
import org.widenet.bench.BenchCase.Kind;
import org.widenet.bench.BenchResult;
import org.widenet.bench.Timing;

/**
 * Turns peer measurements into bench rows (the same columns as widenet's own, so bench.csv and
 * bench.json hold both) and into the summary's comparison lines. A peer row's flops are
 * widenet's count for the same step (4 n d m for GD, 2 n d m + n (n + 1) m for the Gram), and
 * its blas_gflops is the rate widenet's own row of that shape is compared with, so the two
 * blas_ratio figures read on the same scale. Peers report no kernel split.
 */
public final class PeerRows {
  /** Spark MLlib's MultilayerPerceptronClassifier, per gradient-descent iteration. */
  public static final String MLLIB = "peer-mllib-mlp";
  /** benchmarks/numpy_peer.py --op gd. */
  public static final String NUMPY_GD = "peer-numpy-gd";
  /** benchmarks/numpy_peer.py --op gram. */
  public static final String NUMPY_GRAM = "peer-numpy-gram";
  /** widenet's own row names the peers are compared with. */
  static final String WIDENET_GD = "relu2-gd";
  static final String WIDENET_GRAM = "relu2-gram";

  private PeerRows() {}

  /** The peer case of {@code name} on the shape of {@code c}. */
  public static BenchCase peerCase(String name, BenchCase c) {
    Kind kind = name.equals(NUMPY_GRAM) ? Kind.GRAM : Kind.GD;
    return new BenchCase(name, kind, c.n(), c.d(), c.m(), true);
  }

  /** Iteration times as a summary with no split (every part NaN). */
  static Timing.Summary summary(List<Double> seconds) {
    List<Timing.Sample> samples = new ArrayList<>();
    for (double s : seconds) {
      samples.add(new Timing.Sample(s, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
          Double.NaN, Double.NaN));
    }
    return Timing.summarize(samples);
  }

  /**
   * Seconds per iteration from the end times of consecutive gradient jobs: iteration k's time
   * is end[k] - end[k - 1], for k = warmup, ..., size - 1 (the first {@code warmup} iterations
   * are not timed; the first has no start of its own).
   *
   * @throws IllegalArgumentException when warmup is below 1
   */
  public static List<Double> iterationSeconds(List<Long> endMillis, int warmup) {
    if (warmup < 1) {
      throw new IllegalArgumentException("warmup must be at least 1, got " + warmup);
    }
    List<Double> seconds = new ArrayList<>();
    for (int k = warmup; k < endMillis.size(); k++) {
      seconds.add((endMillis.get(k) - endMillis.get(k - 1)) / 1e3);
    }
    return seconds;
  }

  /** The NumPy peer's row. */
  public static BenchResult numpy(BenchCase peer, NumpyPeer.Outcome o, int warmup, int threads,
      double blasRate) {
    if (o.result() == null) {
      return BenchResult.notRun(peer, o.reason(), "numpy", 1, threads, warmup, "");
    }
    NumpyResult r = o.result();
    String engine = String.format(Locale.ROOT, "numpy %s (%s)", r.numpy(), r.blas());
    String note = String.format(Locale.ROOT, "one Python process, OPENBLAS_NUM_THREADS=%s, "
        + "%d neurons per chunk%s", r.threads(), r.chunk(), r.peakRssBytes() < 0 ? ""
        : String.format(Locale.ROOT, ", peak RSS %d MiB", r.peakRssBytes() >> 20));
    return new BenchResult(peer, "ok", engine, 1, threads, warmup, summary(r.times()),
        r.setupSeconds(), blasRate, -1, -1, note, -1);
  }

  /**
   * MLlib's row from a fit of warmup + iterations gradient-descent iterations.
   *
   * @param engine e.g. "spark local[*]"
   */
  public static BenchResult mllib(BenchCase peer, MllibPeer.Outcome o, int warmup,
      int iterations, String engine, double blasRate) {
    // The engine label without what only widenet's engine does (", resident tasks").
    String what = "spark mllib " + engine.replaceFirst("^spark ", "")
        .replaceFirst(", resident tasks$", "");
    if (o.fit() == null) {
      return BenchResult.notRun(peer, o.reason(), what, 0, 0, warmup, "");
    }
    MllibPeer.Fit fit = o.fit();
    List<Double> seconds = iterationSeconds(fit.jobEndMillis(), warmup);
    if (seconds.size() < iterations) {
      return BenchResult.notRun(peer, String.format(Locale.ROOT, "failed: MLlib ran %d "
          + "gradient jobs, expected %d", fit.jobEndMillis().size(), warmup + iterations), what,
          fit.partitions(), fit.partitions(), warmup, "");
    }
    seconds = seconds.subList(0, iterations);
    double timed = seconds.stream().mapToDouble(Double::doubleValue).sum();
    String note = String.format(Locale.ROOT, "MultilayerPerceptronClassifier layers [%d, %d, 2]"
        + ", solver gd, sigmoid hidden layer; iteration = gap between consecutive gradient-job "
        + "ends; %d weights (%.1f MB) broadcast and %d gradients of that size returned per "
        + "iteration; fit %.1f s in all", peer.d(), peer.m(), fit.weights(),
        8e-6 * fit.weights(), fit.partitions(), fit.fitSeconds());
    return new BenchResult(peer, "ok", what, fit.partitions(), fit.partitions(), warmup,
        summary(seconds), fit.fitSeconds() - timed, blasRate, fit.peakHeapBytes(), -1, note,
        fit.shippedBytes()).withTraffic(fit.trafficPerIteration(warmup, iterations));
  }

  /**
   * One line per peer row: how widenet's row of the same shape compares with it, or why the
   * peer did not run.
   */
  public static List<String> comparisons(List<BenchResult> results) {
    List<String> lines = new ArrayList<>();
    for (BenchResult p : results) {
      String name = p.bench().name();
      if (!name.startsWith("peer-")) {
        continue;
      }
      BenchCase c = p.bench();
      String twin = NumpyFamilyPeer.widenetName(name);
      String ours = twin != null ? twin : name.equals(NUMPY_GRAM) ? WIDENET_GRAM : WIDENET_GD;
      String shape = String.format(Locale.ROOT, "m=%d (n=%d, d=%d)", c.m(), c.n(), c.d());
      String peer = name.equals(MLLIB) ? "MLlib MLP" : "numpy";
      BenchResult w = widenet(results, ours, c);
      if (!p.ok()) {
        lines.add(String.format(Locale.ROOT, "%s %s at %s: %s", peer,
            twin != null ? twin : name.equals(NUMPY_GRAM) ? "gram" : "gd", shape, p.status()));
        continue;
      }
      if (w == null) {
        lines.add(String.format(Locale.ROOT, "%s at %s: %.4g s per iteration (no widenet %s row "
            + "of that shape to compare)", name, shape, p.timing().median(), ours));
        continue;
      }
      double ratio = p.timing().median() / w.timing().median();
      String faster = ratio >= 1 ? String.format(Locale.ROOT, "%.2f times faster than", ratio)
          : String.format(Locale.ROOT, "%.2f times slower than", 1 / ratio);
      String line;
      if (name.equals(MLLIB)) {
        line = String.format(Locale.ROOT, "widenet %s is %s MLlib MLP per iteration at %s: "
            + "%.4g s vs %.4g s", ours, faster, shape, w.timing().median(),
            p.timing().median());
        if (p.shippedBytes() >= 0) {
          line += String.format(Locale.ROOT, "; MLlib ships %s per iteration", bytes(
              p.shippedBytes()));
          if (w.shippedBytes() >= 0) {
            line += ", widenet " + bytes(w.shippedBytes());
          }
        }
        if (p.traffic() != null && w.traffic() != null) {
          line += String.format(Locale.ROOT, "; measured by Spark: MLlib moves %s per "
              + "iteration, widenet %s", bytes(Math.round(p.traffic().total())),
              bytes(Math.round(w.traffic().total())));
        }
      } else {
        line = String.format(Locale.ROOT, "widenet vs numpy: %s is %s numpy at %s: %.4g s vs "
            + "%.4g s per iteration, %.3g vs %.3g GFLOP/s (BLAS ratio %.2f vs %.2f)", ours,
            faster, shape, w.timing().median(), p.timing().median(), w.gflops(), p.gflops(),
            w.blasRatio(), p.blasRatio());
      }
      lines.add(line);
    }
    return lines;
  }

  private static BenchResult widenet(List<BenchResult> results, String name, BenchCase c) {
    for (BenchResult r : results) {
      BenchCase b = r.bench();
      if (r.ok() && b.name().equals(name) && b.n() == c.n() && b.d() == c.d()
          && b.m() == c.m()) {
        return r;
      }
    }
    return null;
  }

  private static String bytes(long b) {
    if (b >= 1L << 30) {
      return String.format(Locale.ROOT, "%.2f GiB", b / (double) (1L << 30));
    }
    if (b >= 1L << 20) {
      return String.format(Locale.ROOT, "%.1f MiB", b / (double) (1L << 20));
    }
    return String.format(Locale.ROOT, "%.1f KiB", b / 1024.0);
  }
}

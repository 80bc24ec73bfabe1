package org.widenet.bench.peers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.widenet.bench.BenchCase;
import org.widenet.bench.BenchCase.Kind;
import org.widenet.bench.BenchCase.Net;
import org.widenet.bench.BenchResult;
import org.widenet.bench.CaseRunner;
import org.widenet.data.Dataset;

/**
 * Runs benchmarks/numpy_families.py, the NumPy twins of exp2, softmax2, smooth2 and deep-last,
 * with python3: X and Y go to the script as a float64 file, its JSON comes back as a {@link
 * NumpyResult} (the same record as {@link NumpyPeer}'s). BLAS threads are set to {@code
 * threads} for it. A missing python3, NumPy or script, a time-out or a failure comes back as a
 * {@link NumpyPeer.Outcome} with a reason, never thrown (but {@link #check} throws).
 *
 * <p>In the bench ({@code --peers}) every exp2-gd, softmax2-gd, smooth2-gd and deep-last-gn
 * case gets a {@code peer-numpy-<family>} row of its shape, with the bench's settings (the
 * script's defaults: its step sizes, k = 10 one-hot classes for softmax2, He for smooth2,
 * alpha = 0.1 and damping 1e-6 for deep-last) and widenet's flop count for that case.
 */
public final class NumpyFamilyPeer {
  /** The script's path relative to the repository root. */
  public static final String SCRIPT = "benchmarks/numpy_families.py";

  private final ScriptProcess process;

  /**
   * @param script the script, or null when it was not found (every run is then skipped)
   * @param threads BLAS threads for the script
   * @param limitSeconds wall-time limit of one run, after which it is killed and skipped
   */
  public NumpyFamilyPeer(String python, Path script, int threads, double limitSeconds) {
    this.process = new ScriptProcess(python, script, SCRIPT, threads, limitSeconds);
  }

  /** The families with a twin, and the kind of step the bench times for each. */
  private static final Map<Net, Kind> TWINS = Map.of(Net.EXP2, Kind.GD, Net.SOFTMAX2, Kind.GD,
      Net.SMOOTH2, Kind.GD, Net.DEEP_LAST, Kind.GN);
  private static final String PREFIX = "peer-numpy-";

  /** The twin's row for widenet's case {@code c}, or null when the case has none. */
  public static BenchCase peerCase(BenchCase c) {
    Kind kind = TWINS.get(c.net());
    if (kind == null || c.kind() != kind || !c.name().equals(widenetName(c.net()))
        || (c.net() == Net.DEEP_LAST && c.deepAlpha() != BenchCase.DEEP_ALPHA)) {
      // the deep-last twin runs at the bench's default alpha only
      return null;
    }
    return new BenchCase(PREFIX + c.net().cliName(), kind, c.n(), c.d(), c.m(), true, c.net());
  }

  /** Whether {@code peer} is a twin's row. */
  public static boolean covers(BenchCase peer) {
    return TWINS.containsKey(peer.net()) && peer.name().equals(PREFIX + peer.net().cliName());
  }

  /** The name of widenet's row a twin's row is compared with, or null for other rows. */
  public static String widenetName(String peerName) {
    for (Net net : TWINS.keySet()) {
      if (peerName.equals(PREFIX + net.cliName())) {
        return widenetName(net);
      }
    }
    return null;
  }

  private static String widenetName(Net net) {
    return BenchCase.of(net, TWINS.get(net), 1, 1, 1).name();
  }

  /**
   * The twin's bench row: times it on the case's data ({@link CaseRunner#data}; softmax2: ten
   * one-hot classes drawn with seed 2, as the bench's own case), with the BLAS reference rate
   * of widenet's case of that shape.
   */
  public BenchResult row(BenchCase peer, CaseRunner widenet, int warmup, int iterations) {
    Dataset data = CaseRunner.data(peer);
    double[] y = data.y();
    if (peer.net() == Net.SOFTMAX2) {
      SplittableRandom random = new SplittableRandom(2L);
      y = new double[data.n() * BenchCase.SOFTMAX_K];
      for (int i = 0; i < data.n(); i++) {
        y[random.nextInt(BenchCase.SOFTMAX_K) * data.n() + i] = 1.0;
      }
    }
    BenchCase ours = BenchCase.of(peer.net(), peer.kind(), peer.n(), peer.d(), peer.m());
    return PeerRows.numpy(peer, time(peer.net().cliName(), data.x(), y, data.n(), data.d(),
        peer.m(), warmup, iterations), warmup, process.threads(), widenet.blasRate(ours));
  }

  /** The script next to {@link NumpyPeer#findScript()}'s, or null when there is none. */
  public static Path findScript() {
    Path relu2 = NumpyPeer.findScript();
    Path here = relu2 == null ? Path.of(SCRIPT).toAbsolutePath()
        : relu2.resolveSibling(Path.of(SCRIPT).getFileName());
    return Files.isRegularFile(here) ? here : null;
  }

  /**
   * Times {@code family}'s iteration at width m on X (n x d) and Y (n x k, column-major), the
   * weights drawn by the script from its seed: warmup untimed iterations, then {@code
   * iterations} timed ones.
   */
  public NumpyPeer.Outcome time(String family, double[] x, double[] y, int n, int d, long m,
      int warmup, int iterations) {
    return run(family, x, y, n, d, m, null, List.of("--seed", "0", "--warmup",
        String.valueOf(warmup), "--iterations", String.valueOf(iterations)));
  }

  /**
   * The script's --check mode from the given initial weights (the layout its --help gives for
   * the family): {@code steps} iterations, then the losses (steps + 1), the trained weights and
   * F (n x k).
   *
   * @param extra more arguments, e.g. "--eta", "0.01"
   * @throws IllegalStateException when the script does not run or fails
   */
  public double[] check(String family, double[] x, double[] y, int n, int d, long m,
      double[] weights, int steps, List<String> extra) throws IOException {
    List<String> tail = new ArrayList<>(List.of("--iterations", String.valueOf(steps)));
    tail.addAll(extra);
    return process.check(ScriptProcess.concat(x, y), head(family, n, d, m, y.length / n),
        weights, tail);
  }

  private NumpyPeer.Outcome run(String family, double[] x, double[] y, int n, int d, long m,
      Path weights, List<String> args) {
    return process.run(ScriptProcess.concat(x, y), head(family, n, d, m, y.length / n),
        weights, args);
  }

  private static List<String> head(String family, int n, int d, long m, int k) {
    return List.of("--family", family, "--n", String.valueOf(n), "--d", String.valueOf(d),
        "--m", String.valueOf(m), "--k", String.valueOf(k));
  }
}

package org.widenet.bench.peers;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
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

  private final String python;
  private final Path script;
  private final int threads;
  private final double limitSeconds;

  /**
   * @param script the script, or null when it was not found (every run is then skipped)
   * @param threads BLAS threads for the script
   * @param limitSeconds wall-time limit of one run, after which it is killed and skipped
   */
  public NumpyFamilyPeer(String python, Path script, int threads, double limitSeconds) {
    this.python = python;
    this.script = script;
    this.threads = threads;
    this.limitSeconds = limitSeconds;
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
        peer.m(), warmup, iterations), warmup, threads, widenet.blasRate(ours));
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
    Path dir = Files.createTempDirectory("widenet-numpy-family");
    try {
      Path w = dir.resolve("weights.f64");
      Path out = dir.resolve("out.f64");
      NumpyPeer.writeDoubles(w, weights);
      List<String> args = new ArrayList<>(List.of("--iterations", String.valueOf(steps),
          "--check", out.toString()));
      args.addAll(extra);
      NumpyPeer.Outcome o = run(family, x, y, n, d, m, w, args);
      if (o.result() == null) {
        throw new IllegalStateException("numpy check did not run: " + o.reason());
      }
      ByteBuffer buf = ByteBuffer.wrap(Files.readAllBytes(out)).order(ByteOrder.LITTLE_ENDIAN);
      double[] values = new double[buf.remaining() / 8];
      buf.asDoubleBuffer().get(values);
      return values;
    } finally {
      deleteAll(dir);
    }
  }

  private NumpyPeer.Outcome run(String family, double[] x, double[] y, int n, int d, long m,
      Path weights, List<String> args) {
    if (script == null) {
      return new NumpyPeer.Outcome(null, "skipped: " + SCRIPT + " not found next to the "
          + "widenet jar or under the working directory");
    }
    Path dir = null;
    try {
      dir = Files.createTempDirectory("widenet-numpy-family");
      Path data = dir.resolve("data.f64");
      double[] xy = new double[x.length + y.length];
      System.arraycopy(x, 0, xy, 0, x.length);
      System.arraycopy(y, 0, xy, x.length, y.length);
      NumpyPeer.writeDoubles(data, xy);
      List<String> command = new ArrayList<>(List.of(python, script.toString(), "--family",
          family, "--n", String.valueOf(n), "--d", String.valueOf(d), "--m", String.valueOf(m),
          "--k", String.valueOf(y.length / n), "--data", data.toString()));
      if (weights != null) {
        command.addAll(List.of("--weights", weights.toString()));
      }
      command.addAll(args);
      ProcessBuilder pb = new ProcessBuilder(command);
      Map<String, String> env = pb.environment();
      for (String key : List.of("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")) {
        env.put(key, String.valueOf(threads));
      }
      Path stdout = dir.resolve("stdout");
      Path stderr = dir.resolve("stderr");
      pb.redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
      Process process;
      try {
        process = pb.start();
      } catch (IOException e) {
        return new NumpyPeer.Outcome(null, "skipped: cannot run " + python + ": "
            + e.getMessage());
      }
      if (!process.waitFor((long) (limitSeconds * 1000), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor();
        return new NumpyPeer.Outcome(null, String.format(Locale.ROOT, "skipped: over the "
            + "numpy peer's time limit of %.0f s", limitSeconds));
      }
      String err = Files.readString(stderr, StandardCharsets.UTF_8).strip();
      if (process.exitValue() != 0) {
        String last = err.lines().reduce((a, b) -> b).orElse("");
        return new NumpyPeer.Outcome(null, "failed: " + python + " " + SCRIPT + " exited with "
            + process.exitValue() + (last.isEmpty() ? "" : ": " + last));
      }
      NumpyResult result = NumpyResult.parse(Files.readString(stdout, StandardCharsets.UTF_8));
      return result.status().equals("ok") ? new NumpyPeer.Outcome(result, null)
          : new NumpyPeer.Outcome(null, result.status());
    } catch (IOException | IllegalArgumentException e) {
      return new NumpyPeer.Outcome(null, "failed: numpy peer: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new NumpyPeer.Outcome(null, "failed: interrupted");
    } finally {
      deleteAll(dir);
    }
  }

  private static void deleteAll(Path dir) {
    if (dir == null) {
      return;
    }
    try (var files = Files.list(dir)) {
      for (Path p : files.toList()) {
        Files.deleteIfExists(p);
      }
      Files.deleteIfExists(dir);
    } catch (IOException e) {
      // a leftover temporary file is not worth failing over
    }
  }
}

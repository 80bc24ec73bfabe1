package org.widenet.bench.peers;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.List;
import org.widenet.data.Dataset;

/**
 * Runs benchmarks/numpy_peer.py with python3 on widenet's own data: X and y go to the script as a
 * float64 file (the weights it draws itself from the seed, the same distribution as widenet's
 * initialization), and its JSON comes back as a {@link NumpyResult}. The script gets all cores:
 * OPENBLAS_NUM_THREADS (and OMP_ / MKL_NUM_THREADS) are set to {@code threads} for it, whatever
 * widenet's own setting. A missing python3, NumPy or script, a time-out or a failure comes back
 * as an {@link Outcome} with a reason, never thrown.
 */
public final class NumpyPeer {
  /** The script's path relative to the repository root. */
  public static final String SCRIPT = "benchmarks/numpy_peer.py";

  private final ScriptProcess process;

  /**
   * @param python the interpreter to run ("python3")
   * @param script the script, or null when it was not found (every run is then skipped)
   * @param threads BLAS threads for the script
   * @param limitSeconds wall-time limit of one run, after which it is killed and skipped
   */
  public NumpyPeer(String python, Path script, int threads, double limitSeconds) {
    this.process = new ScriptProcess(python, script, SCRIPT, threads, limitSeconds);
  }

  /**
   * A run's result, or why there is none: {@code result} null and {@code reason} a report status,
   * "skipped: why" (no python3, NumPy or script; not enough memory; over the time limit) or
   * "failed: why".
   */
  public record Outcome(NumpyResult result, String reason) {
    static Outcome no(String reason) {
      return new Outcome(null, reason);
    }
  }

  /**
   * The script in the repository that holds the running widenet: two directories above the jar
   * or the classes directory (target/), else under the working directory; null when neither.
   */
  public static Path findScript() {
    try {
      CodeSource source = NumpyPeer.class.getProtectionDomain().getCodeSource();
      if (source != null) {
        Path target = Path.of(source.getLocation().toURI()).getParent();
        if (target != null && target.getParent() != null) {
          Path candidate = target.getParent().resolve(SCRIPT);
          if (Files.isRegularFile(candidate)) {
            return candidate;
          }
        }
      }
    } catch (URISyntaxException | RuntimeException e) {
      // fall through to the working directory
    }
    Path here = Path.of(SCRIPT).toAbsolutePath();
    return Files.isRegularFile(here) ? here : null;
  }

  /**
   * Times {@code op} ("gd" or "gram") at width m on the data: warmup untimed iterations, then
   * {@code iterations} timed ones.
   */
  public Outcome time(String op, Dataset data, long m, int warmup, int iterations) {
    List<String> args = List.of("--op", op, "--m", String.valueOf(m), "--seed", "0",
        "--warmup", String.valueOf(warmup), "--iterations", String.valueOf(iterations));
    return run(data, null, args);
  }

  /**
   * Runs the script's --check mode from the given weights (d x m column-major, and the m output
   * signs) and returns what it wrote. For "gd": {@code steps} GD steps after the first forward
   * pass, then W after the steps (d m doubles, column-major) and u = relu(X W) a (n doubles).
   * For "gram": H = (C C^T) o (X X^T) at the given weights (n x n), then u.
   *
   * @throws IllegalStateException when the script does not run or fails
   */
  public double[] check(String op, Dataset data, double[] w, double[] a, int steps)
      throws IOException {
    return process.check(data(data), head(data), ScriptProcess.concat(w, a), List.of("--op",
        op, "--m", String.valueOf(a.length), "--iterations", String.valueOf(steps)));
  }

  private Outcome run(Dataset data, Path weights, List<String> args) {
    return process.run(data(data), head(data), weights, args);
  }

  private static double[] data(Dataset data) {
    return ScriptProcess.concat(data.x(), data.y());
  }

  private static List<String> head(Dataset data) {
    return List.of("--n", String.valueOf(data.n()), "--d", String.valueOf(data.d()));
  }
}

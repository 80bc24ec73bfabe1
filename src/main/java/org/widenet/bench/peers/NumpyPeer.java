package org.widenet.bench.peers;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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

  private final String python;
  private final Path script;
  private final int threads;
  private final double limitSeconds;

  /**
   * @param python the interpreter to run ("python3")
   * @param script the script, or null when it was not found (every run is then skipped)
   * @param threads BLAS threads for the script
   * @param limitSeconds wall-time limit of one run, after which it is killed and skipped
   */
  public NumpyPeer(String python, Path script, int threads, double limitSeconds) {
    this.python = python;
    this.script = script;
    this.threads = threads;
    this.limitSeconds = limitSeconds;
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
    Path dir = Files.createTempDirectory("widenet-numpy-check");
    try {
      Path weights = dir.resolve("weights.f64");
      Path out = dir.resolve("out.f64");
      double[] both = new double[w.length + a.length];
      System.arraycopy(w, 0, both, 0, w.length);
      System.arraycopy(a, 0, both, w.length, a.length);
      writeDoubles(weights, both);
      Outcome o = run(data, weights, List.of("--op", op, "--m", String.valueOf(a.length),
          "--iterations", String.valueOf(steps), "--check", out.toString()));
      if (o.result() == null || !o.result().status().equals("ok")) {
        throw new IllegalStateException("numpy check did not run: "
            + (o.result() == null ? o.reason() : o.result().status()));
      }
      ByteBuffer buf = ByteBuffer.wrap(Files.readAllBytes(out)).order(ByteOrder.LITTLE_ENDIAN);
      double[] values = new double[buf.remaining() / 8];
      buf.asDoubleBuffer().get(values);
      return values;
    } finally {
      try (var files = Files.list(dir)) {
        for (Path p : files.toList()) {
          Files.deleteIfExists(p);
        }
      }
      Files.deleteIfExists(dir);
    }
  }

  private Outcome run(Dataset data, Path weights, List<String> args) {
    if (script == null) {
      return Outcome.no("skipped: " + SCRIPT + " not found next to the widenet jar "
          + "or under the working directory");
    }
    Path dir;
    try {
      dir = Files.createTempDirectory("widenet-numpy-peer");
    } catch (IOException e) {
      return Outcome.no("skipped: cannot make a temporary directory: "
          + e.getMessage());
    }
    try {
      Path dataFile = dir.resolve("data.f64");
      double[] xy = new double[data.x().length + data.n()];
      System.arraycopy(data.x(), 0, xy, 0, data.x().length);
      System.arraycopy(data.y(), 0, xy, data.x().length, data.n());
      writeDoubles(dataFile, xy);
      List<String> command = new ArrayList<>(List.of(python, script.toString(), "--n",
          String.valueOf(data.n()), "--d", String.valueOf(data.d()), "--data",
          dataFile.toString()));
      if (weights != null) {
        command.add("--weights");
        command.add(weights.toString());
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
        return Outcome.no("skipped: cannot run " + python + ": " + e.getMessage());
      }
      boolean done = process.waitFor((long) (limitSeconds * 1000), TimeUnit.MILLISECONDS);
      if (!done) {
        process.destroyForcibly().waitFor();
        return Outcome.no(String.format(Locale.ROOT, "skipped: over the numpy peer's time "
            + "limit of %.0f s", limitSeconds));
      }
      String out = Files.readString(stdout, StandardCharsets.UTF_8);
      String err = Files.readString(stderr, StandardCharsets.UTF_8).strip();
      if (process.exitValue() != 0) {
        String last = err.isEmpty() ? "" : err.lines().reduce((x, y) -> y).orElse("");
        if (last.contains("No module named") && last.contains("numpy")) {
          return Outcome.no("skipped: numpy is not installed for " + python);
        }
        return Outcome.no("failed: " + python + " " + SCRIPT + " exited with "
            + process.exitValue() + (last.isEmpty() ? "" : ": " + last));
      }
      NumpyResult result = NumpyResult.parse(out);
      if (!result.status().equals("ok")) {
        return Outcome.no(result.status());
      }
      return new Outcome(result, null);
    } catch (IOException | IllegalArgumentException e) {
      return Outcome.no("failed: numpy peer: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Outcome.no("failed: interrupted");
    } finally {
      try (var files = Files.list(dir)) {
        for (Path p : files.toList()) {
          Files.deleteIfExists(p);
        }
        Files.deleteIfExists(dir);
      } catch (IOException e) {
        // a leftover temporary file is not worth failing the bench over
      }
    }
  }

  /** Writes the values as little-endian float64. */
  static void writeDoubles(Path file, double[] values) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE,
        StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
      ByteBuffer buf = ByteBuffer.allocate(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
      for (double v : values) {
        if (!buf.hasRemaining()) {
          buf.flip();
          while (buf.hasRemaining()) {
            ch.write(buf);
          }
          buf.clear();
        }
        buf.putDouble(v);
      }
      buf.flip();
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
    }
  }
}
